// Finding a stored case for the commands that name one. Private to
// adapters/cli.
#pragma once

#include <string>

#include "adapters/cli/context.h"

namespace wageflow::cli {

// The case `case_id` with its pinned definition. Error (exit code 1):
// "no case 2025-000042", or why its record cannot be read against its
// definition (e.g. the calendar it names is missing from --workflows).
Result<CaseService::LoadedCase> find_case(Session& session, const std::string& case_id);

}  // namespace wageflow::cli
