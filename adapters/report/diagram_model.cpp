#include "adapters/report/diagram_model.h"

#include <algorithm>

namespace wageflow::report::detail {
namespace {

bool chinese(const DiagramOptions& options) {
  return options.locale.empty() || options.locale == "zh";
}

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

std::string role_list(const Definition& def, const std::vector<RoleId>& roles) {
  std::vector<std::string> names;
  for (RoleId r : roles) names.push_back(def.roles.at(r));
  return "[" + join(names) + "]";
}

// "label" and "id", or just the id when there is no label (or it is the id).
void add_name_lines(const Label& label, const std::string& id, const DiagramOptions& options,
                    std::vector<std::string>* lines) {
  const std::string text = label.get(options.locale, "");
  if (!text.empty() && text != id) lines->push_back(text);
  lines->push_back(id);
}

// The states a timer is started on: the states it starts on entering, or
// the states its start events lead to.
std::vector<StateId> start_states(const Definition& def, const TimerDef& timer) {
  std::vector<StateId> states;
  auto add = [&](StateId s) {
    if (std::find(states.begin(), states.end(), s) == states.end()) states.push_back(s);
  };
  if (timer.start.kind == TimerCondition::Kind::kEnter) {
    for (int s : timer.start.ids) add(s);
  } else if (timer.start.kind == TimerCondition::Kind::kEvent) {
    for (const TransitionDef& row : def.transitions) {
      if (std::find(timer.start.ids.begin(), timer.start.ids.end(), row.event) !=
          timer.start.ids.end()) {
        add(row.to);
      }
    }
  }
  return states;
}

// "timer award_limit 仲裁审理期限: 45 days from accept, warn 5 days" and
// "extend_award_limit +15 days ×1 [director]; expire: escalate director".
std::vector<std::string> timer_lines(const Definition& def, const TimerDef& timer,
                                     const DiagramOptions& options) {
  std::string head = "timer " + timer.name;
  const std::string label = timer.label.get(options.locale, "");
  if (!label.empty() && label != timer.name) head += " " + label;
  head += ": " + timer.duration.to_string();
  if (timer.start.kind == TimerCondition::Kind::kEvent) {
    std::vector<std::string> events;
    for (int e : timer.start.ids) events.push_back(def.events.at(e));
    head += " from " + join(events, "/");
  }
  if (timer.warn) head += ", warn " + timer.warn->to_string();
  head += timer.binding ? " (binding)" : " (target)";

  std::vector<std::string> details;
  if (timer.extend) {
    std::string extend = def.events.at(timer.extend->event) + " +" + timer.extend->by.to_string() +
                         " ×" + std::to_string(timer.extend->times);
    if (!timer.extend->roles.empty()) extend += " " + role_list(def, timer.extend->roles);
    details.push_back(extend);
  }
  if (timer.expire.kind == TimerDef::Expire::Kind::kEscalate) {
    details.push_back("expire: escalate " + def.roles.at(timer.expire.escalate_to));
  } else if (timer.expire.kind == TimerDef::Expire::Kind::kFire) {
    details.push_back("expire: fire " + def.events.at(timer.expire.fire));
  }
  std::vector<std::string> lines = {head};
  if (!details.empty()) lines.push_back("  " + join(details, "; "));
  return lines;
}

std::vector<StateId> open_states(const Definition& def) {
  std::vector<StateId> states;
  for (StateId s = 0; s < static_cast<StateId>(def.states.size()); ++s) {
    if (!def.states[s].final) states.push_back(s);
  }
  return states;
}

std::vector<std::string> edge_lines(const Definition& def, const TransitionDef& row) {
  std::vector<std::string> lines = {def.events.at(row.event)};
  if (!row.roles.empty()) lines.push_back(role_list(def, row.roles));
  if (row.guard) lines.push_back("if " + row.guard->text());
  return lines;
}

}  // namespace

DiagramModel build_model(const Definition& def, const DiagramOptions& options) {
  DiagramModel model;
  const bool zh = chinese(options);
  const std::string title = def.title.get(options.locale, "");
  if (!title.empty()) model.title.push_back(title);
  model.title.push_back(def.id + " v" + std::to_string(def.version));
  model.open_group = zh ? "办理中 (open)" : "open";
  model.final_group = zh ? "已结案 (final)" : "final";
  model.entry_label = zh ? "开始" : "start";

  for (const StateDef& state : def.states) {
    DiagramNode node;
    node.initial = state.initial;
    node.final = state.final;
    add_name_lines(state.label, state.name, options, &node.lines);
    model.nodes.push_back(std::move(node));
  }
  for (const TimerDef& timer : def.timers) {
    for (StateId s : start_states(def, timer)) {
      for (auto& line : timer_lines(def, timer, options)) model.nodes[s].lines.push_back(line);
    }
  }

  // Rows from every open state (`from: '*'`, or all of them listed) are
  // drawn once, from the "*" node, when there are at least two open states.
  const std::vector<StateId> open = open_states(def);
  int any_node = -1;
  for (const TransitionDef& row : def.transitions) {
    std::vector<StateId> from = row.from;
    std::sort(from.begin(), from.end());
    const bool from_any = open.size() >= 2 && from == open;
    if (from_any && any_node < 0) {
      DiagramNode node;
      node.any_open_state = true;
      node.lines = {"*", zh ? "任一未结状态 (any open state)" : "any open state"};
      any_node = static_cast<int>(model.nodes.size());
      model.nodes.push_back(std::move(node));
    }
    const std::vector<std::string> lines = edge_lines(def, row);
    if (from_any) {
      model.edges.push_back(DiagramEdge{any_node, row.to, lines});
      continue;
    }
    for (StateId s : row.from) model.edges.push_back(DiagramEdge{s, row.to, lines});
  }
  return model;
}

}  // namespace wageflow::report::detail
