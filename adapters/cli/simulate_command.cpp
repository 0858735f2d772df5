// simulate FILE --from DATE --path "event@+1d, ..." [--set k=v]... [--role-any]:
// walks a hypothetical case through the path and prints each step's state
// and timers, what the clock did in between, and every binding deadline
// missed.
#include <ostream>

#include "adapters/cli/tooling_commands.h"
#include "adapters/cli/workflow_file.h"
#include "adapters/presentation/case_json.h"
#include "adapters/presentation/simulation.h"
#include "engine/lifecycle/case_lifecycle.h"
#include "engine/runtime/simulate.h"

namespace wageflow::cli {
namespace {

std::string with_label(const std::string& name, const Label& label) {
  const std::string text = label.get("zh", "");
  return text.empty() || text == name ? name : name + " (" + text + ")";
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

std::vector<std::pair<std::string, std::string>> split_sets(const std::vector<std::string>& sets,
                                                            std::string* bad) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& set : sets) {
    const auto equals = set.find('=');
    if (equals == std::string::npos || equals == 0) {
      *bad = set;
      return {};
    }
    pairs.emplace_back(set.substr(0, equals), set.substr(equals + 1));
  }
  return pairs;
}

void print_timers(const Context& context, const Definition& d, const CaseSnapshot& c, int offset) {
  for (TimerId id = 0; id < static_cast<TimerId>(d.timers.size()); ++id) {
    const TimerState* t = c.timer(id);
    if (!t) continue;
    const TimerDef& def = d.timers[id];
    context.out << "    timer " << with_label(def.name, def.label)
                << (def.binding ? ", binding" : ", internal target") << ": "
                << timer_status_name(t->status) << ", due "
                << presentation::timer_due_text(*t, offset);
    if (t->warn_at) context.out << ", warn " << presentation::timer_warn_text(*t, offset);
    if (t->extensions_used > 0) context.out << ", extended " << t->extensions_used << "x";
    if (t->provisional) context.out << ", provisional";
    context.out << "\n      " << t->explanation << "\n";
  }
}

void print_step(const Context& context, const Definition& d, const SimulatedStep& step,
                std::size_t index, int offset, const CaseSnapshot& before) {
  for (const AuditRecord& r : step.clock_records) {
    context.out << "    " << presentation::clock_line(d, r, offset) << "\n";
  }
  context.out << "[" << index << "] " << step.written << "  "
              << presentation::simulation_time(step.at, offset) << "  as " << step.role << "\n";
  if (!step.placeholders.empty()) {
    context.out << "    placeholders for required fields: " << join(step.placeholders) << "\n";
  }
  if (step.refusal) {
    context.out << "    REFUSED: " << presentation::refusal_text(step) << "\n";
    return;
  }
  const std::string corrected = presentation::corrections_text(d, step, before);
  if (!corrected.empty()) context.out << "    corrected " << corrected << "\n";
  for (const CorrectionNote& note : step.notes) context.out << "    check: " << note.text << "\n";
  const StateDef& state = d.states[step.after.state];
  context.out << "    state " << with_label(state.name, state.label) << ", case "
              << case_status_name(step.after.status) << "\n";
  print_timers(context, d, step.after, offset);
}

}  // namespace

int simulate_path(const Context& context, const SimulateCommandOptions& options) {
  std::string bad_set;
  auto opening_sets = split_sets(options.sets, &bad_set);
  if (!bad_set.empty()) {
    return context.fail(kExitUsage, "--set expects FIELD=VALUE, got '" + bad_set + "'");
  }
  auto path = parse_simulation_path(options.path);
  if (!path) return context.fail(kExitInvalid, "--path: " + path.error());
  const auto definition = load_workflow_file(context, options.file);
  if (!definition) return kExitInvalid;
  const Definition& d = *definition;
  const int offset = utc_offset_of(d);
  const std::optional<Instant> from = parse_instant(options.from, offset);
  if (!from) {
    return context.fail(kExitInvalid,
                        "--from expects YYYY-MM-DD (09:00 that day) or "
                        "YYYY-MM-DDTHH:MM, not '" +
                            options.from + "'");
  }

  SimulationOptions simulation_options;
  simulation_options.opening_sets = std::move(opening_sets);
  simulation_options.try_every_role = options.role_any;
  const Simulation s = simulate(d, *from, *path, simulation_options);

  context.out << "simulation of " << with_label(d.id, d.title) << " version " << d.version
              << " on calendar " << (d.calendar ? d.calendar->name() : "?") << "\n";
  for (std::size_t i = 0; i < s.steps.size(); ++i) {
    print_step(context, d, s.steps[i], i, offset, i == 0 ? s.steps[i].after : s.steps[i - 1].after);
  }

  for (const MissedDeadline& m : s.missed) {
    const TimerDef& def = d.timers[m.timer];
    context.out << "MISSED: binding timer " << with_label(def.name, def.label) << " due "
                << presentation::timer_due_text(m.state, offset) << " was " << m.how << " from "
                << presentation::simulation_time(m.at, offset) << ", before step [" << m.before_step
                << "] " << s.steps.at(m.before_step).written << "\n";
  }
  if (!s.error.empty()) return context.fail(kExitInvalid, "--path: " + s.error);
  if (s.refused()) {
    const SimulatedStep& step = s.steps.back();
    return context.fail(kExitInvalid, "step [" + std::to_string(s.steps.size() - 1) + "] " +
                                          step.written +
                                          " was refused: " + presentation::refusal_text(step));
  }
  const StateDef& end = d.states[s.steps.back().after.state];
  context.out << "path complete: state " << with_label(end.name, end.label) << ", case "
              << case_status_name(s.steps.back().after.status) << "; "
              << (s.missed.empty()
                      ? "no binding deadline missed"
                      : std::to_string(s.missed.size()) + " binding deadline(s) missed")
              << "\n";
  if (!s.missed.empty()) {
    std::vector<std::string> names;
    for (const MissedDeadline& m : s.missed) {
      names.push_back(d.timers[m.timer].name + " (due " +
                      presentation::timer_due_text(m.state, offset) + ")");
    }
    return context.fail(kExitInvalid,
                        std::to_string(s.missed.size()) +
                            " binding deadline(s) missed along the path: " + join(names));
  }
  return kExitDone;
}

}  // namespace wageflow::cli
