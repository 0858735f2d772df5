// audit replay [CASE]: rebuild cases from their audit trails (engine/runtime/replay.h).
#include <algorithm>
#include <map>
#include <ostream>

#include "adapters/cli/commands.h"
#include "engine/core/pii.h"
#include "engine/runtime/replay.h"

namespace wageflow::cli {
namespace {

constexpr std::size_t kCasesPerRead = 500;
constexpr std::size_t kProgressEvery = 1000;

// Pinned definitions by sha256, loaded once each.
class PinnedDefinitions {
 public:
  explicit PinnedDefinitions(Session& session) : session_(session) {}

  Result<std::shared_ptr<const Definition>> get(const std::string& sha256) {
    auto it = loaded_.find(sha256);
    if (it != loaded_.end()) return it->second;
    std::optional<DefinitionRecord> text = session_.store->definition(sha256);
    if (!text) return Error{"its definition " + sha256 + " is missing from the database"};
    auto definition = session_.definitions.from_text(sha256, text->yaml_text);
    if (!definition) return Error{"its definition no longer loads: " + definition.error()};
    loaded_.emplace(sha256, *definition);
    return *definition;
  }

 private:
  Session& session_;
  std::map<std::string, std::shared_ptr<const Definition>> loaded_;
};

}  // namespace

int replay_audit(const Context& context, const std::string& case_id) {
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Session& session = *opened.value();
  std::vector<std::string> ids;
  if (case_id.empty()) {
    ids = session.store->case_ids();
    std::sort(ids.begin(), ids.end());
  } else {
    ids.push_back(case_id);
  }

  PinnedDefinitions definitions(session);
  std::size_t replayed = 0;
  for (std::size_t first = 0; first < ids.size(); first += kCasesPerRead) {
    const std::size_t count = std::min(kCasesPerRead, ids.size() - first);
    const std::vector<std::string> chunk(ids.begin() + first, ids.begin() + first + count);
    for (const CaseWithTrail& c : session.store->export_cases(chunk)) {
      std::string difference;
      auto definition = definitions.get(c.record.definition_sha256);
      if (!definition) {
        difference = "case " + c.record.id + ": " + definition.error();
      } else {
        // A migrated case's trail also needs the versions it was on before.
        const DefinitionLookup earlier = [&definitions](const std::string& sha256) {
          auto found = definitions.get(sha256);
          return found ? found->get() : nullptr;
        };
        ReplayResult result = replay_case(**definition, c.record, c.trail, earlier);
        if (!result.ok) difference = result.difference;
      }
      if (!difference.empty()) {
        context.out << "differs: " << mask_pii_in_text(difference) << '\n';
        return context.fail(kExitInvalid,
                            "the audit trail does not rebuild the stored case: " + difference);
      }
      ++replayed;
      if (ids.size() > kProgressEvery && replayed % kProgressEvery == 0) {
        context.err << "replayed " << replayed << "/" << ids.size() << " cases\n";
      }
    }
  }
  if (!case_id.empty() && replayed == 0) return context.fail(kExitInvalid, "no case " + case_id);
  context.out << "ok " << replayed << " cases\n";
  return kExitDone;
}

}  // namespace wageflow::cli
