// The state of one load: the Definition being filled, where its parts are in
// the file, and name resolution with "unknown ..." diagnostics. Private to
// the definition loader.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/definition/definition.h"
#include "engine/definition/report.h"
#include "engine/definition/yaml_reader.h"

namespace wageflow::loader {

enum class NameKind { kState, kRole, kField, kEvent };

struct LoadContext {
  LoadContext(const std::string& source_text, const LoadOptions& load_options, Reporter& reporter)
      : source(source_text), options(load_options), report(reporter) {}

  const std::string& source;  // the whole file, for positions inside scalars
  const LoadOptions& options;
  Reporter& report;
  Definition def;

  std::vector<Position> state_at;           // each state's key
  std::vector<Position> timer_start_at;     // each timer's `start` value
  std::vector<Position> timer_fire_at;      // each timer's `expire: {fire: e}` e (else start)
  std::vector<Position> transition_at;      // each loaded row's `-` (as def.transitions)
  std::vector<int> transition_event_count;  // rows per event id (extension events: 0)

  // Fields and constants whose own definition had an error: an expression
  // naming them is not reported again.
  std::set<std::string> broken_symbols;
  // States whose `final:` was not true/false (already reported): whether
  // they are final is not known, so nothing is reported about it again.
  std::set<std::string> unreadable_final;
  // A section that could not be read at all (e.g. `states:` not a map):
  // references to its kind are not reported as unknown.
  bool broken[4] = {false, false, false, false};

  // The id of `name`, or nullopt after reporting "unknown state 'x'; did you
  // mean 'y'?" at the name (silently if that kind's section was broken).
  std::optional<int> resolve(NameKind kind, const Name& name);
  // Every name resolved, or nullopt (each unknown one reported).
  std::optional<std::vector<int>> resolve_all(NameKind kind, const std::vector<Name>& names);

  std::vector<std::string> names_of(NameKind kind) const;
  bool& section_broken(NameKind kind) { return broken[static_cast<int>(kind)]; }
};

}  // namespace wageflow::loader
