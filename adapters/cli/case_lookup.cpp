#include "adapters/cli/case_lookup.h"

namespace wageflow::cli {

Result<CaseService::LoadedCase> find_case(Session& session, const std::string& case_id) {
  if (!session.store->load_case(case_id)) return Error{"no case " + case_id};
  auto loaded = session.service.load(case_id);
  if (!loaded) return Error{"case " + case_id + " cannot be read: " + loaded.error()};
  return std::move(loaded).value();
}

}  // namespace wageflow::cli
