#include "engine/definition/load_context.h"

#include "engine/definition/suggest.h"

namespace wageflow::loader {
namespace {

const char* kind_name(NameKind kind) {
  switch (kind) {
    case NameKind::kState:
      return "state";
    case NameKind::kRole:
      return "role";
    case NameKind::kField:
      return "field";
    case NameKind::kEvent:
      return "event";
  }
  return "name";
}

}  // namespace

std::vector<std::string> LoadContext::names_of(NameKind kind) const {
  std::vector<std::string> names;
  switch (kind) {
    case NameKind::kState:
      for (const StateDef& s : def.states) names.push_back(s.name);
      break;
    case NameKind::kRole:
      names = def.roles;
      break;
    case NameKind::kField:
      for (const FieldDef& f : def.fields) names.push_back(f.name);
      break;
    case NameKind::kEvent:
      names = def.events;
      break;
  }
  return names;
}

std::optional<int> LoadContext::resolve(NameKind kind, const Name& name) {
  std::vector<std::string> names = names_of(kind);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name.text) return static_cast<int>(i);
  }
  if (!section_broken(kind)) {
    report.error(name.at, std::string("unknown ") + kind_name(kind) + " '" + name.text + "'" +
                              hint_for(name.text, names));
  }
  return std::nullopt;
}

std::optional<std::vector<int>> LoadContext::resolve_all(NameKind kind,
                                                         const std::vector<Name>& names) {
  std::vector<int> ids;
  bool ok = true;
  for (const Name& n : names) {
    if (auto id = resolve(kind, n)) {
      ids.push_back(*id);
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return ids;
}

}  // namespace wageflow::loader
