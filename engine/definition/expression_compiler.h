// Compiling guard and `set` expressions against the workflow's fields and
// constants, with errors at their line:col in the file. Private to the
// definition loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>

#include "engine/definition/load_context.h"

namespace wageflow::loader {

// Compiles the scalar `node` (`what` names it in messages: "guard", "set
// final_award"). Reports each compile error at its own place in the file
// (unknown names with a "did you mean" hint). Errors caused by a field or
// constant that already failed to load are not reported again. nullopt on
// any error.
std::optional<expr::Expression> compile_expression(const YAML::Node& node, Position at,
                                                   const std::string& what, LoadContext& ctx);

}  // namespace wageflow::loader
