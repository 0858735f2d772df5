#include "engine/runtime/correction_notes.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/runtime/field_input.h"

namespace wageflow {
namespace {

using runtime_detail::described;

CorrectionNote computed_value_note(const Definition& d, const TransitionDef& transition,
                                   const Assignment& assignment,
                                   const expr::Expression::Evaluation& now, const Value& held) {
  CorrectionNote note;
  note.kind = CorrectionNote::Kind::kComputedValue;
  note.event = d.events[transition.event];
  note.expression = assignment.value.text();
  note.field = d.fields[assignment.field].name;
  note.comes_out = now.error.empty() ? format_value(now.value) : "";
  note.error = now.error;
  note.held = format_value(held);
  const std::string outcome = !now.error.empty()  ? "cannot be computed (" + now.error + ")"
                              : is_set(now.value) ? "comes out " + note.comes_out
                                                  : "comes out empty";
  note.text = described(d.fields[assignment.field]) + " was computed by event " + note.event +
              " as " + note.expression + ": with the corrected values it " + outcome +
              ", the case holds " + note.held + "; correct it too if it follows";
  return note;
}

// Rows a fire record of one event into one state could have been made by.
bool same_move(const TransitionDef& a, const TransitionDef& b) {
  return a.event == b.event && a.to == b.to;
}

bool leaves(const Definition& d, const TransitionDef& t, const std::string& state) {
  return std::any_of(t.from.begin(), t.from.end(),
                     [&](StateId from) { return d.states[from].name == state; });
}

}  // namespace

std::vector<bool> transitions_taken(const Definition& d, const std::vector<AuditRecord>& trail) {
  std::vector<bool> taken(d.transitions.size(), false);
  for (const AuditRecord& record : trail) {
    if (record.kind == "migrate") std::fill(taken.begin(), taken.end(), false);
    if (record.kind != "fire") continue;
    for (std::size_t row = 0; row < d.transitions.size(); ++row) {
      const TransitionDef& t = d.transitions[row];
      if (d.events[t.event] == record.event && leaves(d, t, record.from_state) &&
          d.states[t.to].name == record.to_state) {
        taken[row] = true;
      }
    }
  }
  return taken;
}

std::vector<CorrectionNote> correction_notes(const Definition& d, const CaseSnapshot& before,
                                             const CaseSnapshot& after,
                                             const std::vector<bool>& taken) {
  std::vector<CorrectionNote> notes;
  const expr::Context was{&before.data, &d.constant_values()};
  const expr::Context is{&after.data, &d.constant_values()};
  std::map<FieldId, int> assignments_of;
  for (const TransitionDef& transition : d.transitions) {
    for (const Assignment& assignment : transition.assignments) ++assignments_of[assignment.field];
  }
  std::set<FieldId> noted;
  for (const TransitionDef& transition : d.transitions) {
    for (const Assignment& assignment : transition.assignments) {
      const FieldId field = assignment.field;
      const Value& held = after.data[field];
      if (noted.count(field) || !is_set(held) || before.data[field] != held) continue;
      // Only a `set:` that can have given the value held: the one of its
      // field, or one that gives it on the values before.
      const auto computed_then = assignment.value.evaluate(was);
      const bool gave_it = assignments_of[field] == 1 ||
                           (computed_then.error.empty() && computed_then.value == held);
      if (!gave_it) continue;
      const auto computed_now = assignment.value.evaluate(is);
      if (computed_now.error.empty() && computed_now.value == held) continue;
      noted.insert(field);
      notes.push_back(computed_value_note(d, transition, assignment, computed_now, held));
    }
  }
  const auto was_taken = [&](std::size_t row) { return row < taken.size() && taken[row]; };
  std::string ignored;
  // Another taken row of the same move that allows it on the values after.
  const auto taken_otherwise = [&](std::size_t row) {
    for (std::size_t other = 0; other < d.transitions.size(); ++other) {
      const TransitionDef& t = d.transitions[other];
      if (other == row || !was_taken(other) || !same_move(t, d.transitions[row])) continue;
      if (!t.guard || t.guard->holds(is, &ignored)) return true;
    }
    return false;
  };
  for (std::size_t row = 0; row < d.transitions.size(); ++row) {
    const TransitionDef& transition = d.transitions[row];
    if (!transition.guard) continue;
    if (transition.to != after.state && !was_taken(row)) continue;
    if (taken_otherwise(row)) continue;
    if (!transition.guard->holds(was, &ignored) || transition.guard->holds(is, &ignored)) continue;
    CorrectionNote note;
    note.kind = CorrectionNote::Kind::kCondition;
    note.event = d.events[transition.event];
    note.expression = transition.guard->text();
    note.state = d.states[transition.to].name;
    note.text = "the condition of event " + note.event + " into " + note.state +
                " no longer holds with the corrected values: " + note.expression;
    notes.push_back(std::move(note));
  }
  const auto requires_field = [](const TransitionDef& t, FieldId field) {
    return std::find(t.required_fields.begin(), t.required_fields.end(), field) !=
           t.required_fields.end();
  };
  // Another taken row of the same move that does not ask for the field.
  const auto taken_without = [&](std::size_t row, FieldId field) {
    for (std::size_t other = 0; other < d.transitions.size(); ++other) {
      const TransitionDef& t = d.transitions[other];
      if (other == row || !was_taken(other) || !same_move(t, d.transitions[row])) continue;
      if (!requires_field(t, field)) return true;
    }
    return false;
  };
  std::set<FieldId> cleared_noted;
  for (std::size_t row = 0; row < d.transitions.size(); ++row) {
    const TransitionDef& transition = d.transitions[row];
    if (transition.to != after.state && !was_taken(row)) continue;
    for (FieldId field : transition.required_fields) {
      if (cleared_noted.count(field) || !is_set(before.data[field]) || is_set(after.data[field])) {
        continue;
      }
      if (taken_without(row, field)) continue;
      cleared_noted.insert(field);
      CorrectionNote note;
      note.kind = CorrectionNote::Kind::kRequired;
      note.event = d.events[transition.event];
      note.field = d.fields[field].name;
      note.state = d.states[transition.to].name;
      note.text = described(d.fields[field]) + " is required by event " + note.event + " into " +
                  note.state +
                  ", and the correction leaves it empty: enter its right value once it is known";
      notes.push_back(std::move(note));
    }
  }
  return notes;
}

}  // namespace wageflow
