#include "engine/runtime/correction_notes.h"

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

}  // namespace

std::vector<CorrectionNote> correction_notes(const Definition& d, const CaseSnapshot& before,
                                             const CaseSnapshot& after) {
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
  for (const TransitionDef& transition : d.transitions) {
    if (transition.to != after.state || !transition.guard) continue;
    std::string ignored;
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
  return notes;
}

}  // namespace wageflow
