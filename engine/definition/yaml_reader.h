// Reading yaml-cpp nodes with diagnostics: maps with checked keys, scalars,
// name lists, booleans and labels. Every reader reports its own problems to
// the Reporter at the offending node and returns nullopt for them. Private
// to the definition loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/definition/definition.h"
#include "engine/definition/report.h"

namespace wageflow::loader {

// The node's place in the file (yaml-cpp marks are 0-based).
Position position_of(const YAML::Node& node);

// One pair of a map, in file order.
struct Entry {
  std::string key;
  Position key_at;
  YAML::Node value;
  // Where the value is; the key's place when the value is empty (an empty
  // value's yaml-cpp mark points at the next token).
  Position value_at;
};
using Entries = std::vector<Entry>;

// The pairs of the map `node`. Reports a node that is not a map (at `at`,
// naming it `what`, e.g. "the fields"), keys that are not plain names, and
// duplicate keys (at the second, which is dropped).
std::optional<Entries> read_map(const YAML::Node& node, Position at, std::string_view what,
                                Reporter& report);
// As read_map, and also reports each key not in `allowed`, listing them.
// A misspelt key with one close allowed name the map does not have
// (`evnt:` for `event:`) is reported with "did you mean" and then read as
// that name, so that one slip is one error: the map is not also missing
// `event`, and what names its value is not also unknown.
std::optional<Entries> read_keys(const YAML::Node& node, Position at, std::string_view what,
                                 std::span<const std::string_view> allowed, Reporter& report);
// The first pair with this key, or nullptr.
const Entry* find(const Entries& entries, std::string_view key);

// The text of a scalar; reports anything else (an empty value, a list, a
// map) as "`what` must be text".
std::optional<std::string> read_scalar(const YAML::Node& node, Position at, std::string_view what,
                                       Reporter& report);

// A name as written, with its place.
struct Name {
  std::string text;
  Position at;
};
// A scalar or a list of scalars (each non-empty; a name listed twice is
// reported at its second place and dropped).
std::optional<std::vector<Name>> read_names(const YAML::Node& node, Position at,
                                            std::string_view what, Reporter& report);

// `true` or `false` (also True/TRUE/False/FALSE), unquoted.
std::optional<bool> read_bool(const YAML::Node& node, Position at, std::string_view what,
                              Reporter& report);

// A label: text, or a map of locale -> text.
std::optional<Label> read_label(const YAML::Node& node, Position at, std::string_view what,
                                Reporter& report);

// True for a plain (unquoted, not block) scalar.
bool is_plain_scalar(const YAML::Node& node);

// True when `text` matches [a-z][a-z0-9<extra>]*.
bool is_lower_identifier(std::string_view text, char extra);

}  // namespace wageflow::loader
