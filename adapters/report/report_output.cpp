#include "adapters/report/report_output.h"

#include <sstream>

namespace wageflow::report {
namespace {

std::string num(std::int64_t n) {
  return std::to_string(n);
}

const char* outcome_label(int outcome) {
  static const char* const kLabels[kOutcomeCount] = {"调解结案", "裁决结案", "撤回结案",
                                                     "不予受理", "移送结案", "其他结案"};
  return kLabels[outcome];
}

void add_tally_rows(std::vector<FigureRow>& rows, const std::string& section,
                    const std::map<std::string, Tally>& tallies) {
  for (const auto& [group, t] : tallies) {
    rows.push_back({section, group, "received", "收案数", num(t.received)});
    rows.push_back({section, group, "closed", "结案数", num(t.closed)});
    rows.push_back({section, group, "amount_claimed", "请求金额（元）", yuan(t.claimed_fen)});
    rows.push_back({section, group, "amount_recovered", "追回金额（元）", yuan(t.recovered_fen)});
  }
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

nlohmann::ordered_json ratio_json(const Ratio& ratio) {
  return {{"numerator", ratio.numerator},
          {"denominator", ratio.denominator},
          {"percent", ratio.percent()}};
}

nlohmann::ordered_json money_json(std::int64_t fen) {
  return {{"yuan", yuan(fen)}, {"fen", fen}};
}

nlohmann::ordered_json tallies_json(const std::map<std::string, Tally>& tallies) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [group, t] : tallies) {
    out[group] = {{"received", t.received},
                  {"closed", t.closed},
                  {"amount_claimed", money_json(t.claimed_fen)},
                  {"amount_recovered", money_json(t.recovered_fen)}};
  }
  return out;
}

nlohmann::ordered_json status_json(const PeriodStatus& status) {
  nlohmann::ordered_json out = {{"period", status.deadline.period.name()},
                                {"named_date", status.deadline.named.to_string()},
                                {"last_day", status.deadline.last_day.to_string()},
                                {"provisional", status.deadline.provisional},
                                {"ended", status.ended},
                                {"late", status.late}};
  if (status.submitted) {
    out["submitted"] = {{"by", status.submitted->by},
                        {"at", format_utc(status.submitted->at)},
                        {"office", status.submitted->office},
                        {"late", status.submitted_late}};
  } else {
    out["submitted"] = nullptr;
  }
  return out;
}

}  // namespace

std::vector<FigureRow> figure_rows(const Figures& f) {
  std::vector<FigureRow> rows;
  auto summary = [&rows](const char* key, const char* label, std::string value) {
    rows.push_back({"summary", "", key, label, std::move(value)});
  };
  summary("pending_at_start", "期初未结案件数", num(f.pending_at_start));
  summary("received", "收案数", num(f.received));
  summary("closed", "结案数", num(f.closed));
  summary("pending_at_end", "期末未结案件数", num(f.pending_at_end));
  summary("collective_cases", "集体争议案件数（10人以上）", num(f.collective_cases));
  summary("workers_involved", "涉及劳动者人数", num(f.workers_involved));
  summary("collective_workers", "集体争议涉及人数", num(f.collective_workers));
  summary("mediation_success_rate", "调解成功率", f.mediation_success.percent());
  summary("on_time_rate", "按期结案率（法定期限）", f.on_time.percent());
  summary("on_time_closed", "按期结案数", num(f.on_time.numerator));
  summary("on_time_counted", "计入按期率的结案数", num(f.on_time.denominator));
  summary("overdue_now", "当前超期未结案件数", num(f.overdue_now));
  // No closure counted: no duration to tell, shown as the rates show it.
  const bool timed = f.durations_counted > 0;
  summary("median_working_days", "受理至结案工作日（中位数）",
          timed ? num(f.median_working_days) : "-");
  summary("p90_working_days", "受理至结案工作日（90%分位）", timed ? num(f.p90_working_days) : "-");
  summary("durations_counted", "计入办案时长的结案数", num(f.durations_counted));
  summary("amount_claimed", "请求金额（元）", yuan(f.claimed_fen));
  summary("amount_recovered", "追回金额（元）", yuan(f.recovered_fen));
  for (int i = 0; i < kOutcomeCount; ++i) {
    rows.push_back({"closed_by", "", outcome_key(static_cast<Outcome>(i)), outcome_label(i),
                    num(f.closed_by[i])});
  }
  auto legal = [&rows](const char* key, const char* label, std::int64_t value) {
    rows.push_back({"legal_aid", "", key, label, num(value)});
  };
  legal("consultations", "法律援助咨询登记数", f.legal_aid_consultations);
  legal("applications", "法律援助申请数", f.legal_aid_applications);
  legal("granted", "给予法律援助数", f.legal_aid_granted);
  legal("refused", "不予法律援助数", f.legal_aid_refused);
  legal("referrals_to_arbitration", "转入仲裁数", f.legal_aid_referrals);
  add_tally_rows(rows, "region", f.by_region);
  add_tally_rows(rows, "industry", f.by_industry);
  for (const MonthCount& m : f.months) {
    rows.push_back({"month", m.month, "received", "收案数", num(m.received)});
    rows.push_back({"month", m.month, "closed", "结案数", num(m.closed)});
    rows.push_back({"month", m.month, "amount_recovered", "追回金额（元）", yuan(m.recovered_fen)});
  }
  for (const auto& [state, count] : f.backlog_by_state) {
    rows.push_back({"backlog", state, "pending", "期末未结案件数", num(count)});
  }
  for (const auto& [office, ratio] : f.on_time_by_office) {
    rows.push_back({"on_time_by_office", office, "on_time_rate", "按期结案率", ratio.percent()});
  }
  return rows;
}

std::string render_table(const Figures& f) {
  std::ostringstream out;
  out << "Report " << f.period.name() << " (" << f.period.first_day().to_string() << " .. "
      << f.period.end_day().plus_days(-1).to_string() << ", UTC"
      << (f.utc_offset_minutes >= 0 ? "+" : "-") << std::abs(f.utc_offset_minutes) / 60
      << ")  office: " << (f.office.empty() ? "all" : f.office)
      << "  workflow: " << (f.workflow.empty() ? "all arbitration" : f.workflow) << '\n';
  out << "figures as of " << format_local(Instant{f.end_at}, f.utc_offset_minutes)
      << "; overdue as of " << format_local(Instant{f.now}, f.utc_offset_minutes) << '\n';
  std::string section;
  for (const FigureRow& row : figure_rows(f)) {
    const std::string heading = row.section + (row.group.empty() ? "" : " " + row.group);
    if (heading != section) {
      section = heading;
      out << "\n[" << heading << "]\n";
    }
    std::string key = row.key;
    key.resize(std::max<std::size_t>(key.size(), 26), ' ');
    std::string value = row.value;
    if (value.size() < 14) value.insert(0, 14 - value.size(), ' ');
    out << "  " << key << value << "  " << row.label << '\n';
  }
  return out.str();
}

std::string render_csv(const Figures& f) {
  std::string out = "\xEF\xBB\xBF";
  out += "section,group,figure,label,value\r\n";
  out += "period,," + f.period.name() + ",报告期," + f.period.name() + "\r\n";
  out += "scope,,office,机构," + csv_field(f.office) + "\r\n";
  out += "scope,,workflow,流程," + csv_field(f.workflow) + "\r\n";
  for (const FigureRow& row : figure_rows(f)) {
    out += csv_field(row.section) + ',' + csv_field(row.group) + ',' + csv_field(row.key) + ',' +
           csv_field(row.label) + ',' + csv_field(row.value) + "\r\n";
  }
  return out;
}

nlohmann::ordered_json report_json(const Figures& f) {
  nlohmann::ordered_json closed_by = nlohmann::ordered_json::object();
  for (int i = 0; i < kOutcomeCount; ++i) {
    closed_by[outcome_key(static_cast<Outcome>(i))] = f.closed_by[i];
  }
  nlohmann::ordered_json months = nlohmann::ordered_json::array();
  for (const MonthCount& m : f.months) {
    months.push_back({{"month", m.month},
                      {"received", m.received},
                      {"closed", m.closed},
                      {"amount_recovered", money_json(m.recovered_fen)}});
  }
  nlohmann::ordered_json offices = nlohmann::ordered_json::object();
  for (const auto& [office, ratio] : f.on_time_by_office) offices[office] = ratio_json(ratio);
  return {
      {"period", f.period.name()},
      {"first_day", f.period.first_day().to_string()},
      {"last_day", f.period.end_day().plus_days(-1).to_string()},
      {"office", f.office},
      {"workflow", f.workflow},
      {"as_of", format_local(Instant{f.end_at}, f.utc_offset_minutes)},
      {"now", format_local(Instant{f.now}, f.utc_offset_minutes)},
      {"pending_at_start", f.pending_at_start},
      {"received", f.received},
      {"closed", f.closed},
      {"closed_by", closed_by},
      {"pending_at_end", f.pending_at_end},
      {"collective_cases", f.collective_cases},
      {"workers_involved", f.workers_involved},
      {"collective_workers", f.collective_workers},
      {"mediation_success_rate", ratio_json(f.mediation_success)},
      {"on_time_rate", ratio_json(f.on_time)},
      {"overdue_now", f.overdue_now},
      {"working_days_to_closure",
       {{"counted", f.durations_counted},
        {"median", f.median_working_days},
        {"p90", f.p90_working_days}}},
      {"amount_claimed", money_json(f.claimed_fen)},
      {"amount_recovered", money_json(f.recovered_fen)},
      {"by_region", tallies_json(f.by_region)},
      {"by_industry", tallies_json(f.by_industry)},
      {"months", months},
      {"backlog_by_state", f.backlog_by_state},
      {"on_time_by_office", offices},
      {"legal_aid",
       {{"consultations", f.legal_aid_consultations},
        {"applications", f.legal_aid_applications},
        {"granted", f.legal_aid_granted},
        {"refused", f.legal_aid_refused},
        {"referrals_to_arbitration", f.legal_aid_referrals}}},
  };
}

nlohmann::ordered_json submission_json(const SubmissionCalendar& calendar) {
  nlohmann::ordered_json unreported = nlohmann::ordered_json::array();
  for (const auto& status : calendar.unreported) unreported.push_back(status_json(status));
  nlohmann::ordered_json periods = nlohmann::ordered_json::array();
  for (const auto& status : calendar.periods) periods.push_back(status_json(status));
  return {{"next", calendar.next ? status_json(*calendar.next) : nlohmann::ordered_json()},
          {"unreported", unreported},
          {"periods", periods}};
}

std::string render_submission_lines(const SubmissionCalendar& calendar) {
  std::ostringstream out;
  if (calendar.next) {
    const Deadline& d = calendar.next->deadline;
    out << "next submission: " << d.period.name() << " by " << d.last_day.to_string();
    if (d.last_day != d.named) out << " (named " << d.named.to_string() << ", a rest day)";
    if (d.provisional) out << " (provisional: past the calendar's listed years)";
    out << (calendar.next->submitted ? " - submitted" : "") << '\n';
  }
  out << "unreported:";
  if (calendar.unreported.empty()) out << " none";
  for (const auto& status : calendar.unreported) {
    out << ' ' << status.deadline.period.name() << (status.late ? " (late)" : "");
  }
  out << '\n';
  return out.str();
}

}  // namespace wageflow::report
