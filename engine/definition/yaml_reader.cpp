#include "engine/definition/yaml_reader.h"

#include <algorithm>
#include <set>

#include "engine/core/blank.h"
#include "engine/definition/suggest.h"

namespace wageflow::loader {

Position position_of(const YAML::Node& node) {
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) return Position{};
  return Position{mark.line + 1, mark.column + 1};
}

namespace {

std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

bool has_key(const Entries& entries, const std::string& key) {
  return std::any_of(entries.begin(), entries.end(),
                     [&key](const Entry& e) { return e.key == key; });
}

// `to:done` or `to：done` is one key to YAML (no space after ':', or a
// full-width colon). When the part before the colon is an allowed key that
// `entries` lack and that was not corrected already, says so as an error
// and returns the key and value meant; otherwise nullopt, saying nothing.
std::optional<Entry> split_glued_key(const Entry& entry, const std::vector<std::string>& names,
                                     const Entries& entries, std::set<std::string>& corrected,
                                     Reporter& report) {
  if (!entry.value.IsNull()) return std::nullopt;
  for (const std::string_view colon : {std::string_view(":"), std::string_view("\xEF\xBC\x9A")}) {
    const std::size_t at = entry.key.find(colon);
    if (at == std::string::npos) continue;
    const std::string key = entry.key.substr(0, at);
    const std::size_t value_from = entry.key.find_first_not_of(' ', at + colon.size());
    if (std::find(names.begin(), names.end(), key) == names.end() || has_key(entries, key) ||
        value_from == std::string::npos || !corrected.insert(key).second) {
      continue;
    }
    const std::string value = entry.key.substr(value_from);
    report.error(
        entry.key_at,
        quoted(entry.key) + " is one key to YAML: write '" + key + ": " + value + "' (" +
            (colon == ":" ? "a space after ':'" : "the ASCII ':' and a space, not '\xEF\xBC\x9A'") +
            ")");
    return Entry{key, entry.key_at, YAML::Node(value),
                 Position{entry.key_at.line, entry.key_at.column + static_cast<int>(value_from)}};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Entries> read_map(const YAML::Node& node, Position at, std::string_view what,
                                Reporter& report) {
  if (!node.IsMap()) {
    report.error(at, std::string(what) + " must be a map (name: value, one per line)");
    return std::nullopt;
  }
  Entries entries;
  for (auto it = node.begin(); it != node.end(); ++it) {
    // A copy: `it->first` lives in a proxy that dies with the expression.
    const YAML::Node key = it->first;
    Position key_at = position_of(key);
    if (!key.IsScalar() || key.Scalar().empty()) {
      report.error(key_at,
                   std::string("a key in ") + std::string(what) + " must be a non-empty name");
      continue;
    }
    const std::string& name = key.Scalar();
    if (const Entry* first = find(entries, name)) {
      report.error(key_at, "duplicate key " + quoted(name) + " (first at line " +
                               std::to_string(first->key_at.line) + ")");
      continue;
    }
    Entry entry;
    entry.key = name;
    entry.key_at = key_at;
    entry.value = it->second;
    entry.value_at = entry.value.IsNull() ? key_at : position_of(entry.value);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<Entries> read_keys(const YAML::Node& node, Position at, std::string_view what,
                                 std::span<const std::string_view> allowed, Reporter& report) {
  std::optional<Entries> entries = read_map(node, at, what, report);
  if (!entries) return std::nullopt;
  std::vector<std::string> names(allowed.begin(), allowed.end());
  Entries known;
  std::set<std::string> corrected;
  for (Entry& entry : *entries) {
    // Copies, not moves: `*entries` is searched for keys given while the
    // loop runs.
    if (std::find(allowed.begin(), allowed.end(), entry.key) != allowed.end()) {
      known.push_back(entry);
      continue;
    }
    if (std::optional<Entry> meant = split_glued_key(entry, names, *entries, corrected, report)) {
      known.push_back(std::move(*meant));
      continue;
    }
    const std::optional<std::string> best = closest_name(entry.key, names);
    report.error(entry.key_at, "unknown key " + quoted(entry.key) + " in " + std::string(what) +
                                   "; allowed: " + join(names) +
                                   (best ? "; did you mean '" + *best + "'?" : ""));
    if (best && !has_key(*entries, *best) && corrected.insert(*best).second) {
      entry.key = *best;  // read as meant; the error above already fails the load
      known.push_back(entry);
    }
  }
  return known;
}

const Entry* find(const Entries& entries, std::string_view key) {
  for (const Entry& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::optional<std::string> read_scalar(const YAML::Node& node, Position at, std::string_view what,
                                       Reporter& report) {
  if (node.IsNull()) {
    report.error(at, std::string(what) + " needs a value");
    return std::nullopt;
  }
  if (!node.IsScalar()) {
    report.error(at, std::string(what) + " must be text, not a " + (node.IsMap() ? "map" : "list"));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<std::vector<Name>> read_names(const YAML::Node& node, Position at,
                                            std::string_view what, Reporter& report) {
  std::vector<Name> names;
  auto add = [&](const YAML::Node& item, Position item_at) {
    std::optional<std::string> text = read_scalar(item, item_at, what, report);
    if (!text) return false;
    if (text->empty()) {
      report.error(item_at, std::string(what) + " must not be empty");
      return false;
    }
    // [a，b] is one name to YAML: the full-width comma is not YAML's.
    if (is_plain_scalar(item) && text->find("\xEF\xBC\x8C") != std::string::npos &&
        report.later_rule(item_at, std::string(what) + ": " + quoted(*text) +
                                       " contains a full-width '\xEF\xBC\x8C'; separate names "
                                       "with the ASCII ','")) {
      return false;
    }
    for (const Name& n : names) {
      if (n.text == *text) {
        report.error(item_at, quoted(*text) + " is listed twice in " + std::string(what));
        return false;
      }
    }
    names.push_back(Name{*text, item_at});
    return true;
  };
  if (node.IsSequence()) {
    bool ok = true;
    for (const YAML::Node& item : node) ok = add(item, position_of(item)) && ok;
    if (!ok) return std::nullopt;
    return names;
  }
  if (node.IsMap()) {
    report.error(at, std::string(what) + " must be a name or a list of names, not a map");
    return std::nullopt;
  }
  // `roles: intake_clerk, director` is one name to YAML; it was meant as two.
  if (is_plain_scalar(node) && node.Scalar().find(',') != std::string::npos) {
    report.error(at, std::string(what) + ": " + quoted(node.Scalar()) +
                         " is read as one name; write several names as a list in brackets: [" +
                         node.Scalar() + "]");
    return std::nullopt;
  }
  if (!add(node, at)) return std::nullopt;
  return names;
}

bool is_plain_scalar(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() == "?";
}

std::optional<bool> read_bool(const YAML::Node& node, Position at, std::string_view what,
                              Reporter& report) {
  if (node.IsScalar() && is_plain_scalar(node)) {
    const std::string& s = node.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  std::string shown = node.IsScalar() ? ", not " + quoted(node.Scalar()) : "";
  if (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false")) {
    shown += ": write it without quotes";  // a quoted 'true' is text
  }
  report.error(at, std::string(what) + " must be true or false" + shown);
  return std::nullopt;
}

std::optional<Label> read_label(const YAML::Node& node, Position at, std::string_view what,
                                Reporter& report) {
  const std::string expected =
      std::string(what) +
      " must be text or a map of locale to text, e.g. {zh: 已受理, en: Accepted}";
  if (node.IsScalar()) {
    if (is_blank(node.Scalar()) && report.later_rule(at, std::string(what) + " is empty; " +
                                                             expected.substr(what.size() + 1))) {
      return std::nullopt;
    }
    return Label{{{"", node.Scalar()}}};
  }
  if (!node.IsMap()) {
    report.error(at, expected);
    return std::nullopt;
  }
  std::optional<Entries> entries = read_map(node, at, what, report);
  if (!entries) return std::nullopt;
  Label label;
  bool ok = true;
  for (const Entry& e : *entries) {
    if (e.value.IsNull()) {
      report.error(e.value_at, std::string(what) + ": " + quoted(e.key) +
                                   " has no text; inside {...} a comma starts a new entry, so "
                                   "quote text that contains a comma: en: 'Granted, to be "
                                   "assigned'");
      ok = false;
      continue;
    }
    if (!e.value.IsScalar()) {
      report.error(e.value_at,
                   std::string(what) + ": the text for locale " + quoted(e.key) + " must be text");
      ok = false;
      continue;
    }
    if (is_blank(e.value.Scalar()) &&
        report.later_rule(e.value_at, std::string(what) + ": the text for locale " + quoted(e.key) +
                                          " is empty; the pages would show nothing (write the "
                                          "text, or leave the locale out)")) {
      ok = false;
      continue;
    }
    label.by_locale.emplace_back(e.key, e.value.Scalar());
  }
  if (!ok) return std::nullopt;
  if (label.by_locale.empty() && report.later_rule(at, std::string(what) + " {} has no text; " +
                                                           expected.substr(what.size() + 1))) {
    return std::nullopt;
  }
  return label;
}

bool is_lower_identifier(std::string_view text, char extra) {
  if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == extra;
    if (!ok) return false;
  }
  return true;
}

}  // namespace wageflow::loader
