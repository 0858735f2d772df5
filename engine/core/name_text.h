// The rule for a name kept in the records and shown to people: an office,
// the person who submits a report. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wageflow {

inline constexpr int kMaxNameCharacters = 64;

// nullopt when `name` is 1 to 64 characters of UTF-8 text, none of them a
// control character, not blank (engine/core/blank.h) and with no white
// space at either end (" 长春市" would be another office than "长春市").
// Otherwise why not, as words that follow what held the name: "is blank:
// give a name", "starts or ends with a space: remove it", ...
std::optional<std::string> name_problem(std::string_view name);

// True when `text` is UTF-8 with no C0 or C1 control character: it prints
// as text, and a message may quote it without moving a terminal's cursor.
bool prints_as_text(std::string_view text);

}  // namespace wageflow
