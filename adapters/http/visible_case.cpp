#include "adapters/http/visible_case.h"

#include <optional>

#include "adapters/http/case_access.h"

namespace wageflow::http {

Problem no_case(const std::string& id) {
  return Problem{404, "no-such-case", "no case " + id};
}

CaseService::LoadedCase load_visible_case(Exchange& ex, const std::string& id) {
  Connection& db = ex.db();
  std::optional<CaseRecord> record = db.store->load_case(id);
  if (!record || !can_see_case(ex.user(), record->office)) {
    throw ProblemError(no_case(id));
  }
  auto loaded = db.service.load(*record);
  if (!loaded) {
    throw ProblemError(
        Problem{500, "unreadable-case", "case " + id + " cannot be read: " + loaded.error()});
  }
  return std::move(loaded).value();
}

}  // namespace wageflow::http
