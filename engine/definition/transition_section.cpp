// `transitions`: the rows of the (state, event) table.
#include <algorithm>

#include "engine/definition/expression_compiler.h"
#include "engine/definition/field_rules.h"
#include "engine/definition/sections.h"

namespace wageflow::loader {
namespace {

// The event's id, adding it to the definition's events when new.
EventId event_for_row(const std::string& name, LoadContext& ctx) {
  auto& events = ctx.def.events;
  auto it = std::find(events.begin(), events.end(), name);
  if (it != events.end()) return static_cast<EventId>(it - events.begin());
  events.push_back(name);
  ctx.transition_event_count.push_back(0);
  return static_cast<EventId>(events.size() - 1);
}

bool read_event(const Entries& keys, Position item_at, TransitionDef& row, LoadContext& ctx) {
  const Entry* e = find(keys, "event");
  if (!e) {
    ctx.report.error(item_at, "this transition has no event");
    return false;
  }
  std::optional<std::string> name = read_scalar(e->value, e->value_at, "event", ctx.report);
  if (!name) return false;
  if (!is_lower_identifier(*name, '_')) {
    ctx.report.error(e->value_at, "event name '" + *name +
                                      "' must be lowercase letters, digits and '_', starting "
                                      "with a letter (e.g. fail_mediation)");
    return false;
  }
  row.event = event_for_row(*name, ctx);
  ++ctx.transition_event_count[row.event];
  return true;
}

bool read_from(const Entries& keys, Position item_at, TransitionDef& row, LoadContext& ctx) {
  const Entry* e = find(keys, "from");
  if (!e) {
    ctx.report.error(item_at, "this transition has no from (a state, a list of states, or '*')");
    return false;
  }
  std::optional<std::vector<Name>> names = read_names(e->value, e->value_at, "from", ctx.report);
  if (!names) return false;
  bool ok = true;
  auto add = [&row](StateId s) {
    if (std::find(row.from.begin(), row.from.end(), s) == row.from.end()) row.from.push_back(s);
  };
  for (const Name& n : *names) {
    if (n.text == "*") {
      for (std::size_t s = 0; s < ctx.def.states.size(); ++s) {
        if (!ctx.def.states[s].final) add(static_cast<StateId>(s));
      }
      continue;
    }
    std::optional<int> state = ctx.resolve(NameKind::kState, n);
    if (!state) {
      ok = false;
    } else if (ctx.def.states[*state].final) {
      ctx.report.error(n.at,
                       "'" + n.text + "' is a final state: no transition may leave a final state");
      ok = false;
    } else {
      add(*state);
    }
  }
  std::sort(row.from.begin(), row.from.end());
  return ok;
}

bool read_to(const Entries& keys, Position item_at, TransitionDef& row, LoadContext& ctx) {
  const Entry* e = find(keys, "to");
  if (!e) {
    ctx.report.error(item_at, "this transition has no to (the state it moves to)");
    return false;
  }
  std::optional<std::string> name = read_scalar(e->value, e->value_at, "to", ctx.report);
  if (!name) return false;
  std::optional<int> state = ctx.resolve(NameKind::kState, Name{*name, e->value_at});
  if (state) row.to = *state;
  return state.has_value();
}

// What an expression that reads no field is evaluated with: no fields, the
// constants as loaded so far (before Definition::finish() indexes them).
struct LoadTimeValues {
  std::vector<Value> fields;
  std::vector<Value> constants;
  expr::Context context() const { return {&fields, &constants}; }
};

LoadTimeValues load_time_values(const LoadContext& ctx) {
  LoadTimeValues values;
  for (const ConstantDef& c : ctx.def.constants) values.constants.push_back(c.value);
  return values;
}

bool read_guard(const Entry& e, TransitionDef& row, LoadContext& ctx) {
  std::optional<expr::Expression> guard = compile_expression(e.value, e.value_at, "guard", ctx);
  if (!guard) return false;
  if (guard->type() != expr::Type::kBool) {
    ctx.report.error(e.value_at, std::string("guard must be a condition (true or false), but '") +
                                     guard->text() + "' is " + expr::type_name(guard->type()));
    return false;
  }
  // A guard that reads no field has one answer for every case.
  if (!guard->reads_fields()) {
    std::string error;
    const LoadTimeValues known = load_time_values(ctx);
    const bool holds = guard->holds(known.context(), &error);
    if (!error.empty()) {
      if (ctx.report.later_rule(e.value_at,
                                "guard: " + error + " in '" + guard->text() + "', on every case")) {
        return false;
      }
    } else {
      ctx.report.warning(e.value_at,
                         "guard '" + guard->text() + "' reads no field of the case: it is always " +
                             (holds ? "true (leave it out)" : "false, so this row is never taken"));
    }
  }
  row.guard = std::move(guard);
  return true;
}

// A `set:` value that reads no field (a literal, a constant, arithmetic on
// them) is known now: one that cannot be computed (a division by zero), or
// that its field's rules refuse, would refuse the event on every case, so
// it is an error here (bool fields have no rules). "" when fine.
std::string constant_value_problem(const expr::Expression& value, const FieldDef& field,
                                   const LoadContext& ctx) {
  if (value.reads_fields()) return "";
  const LoadTimeValues known = load_time_values(ctx);
  const expr::Expression::Evaluation result = value.evaluate(known.context());
  if (!result.error.empty()) return result.error + " in '" + value.text() + "', on every case";
  if (!is_set(result.value) || std::holds_alternative<bool>(result.value)) return "";
  const std::optional<Value> stored = assigned_value(field.type, result.value);
  if (!stored) return "too large for an amount (field '" + field.name + "')";
  const std::string text = format_value(*stored);
  const std::string problem = field_value_problem(field, *stored, text);
  return problem.empty() ? "" : "'" + text + "' " + problem + " (field '" + field.name + "')";
}

bool read_assignments(const Entry& e, TransitionDef& row, LoadContext& ctx) {
  std::optional<Entries> targets = read_map(e.value, e.value_at, "set", ctx.report);
  if (!targets) return false;
  bool ok = true;
  for (const Entry& target : *targets) {
    std::optional<int> field = ctx.resolve(NameKind::kField, Name{target.key, target.key_at});
    if (!field) {
      ok = false;
      continue;
    }
    std::optional<expr::Expression> value =
        compile_expression(target.value, target.value_at, "set " + target.key, ctx);
    if (!value) {
      ok = false;
      continue;
    }
    const FieldDef& def = ctx.def.fields[*field];
    if (!expr::assignable(value->type(), def.type)) {
      ctx.report.error(target.value_at, "set " + target.key + ": cannot assign '" + value->text() +
                                            "' (" + expr::type_name(value->type()) + ") to " +
                                            field_type_name(def.type) + " field '" + def.name +
                                            "'");
      ok = false;
      continue;
    }
    if (std::string problem = constant_value_problem(*value, def, ctx);
        !problem.empty() &&
        ctx.report.later_rule(target.value_at, "set " + target.key + ": " + problem)) {
      ok = false;
      continue;
    }
    row.assignments.push_back(Assignment{*field, std::move(*value)});
  }
  return ok;
}

// The optional keys of a row: roles, requires, comment, guard, set.
bool read_options(const Entries& keys, TransitionDef& row, LoadContext& ctx) {
  bool ok = true;
  for (const Entry& e : keys) {
    if (e.key == "roles") {
      std::optional<std::vector<Name>> names = read_names(e.value, e.value_at, "roles", ctx.report);
      if (names && names->empty()) {
        ctx.report.error(e.value_at,
                         "roles must list at least one role (leave it out to allow every role)");
        names.reset();
      }
      std::optional<std::vector<int>> ids;
      if (names) ids = ctx.resolve_all(NameKind::kRole, *names);
      if (ids) row.roles = *ids;
      ok = ok && ids;
    } else if (e.key == "requires") {
      std::optional<std::vector<Name>> names =
          read_names(e.value, e.value_at, "requires", ctx.report);
      std::optional<std::vector<int>> ids;
      if (names) ids = ctx.resolve_all(NameKind::kField, *names);
      if (ids) row.required_fields = *ids;
      ok = ok && ids;
    } else if (e.key == "comment") {
      if (e.value.IsScalar() && e.value.Scalar() == "required") {
        row.comment_required = true;
      } else {
        ctx.report.error(e.value_at,
                         "comment accepts only 'required' (leave it out when a "
                         "comment is optional)");
        ok = false;
      }
    } else if (e.key == "guard") {
      ok = read_guard(e, row, ctx) && ok;
    } else if (e.key == "set") {
      ok = read_assignments(e, row, ctx) && ok;
    }
  }
  return ok;
}

}  // namespace

void read_transitions(const Entry* entry, LoadContext& ctx) {
  if (!entry) {
    ctx.section_broken(NameKind::kEvent) = true;
    return;
  }
  if (!entry->value.IsSequence()) {
    ctx.report.error(entry->value_at, "transitions must be a list of rows (- event: ...)");
    ctx.section_broken(NameKind::kEvent) = true;
    return;
  }
  for (const YAML::Node& item : entry->value) {
    const Position item_at = position_of(item);
    std::optional<Entries> keys =
        read_keys(item, item_at, "a transition", format_keys::kTransition, ctx.report);
    if (!keys) continue;
    TransitionDef row;
    row.line = item_at.line;
    bool ok = read_event(*keys, item_at, row, ctx);
    ok = read_from(*keys, item_at, row, ctx) && ok;
    ok = read_to(*keys, item_at, row, ctx) && ok;
    ok = read_options(*keys, row, ctx) && ok;
    if (ok) {
      ctx.def.transitions.push_back(std::move(row));
      ctx.transition_at.push_back(item_at);
    }
  }
}

}  // namespace wageflow::loader
