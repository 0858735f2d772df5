// A case as a request may see it: the one place that loads a case for a
// handler, checks the caller's office and answers 404/500. Private to
// adapters/http.
#pragma once

#include <string>

#include "adapters/http/api_context.h"
#include "engine/runtime/case_service.h"

namespace wageflow::http {

// 404 "no-such-case": what a request about a case it may not see, or that
// does not exist, is answered.
Problem no_case(const std::string& id);

// The case `id` with its definition, read once on the request's
// connection. Throws ProblemError: 404 "no-such-case" when there is no such
// case or it belongs to an office the caller may not see (answered alike,
// so another office's case ids are not revealed); 500 "unreadable-case"
// when the stored case does not fit its pinned definition. StoreError
// passes through.
CaseService::LoadedCase load_visible_case(Exchange& ex, const std::string& id);

}  // namespace wageflow::http
