// Embedding wageflow as a library: open a fast-track wage case, advance it,
// and print its deadlines and audit trail.
//
//   embed_example WORKFLOWS_DIR DATABASE_FILE
//
// Exits 0 when every step did what it should and the audit chain verifies.
#include <iostream>
#include <string>

#include "engine/runtime/case_service.h"
#include "engine/runtime/folder_definitions.h"
#include "storage/storage.h"

using namespace wageflow;

namespace {

Instant china_time(const char* text) {
  return *parse_instant(text, 8 * 60);
}

bool check(const CommandResult& result, const char* what) {
  if (result.status != CommandResult::Status::kDone) {
    std::cerr << what << " failed: " << result.message << "\n";
    return false;
  }
  std::cout << what << " -> " << result.answer << "\n";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: embed_example WORKFLOWS_DIR DATABASE_FILE\n";
    return 2;
  }
  try {
    std::unique_ptr<Store> store = open_store(argv[2]);
    FolderDefinitionSource definitions(argv[1]);
    CaseService service(*store, definitions);

    Command open{Command::Kind::kOpen,
                 "王书记员",
                 "intake_clerk",
                 "",
                 {{"worker_name", "李四"},
                  {"employer", "长春市某建筑劳务有限公司"},
                  {"region", "长春市"},
                  {"claim_amount", "18600"}},
                 ""};
    CommandResult opened =
        service.open("wage-arbitration-fasttrack", open, china_time("2025-01-24T09:30:00+08:00"));
    if (!check(opened, "open")) return 1;
    const std::string id = opened.case_id;

    Command accept{Command::Kind::kFire, "王书记员", "intake_clerk", "accept", {}, ""};
    if (!check(service.apply(id, accept, china_time("2025-01-27T10:00:00+08:00")), "accept")) {
      return 1;
    }

    Result<CaseService::LoadedCase> loaded = service.load(id);
    if (!loaded) {
      std::cerr << loaded.error() << "\n";
      return 1;
    }
    const Definition& definition = *loaded->definition;
    std::cout << "case " << id << " is in state "
              << definition.states[loaded->snapshot.state].label.get("zh") << "\n";
    for (const TimerState& timer : loaded->snapshot.timers) {
      std::cout << "  timer " << definition.timers[timer.timer].name << " ("
                << timer_status_name(timer.status) << ")"
                << (timer.due_date ? " due " + timer.due_date->to_string() : "") << "\n"
                << "    " << timer.explanation << "\n";
    }
    std::cout << "audit trail:\n";
    for (const StoredAuditRecord& r : store->audit_log(id)) {
      std::cout << "  " << r.seq << " " << format_utc(r.record.at) << " " << r.record.kind << " "
                << r.record.event << " " << r.record.from_state << " -> " << r.record.to_state
                << "\n";
    }
    VerifyResult verified = store->verify(id);
    if (!verified.ok) {
      std::cerr << "audit chain broken: " << verified.problem << "\n";
      return 1;
    }
    std::cout << "audit chain ok: " << verified.records << " records\n";
    return 0;
  } catch (const StoreError& e) {
    std::cerr << "storage: " << e.what() << "\n";
    return 1;
  }
}
