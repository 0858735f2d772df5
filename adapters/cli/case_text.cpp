#include "adapters/cli/case_text.h"

#include <map>
#include <ostream>
#include <string>

#include "adapters/cli/context.h"
#include "adapters/cli/text_width.h"
#include "adapters/presentation/case_json.h"
#include "adapters/presentation/deadline.h"

namespace wageflow::cli {
namespace {

using presentation::field_text;
using presentation::Pii;
using presentation::timer_due_text;
using presentation::timer_warn_text;

constexpr int kLabelWidth = 12;

const char* case_status_label(CaseStatus status) {
  switch (status) {
    case CaseStatus::kActive:
      return "办理中";
    case CaseStatus::kSuspended:
      return "已中止";
    case CaseStatus::kClosed:
      return "已结案";
  }
  return "?";
}

const char* timer_status_label(TimerStatus status) {
  switch (status) {
    case TimerStatus::kRunning:
      return "计时中";
    case TimerStatus::kWarned:
      return "已提醒";
    case TimerStatus::kOverdue:
      return "已超期";
    case TimerStatus::kPaused:
      return "已暂停";
    case TimerStatus::kStopped:
      return "已停止";
    case TimerStatus::kExpired:
      return "已到期";
  }
  return "?";
}

// "计时中 (running)".
std::string timer_status_text(TimerStatus status) {
  return std::string(timer_status_label(status)) + " (" + timer_status_name(status) + ")";
}

// "先行调解 (mediation)", or just the name when there is no label.
std::string labelled(const Label& label, const std::string& name) {
  std::string text = label.get("zh");
  return text.empty() || text == name ? name : text + " (" + name + ")";
}

void line(std::ostream& out, const char* label, const std::string& value) {
  out << pad_to(label, kLabelWidth) << value << '\n';
}

// One timer's line, its name and status padded to `name_width` and
// `status_width` columns so that the lines of a case align.
void print_timer(std::ostream& out, const Definition& definition, CaseStatus case_status,
                 const TimerState& timer, Instant now, int name_width, int status_width,
                 const std::map<std::string, std::string>& expiries_not_fired) {
  const TimerDef& def = definition.timers.at(timer.timer);
  const int offset = utc_offset_of(definition);
  out << "  " << pad_to(labelled(def.label, def.name), name_width)
      << pad_to(timer_status_text(timer.status), status_width) << "截止 "
      << timer_due_text(timer, offset);
  if (timer.warn_at) out << "  提醒 " << timer_warn_text(timer, offset);
  if (timer.status == TimerStatus::kPaused && timer.paused_at) {
    out << "  恢复后剩余 " << left_at_pause(definition, timer, *timer.paused_at).to_string();
  }
  if (timer.status != TimerStatus::kOverdue && timer.past_due_at(now)) {
    out << "  已超期 (overdue; no tick has recorded it yet)";
  }
  if (def.extend) out << "  已延长 " << timer.extensions_used << "/" << def.extend->times << " 次";
  if (timer.provisional) out << "  暂定 (provisional: the calendar does not list that year yet)";
  if (timer.status == TimerStatus::kOverdue) {
    if (auto held = held_expiry(definition, case_status, timer)) {
      out << "  暂缓自动办理 " << definition.events.at(held->event)
          << (held->until == HeldExpiry::Until::kYearListed
                  ? " (held until the year is listed: wageflow timers recompute)"
                  : " (held until the case is resumed: case resume fires it)");
    }
  }
  if (timer.escalated) out << "  已上报 (escalated)";
  if (!def.binding) out << "  内部目标 (not binding)";
  out << '\n';
  if (!timer.explanation.empty()) out << "      " << timer.explanation << '\n';
  if (timer.status != TimerStatus::kExpired) return;
  if (auto found = expiries_not_fired.find(def.name); found != expiries_not_fired.end()) {
    out << "      未自动办理 (expiry event not fired): " << found->second << '\n';
  }
}

}  // namespace

const TimerState* nearest_live_timer(const CaseSnapshot& snapshot) {
  const TimerState* nearest = nullptr;
  for (const auto& timer : snapshot.timers) {
    if (!timer_is_live(timer.status)) continue;
    if (!nearest || timer.due_at < nearest->due_at) nearest = &timer;
  }
  return nearest;
}

void print_case_details(std::ostream& out, const Definition& definition,
                        const CaseSnapshot& snapshot, Instant now,
                        const std::map<std::string, std::string>& expiries_not_fired) {
  const int offset = utc_offset_of(definition);
  line(out, "案件编号", snapshot.id);
  line(out, "流程",
       labelled(definition.title, snapshot.workflow) + " v" + std::to_string(snapshot.version));
  const StateDef& state = definition.states.at(snapshot.state);
  line(out, "当前环节", labelled(state.label, state.name));
  line(out, "案件状态",
       std::string(case_status_label(snapshot.status)) + " (" + case_status_name(snapshot.status) +
           ")");
  line(out, "立案时间", format_local(snapshot.opened_at, offset));
  line(out, "更新时间", format_local(snapshot.updated_at, offset));
  line(out, "记录版本", std::to_string(snapshot.row_version));

  out << "案件信息\n";
  int width = 0;
  for (const auto& field : definition.fields) {
    width = std::max(width, display_width(labelled(field.label, field.name)));
  }
  for (std::size_t i = 0; i < definition.fields.size() && i < snapshot.data.size(); ++i) {
    const FieldDef& field = definition.fields[i];
    std::string value =
        is_set(snapshot.data[i]) ? field_text(field, snapshot.data[i], Pii::kShown) : "—";
    out << "  " << pad_to(labelled(field.label, field.name), width + 2) << value << '\n';
  }

  out << "期限\n";
  if (snapshot.timers.empty()) out << "  (none)\n";
  int name_width = 0, status_width = 0;
  for (const auto& timer : snapshot.timers) {
    const TimerDef& def = definition.timers.at(timer.timer);
    name_width = std::max(name_width, display_width(labelled(def.label, def.name)) + 2);
    status_width = std::max(status_width, display_width(timer_status_text(timer.status)) + 2);
  }
  for (const auto& timer : snapshot.timers) {
    print_timer(out, definition, snapshot.status, timer, now, name_width, status_width,
                expiries_not_fired);
  }

  std::string events;
  for (EventId event : events_possible(definition, snapshot)) {
    events += (events.empty() ? "" : ", ") + definition.events.at(event);
  }
  line(out, "可办理事项", events.empty() ? "(none)" : events);
}

void print_case_table(std::ostream& out, const std::vector<CaseRow>& rows, Instant now) {
  if (rows.empty()) {
    out << "(no cases)\n";
    return;
  }
  struct Cells {
    std::string id, workflow, state, status, deadline, data;
  };
  std::vector<Cells> table;
  table.push_back({"案件编号", "流程", "环节", "状态", "最近期限", "案件信息"});
  for (const auto& row : rows) {
    const Definition& def = *row.definition;
    const CaseSnapshot& s = row.snapshot;
    Cells cells{s.id, s.workflow, def.states.at(s.state).name, case_status_name(s.status), "-", ""};
    const TimerState* stuck = nullptr;
    if (!row.not_fired.empty()) {
      if (auto id = def.timer_id(row.not_fired.begin()->first)) stuck = s.timer(*id);
    }
    if (stuck) {
      cells.deadline = timer_due_text(*stuck, utc_offset_of(def)) + " " +
                       def.timers.at(stuck->timer).name + " (expired, not fired)";
    } else if (const TimerState* timer = nearest_live_timer(s)) {
      cells.deadline =
          timer_due_text(*timer, utc_offset_of(def)) + " " + def.timers.at(timer->timer).name;
      if (timer->past_due_at(now)) cells.deadline += " (overdue)";
      if (timer->provisional) cells.deadline += " (provisional)";
    }
    bool personal_shown = false;
    for (std::size_t i = 0; i < def.fields.size() && i < s.data.size(); ++i) {
      const bool first_personal = def.fields[i].pii && !personal_shown;
      personal_shown = personal_shown || def.fields[i].pii;
      if (!(def.fields[i].required || first_personal) || !is_set(s.data[i])) continue;
      cells.data += (cells.data.empty() ? "" : " ") + def.fields[i].name + "=" +
                    field_text(def.fields[i], s.data[i], Pii::kMasked);
    }
    table.push_back(cells);
  }
  int widths[5] = {0, 0, 0, 0, 0};
  for (const auto& c : table) {
    const std::string* cols[5] = {&c.id, &c.workflow, &c.state, &c.status, &c.deadline};
    for (int k = 0; k < 5; ++k) widths[k] = std::max(widths[k], display_width(*cols[k]) + 2);
  }
  for (const auto& c : table) {
    std::string text = pad_to(c.id, widths[0]) + pad_to(c.workflow, widths[1]) +
                       pad_to(c.state, widths[2]) + pad_to(c.status, widths[3]) +
                       pad_to(c.deadline, widths[4]) + c.data;
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << '\n';
  }
}

void add_counting_timers(const Definition& definition, const CaseSnapshot& snapshot,
                         std::vector<ShownTimer>& shown) {
  for (const TimerState& timer : snapshot.timers) {
    if (timer_is_live(timer.status) || timer.status == TimerStatus::kPaused) {
      shown.emplace_back(&definition, &timer);
    }
  }
}

void note_provisional(std::ostream& err, const std::vector<ShownTimer>& shown) {
  std::map<std::string, const Calendar*> calendars;
  for (const auto& [definition, timer] : shown) {
    if (timer && timer->provisional && definition->calendar) {
      calendars.emplace(definition->calendar->name(), definition->calendar.get());
    }
  }
  for (const auto& [name, calendar] : calendars) {
    err << "wageflow: note: " << presentation::provisional_note(*calendar) << '\n';
  }
}

std::string expiry_not_fired_line(const std::string& case_id, const std::string& timer,
                                  const std::string& refused, bool dry_run) {
  return "wageflow: case " + case_id + ", timer " + timer +
         (dry_run ? " would expire: " : " expired: ") + refused + "\n";
}

}  // namespace wageflow::cli
