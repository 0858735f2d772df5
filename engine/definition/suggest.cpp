#include "engine/definition/suggest.h"

#include <algorithm>

namespace wageflow::loader {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 3;
  for (const std::string& candidate : candidates) {
    std::size_t d = edit_distance(name, candidate);
    if (d < best_distance && d < std::max<std::size_t>(name.size(), 2)) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::string hint_for(std::string_view name, const std::vector<std::string>& candidates) {
  if (candidates.empty()) return "";
  if (auto best = closest_name(name, candidates)) return "; did you mean '" + *best + "'?";
  constexpr std::size_t kMaxListed = 12;
  if (candidates.size() <= kMaxListed) return "; known: " + join(candidates);
  std::vector<std::string> first(candidates.begin(), candidates.begin() + kMaxListed);
  return "; known: " + join(first) + ", ...";
}

}  // namespace wageflow::loader
