// Whether an office named by a user (a report's --office, a new case's
// office) is one the database knows.
#pragma once

#include <optional>
#include <string>

#include "engine/runtime/store.h"

namespace wageflow::report {

// An office that no case and no user belongs to is a mistyped name, not an
// office with nothing in it: a report of zeros for it would read as true,
// and a case filed under it would be seen by no one of its office. Returns
// nullopt when some case or user belongs to `office`, else the sentence
// saying so and naming the offices users belong to. Reads `store` (and its
// accounts, when it keeps them); throws what the store throws.
std::optional<std::string> unknown_office(Store& store, const std::string& office);

}  // namespace wageflow::report
