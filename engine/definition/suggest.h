// "Did you mean" hints for misspelt names: the definition loader's, and
// the runtime's refusal of an unknown field. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wageflow::loader {

// The candidate closest to `name` by edit distance, if it is close enough to
// be a likely typo (at most 2 edits, and fewer than the name's length).
std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string>& candidates);

// "; did you mean 'x'?" for the closest candidate, or "; known: a, b, c"
// when there is no close one (the list cut short after 12 names), or ""
// when there are no candidates.
std::string hint_for(std::string_view name, const std::vector<std::string>& candidates);

// "a, b, c".
std::string join(const std::vector<std::string>& names);

}  // namespace wageflow::loader
