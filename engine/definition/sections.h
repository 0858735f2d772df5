// The readers of each part of a workflow file, in the order the loader runs
// them (later parts refer to earlier ones). Each fills ctx.def and reports
// every problem of its part; `entry` is nullptr when the key is absent.
// Private to the definition loader.
#pragma once

#include "engine/definition/format_keys.h"
#include "engine/definition/load_context.h"

namespace wageflow::loader {

// `workflow`, `version`, `title`.
void read_identity(const Entries& top, LoadContext& ctx);
void read_roles(const Entry* entry, LoadContext& ctx);
void read_role_labels(const Entry* entry, LoadContext& ctx);  // after read_roles
void read_fields(const Entry* entry, LoadContext& ctx);
// After read_fields (a constant may not share a field's name).
void read_constants(const Entry* entry, LoadContext& ctx);
void read_states(const Entry* entry, LoadContext& ctx);
void read_calendar(const Entry* entry, LoadContext& ctx);
// After roles, fields, constants and states; fills events with the
// transition events.
void read_transitions(const Entry* entry, LoadContext& ctx);
// After transitions; appends the extension events.
void read_timers(const Entry* entry, LoadContext& ctx);
void read_lifecycle(const Entry* entry, LoadContext& ctx);
// After fields and states: `statistics:` (figure -> field, final state ->
// outcome; docs/reports.md).
void read_statistics(const Entry* entry, LoadContext& ctx);
// Warnings about the graph of a model that loaded without errors:
// unreachable states, states with no way to a final state, timers that can
// never start.
void warn_about_graph(LoadContext& ctx);

}  // namespace wageflow::loader
