// Where a byte of a scalar's value is in the file, through quotes, escapes,
// block headers and folded lines. Private to the definition loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>

#include "engine/definition/report.h"

namespace wageflow::loader {

// The file position of byte `offset` of `scalar`'s value, where `source` is
// the whole text the scalar was parsed from. Past the value's end: the
// position just after it.
Position position_in_scalar(const std::string& source, const YAML::Node& scalar,
                            std::size_t offset);

}  // namespace wageflow::loader
