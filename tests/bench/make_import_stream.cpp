// Helper of import_bench.sh (item 4): writes a wageflow export file
// (docs/export-format.md) of reference-workflow cases with at least EVENTS
// audit records, each case's trail produced by `decide` (open, accept,
// mediate, fail_mediation, award) and chained with the real audit hash.
// Prints the number of cases and of records on stdout: "CASES RECORDS".
//   make_import_stream EVENTS FILE
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "adapters/cli/export_format.h"
#include "engine/runtime/codec.h"
#include "engine/runtime/decide.h"
#include "msm_runner.h"
#include "storage/audit_chain.h"

int main(int argc, char** argv) {
  using namespace wageflow;
  if (argc != 3 || std::atoll(argv[1]) <= 0) {
    std::fprintf(stderr, "usage: make_import_stream EVENTS FILE\n");
    return 2;
  }
  const long long wanted = std::atoll(argv[1]);
  const std::string source = std::string(WAGEFLOW_SOURCE_DIR) + "/tests/bench/reference.yaml";
  std::ifstream yaml_file(source, std::ios::binary);
  const std::string yaml((std::istreambuf_iterator<char>(yaml_file)), {});
  LoadOptions load;
  load.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_text(yaml, source, load, &diagnostics);
  if (!loaded) {
    std::fprintf(stderr, "make_import_stream: %s\n", loaded.error().c_str());
    return 1;
  }
  const Definition& d = **loaded;
  const DefinitionRecord definition{d.id, d.version, sha256_hex(yaml), yaml};

  std::ofstream out(argv[2], std::ios::binary);
  cli::ExportCounts counts;
  out << cli::header_line() << '\n' << cli::definition_line(definition) << '\n';
  counts.definitions = 1;
  const char* events[] = {"accept", "mediate", "fail_mediation", "award"};
  Command open{Command::Kind::kOpen,
               "李明",
               "clerk",
               "",
               {{"worker_name", "张三"}, {"claim_amount", ""}},
               ""};
  for (long long i = 0; counts.records < wanted; ++i) {
    Instant now{1735693200 + i * 60};
    open.sets[1].second = std::to_string(bench::claim_fen(i) / 100);
    Outcome outcome = std::get<Outcome>(decide(d, CaseSnapshot{}, open, now));
    char id[32];
    std::snprintf(id, sizeof id, "2025-%06lld", i + 1);
    outcome.next.id = id;
    CaseWithTrail c;
    auto append = [&](const std::vector<AuditRecord>& records) {
      for (const AuditRecord& record : records) {
        StoredAuditRecord stored;
        stored.case_id = id;
        stored.seq = static_cast<std::int64_t>(c.trail.size()) + 1;
        stored.record = record;
        stored.prev_hash = c.trail.empty() ? genesis_hash() : c.trail.back().hash;
        stored.hash = chain_hash(stored.prev_hash, id, stored.seq, record);
        c.trail.push_back(std::move(stored));
      }
    };
    append(outcome.records);
    CaseSnapshot current = outcome.next;
    for (const char* event : events) {
      now.seconds += 86400;
      Decision decision =
          decide(d, current, {Command::Kind::kFire, "李明", "clerk", event, {}, ""}, now);
      if (auto* moved = std::get_if<Outcome>(&decision)) {
        append(moved->records);
        current = moved->next;
      }
    }
    c.record = to_record(d, current, definition.sha256);
    c.audit_seq = static_cast<std::int64_t>(c.trail.size());
    out << cli::case_line(c) << '\n';
    for (const StoredAuditRecord& record : c.trail) out << cli::audit_line(record) << '\n';
    ++counts.cases;
    counts.records += c.audit_seq;
  }
  out << cli::end_line(counts) << '\n';
  out.close();
  if (!out) {
    std::fprintf(stderr, "make_import_stream: cannot write %s\n", argv[2]);
    return 1;
  }
  std::printf("%lld %lld\n", static_cast<long long>(counts.cases),
              static_cast<long long>(counts.records));
  return 0;
}
