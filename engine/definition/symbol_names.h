// Which names fields and constants may have: expressions refer to them.
// Private to the definition loader.
#pragma once

#include <string>
#include <string_view>

namespace wageflow::loader {

// "" when `name` can be used in expressions ([A-Za-z_][A-Za-z0-9_]*, not a
// word of the expression language); otherwise why not.
std::string symbol_name_problem(std::string_view name);

}  // namespace wageflow::loader
