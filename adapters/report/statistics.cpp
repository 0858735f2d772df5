#include "adapters/report/statistics.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <memory>

#include "adapters/report/case_history.h"
#include "engine/core/money.h"

namespace wageflow::report {
namespace {

constexpr const char* kUnset = "(未填)";

bool parse_int(std::string_view text, int& out) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

// The first of `candidates` that the definition has and does not mark pii.
std::string pick_field(const Definition& definition, const std::vector<std::string>& candidates) {
  for (const auto& name : candidates) {
    auto id = definition.field_id(name);
    if (id && !definition.fields[*id].pii) return name;
  }
  return "";
}

// What the report reads from one workflow definition (by its hash).
struct WorkflowReading {
  std::shared_ptr<const Definition> definition;
  bool legal_aid = false;
  // What the legal-aid figures count ("" counts nothing); legal_aid only.
  std::string application_event, granted_event, refused_event, referral_state;
  std::string workers, claimed, recovered, region, industry;
  std::map<std::string, Outcome> outcome_of_state;
};

std::string field_name(const Definition& definition, const std::optional<FieldId>& id) {
  return id ? definition.fields[*id].name : "";
}

Outcome outcome_named(const std::string& name) {
  for (int i = 0; i < kOutcomeCount; ++i) {
    if (name == outcome_key(static_cast<Outcome>(i))) return static_cast<Outcome>(i);
  }
  return Outcome::kOther;
}

WorkflowReading reading_of(std::shared_ptr<const Definition> definition,
                           const StatisticsConventions& conventions) {
  WorkflowReading reading;
  const StatisticsDef& stats = definition->statistics;
  if (stats.legal_aid) {
    // The workflow says it is a legal-aid one, and what its figures count.
    auto event = [&](const std::optional<EventId>& id) {
      return id ? definition->events[*id] : std::string();
    };
    reading.legal_aid = true;
    reading.application_event = event(stats.legal_aid->application);
    reading.granted_event = event(stats.legal_aid->granted);
    reading.refused_event = event(stats.legal_aid->refused);
    if (stats.legal_aid->referral) {
      reading.referral_state = definition->states[*stats.legal_aid->referral].name;
    }
  } else {
    // Recognised by its events (a text without `legal_aid:`, e.g. one a
    // case was pinned to before the key existed).
    reading.legal_aid = !conventions.legal_aid_events.empty();
    for (const auto& event : conventions.legal_aid_events) {
      if (!definition->event_id(event)) reading.legal_aid = false;
    }
    if (reading.legal_aid) {
      reading.application_event = conventions.apply_event;
      reading.granted_event = conventions.grant_event;
      reading.refused_event = conventions.refuse_event;
      reading.referral_state = conventions.arbitration_state;
    }
  }
  if (stats.present) {
    // The workflow says what it reports; nothing else is read.
    reading.workers = field_name(*definition, stats.workers);
    reading.claimed = field_name(*definition, stats.claimed);
    reading.recovered = field_name(*definition, stats.recovered);
    reading.region = field_name(*definition, stats.region);
    reading.industry = field_name(*definition, stats.industry);
    for (const auto& [state, outcome] : stats.outcomes) {
      reading.outcome_of_state[definition->states[state].name] = outcome_named(outcome);
    }
  } else {
    reading.workers = pick_field(*definition, conventions.workers_fields);
    reading.claimed = pick_field(*definition, conventions.claimed_fields);
    reading.recovered = pick_field(*definition, conventions.recovered_fields);
    reading.region = pick_field(*definition, conventions.region_fields);
    reading.industry = pick_field(*definition, conventions.industry_fields);
    reading.outcome_of_state = conventions.outcome_of_state;
  }
  reading.definition = std::move(definition);
  return reading;
}

std::string text_of(const CaseHistory& history, const std::string& field) {
  if (field.empty()) return "";
  auto it = history.data.find(field);
  return it == history.data.end() ? "" : it->second;
}

std::int64_t fen_of(const CaseHistory& history, const std::string& field) {
  auto money = Money::parse(text_of(history, field));
  return money ? money->fen : 0;
}

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent) {
  if (sorted.empty()) return 0;
  const std::size_t n = sorted.size();
  std::size_t rank = (n * static_cast<std::size_t>(percent) + 99) / 100;  // ceil(p/100 * n)
  if (rank < 1) rank = 1;
  return sorted[rank - 1];
}

bool in(Instant at, std::int64_t start, std::int64_t end) {
  return at.seconds >= start && at.seconds < end;
}

std::string month_of(Instant at, int offset) {
  Date day = local_date(at, offset);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", day.year(), day.month());
  return text;
}

class Accumulator {
 public:
  Accumulator(const ReportRequest& request, Figures& figures) : request_(request), f_(figures) {}

  void add(const WorkflowReading& reading, const CaseRecord& row,
           const std::vector<StoredAuditRecord>& trail) {
    const Definition& definition = *reading.definition;
    const Instant end{f_.end_at};
    const CaseHistory history = case_history(definition, trail, end);
    const bool case_figures = !reading.legal_aid || !request_.workflow.empty();
    if (reading.legal_aid) add_legal_aid(reading, history);
    if (!case_figures || !history.opened) return;

    const std::int64_t start = f_.start_at;
    const bool open_at_start = history.opened_at.seconds < start &&
                               !(history.closed_at && history.closed_at->seconds < start);
    const bool received = history.opened_at.seconds >= start;
    const bool closed = history.closed_at && history.closed_at->seconds >= start;
    if (open_at_start) ++f_.pending_at_start;
    if (!history.closed_at) {
      ++f_.pending_at_end;
      const auto state = definition.state_id(history.state);
      const std::string label =
          state ? definition.states[*state].label.get("zh", history.state) : history.state;
      ++f_.backlog_by_state[label];
    }
    const std::string region = or_unset(text_of(history, reading.region));
    const std::string industry = or_unset(text_of(history, reading.industry));
    if (received) add_received(reading, history, region, industry);
    if (closed) add_closed(reading, row, history, region, industry);
  }

  void add_overdue(const WorkflowReading& reading, const std::vector<StoredAuditRecord>& trail) {
    if (reading.legal_aid && request_.workflow.empty()) return;
    const CaseHistory now = case_history(*reading.definition, trail, Instant{f_.now});
    if (now.opened && !now.closed_at && now.overdue_at_cut) ++f_.overdue_now;
  }

  void finish() {
    std::sort(durations_.begin(), durations_.end());
    f_.durations_counted = static_cast<std::int64_t>(durations_.size());
    f_.median_working_days = nearest_rank(durations_, 50);
    f_.p90_working_days = nearest_rank(durations_, 90);
    f_.mediation_success = {f_.closed_by[static_cast<int>(Outcome::kMediated)],
                            f_.closed_by[static_cast<int>(Outcome::kMediated)] +
                                f_.closed_by[static_cast<int>(Outcome::kAwarded)]};
  }

 private:
  static std::string or_unset(const std::string& text) { return text.empty() ? kUnset : text; }

  MonthCount& month(Instant at) {
    const std::string name = month_of(at, f_.utc_offset_minutes);
    for (auto& m : f_.months) {
      if (m.month == name) return m;
    }
    return f_.months.back();  // not reached: the months cover the period
  }

  void add_received(const WorkflowReading& reading, const CaseHistory& history,
                    const std::string& region, const std::string& industry) {
    ++f_.received;
    ++month(history.opened_at).received;
    int workers = 0;
    if (!parse_int(text_of(history, reading.workers), workers) || workers < 1) workers = 1;
    f_.workers_involved += workers;
    if (workers >= request_.conventions.collective_threshold) {
      ++f_.collective_cases;
      f_.collective_workers += workers;
    }
    const std::int64_t claimed = fen_of(history, reading.claimed);
    f_.claimed_fen += claimed;
    for (Tally* tally : {&f_.by_region[region], &f_.by_industry[industry]}) {
      ++tally->received;
      tally->claimed_fen += claimed;
    }
  }

  void add_closed(const WorkflowReading& reading, const CaseRecord& row, const CaseHistory& history,
                  const std::string& region, const std::string& industry) {
    const Definition& definition = *reading.definition;
    ++f_.closed;
    auto outcome = reading.outcome_of_state.find(history.final_state);
    const Outcome category =
        outcome == reading.outcome_of_state.end() ? Outcome::kOther : outcome->second;
    ++f_.closed_by[static_cast<int>(category)];
    const std::int64_t recovered = fen_of(history, reading.recovered);
    f_.recovered_fen += recovered;
    MonthCount& m = month(*history.closed_at);
    ++m.closed;
    m.recovered_fen += recovered;
    for (Tally* tally : {&f_.by_region[region], &f_.by_industry[industry]}) {
      ++tally->closed;
      tally->recovered_fen += recovered;
    }
    if (history.binding_timer_started) {
      const std::int64_t met = history.binding_deadline_missed ? 0 : 1;
      f_.on_time.numerator += met;
      ++f_.on_time.denominator;
      Ratio& office = f_.on_time_by_office[row.office.empty() ? "(无)" : row.office];
      office.numerator += met;
      ++office.denominator;
    }
    if (history.accepted_at && definition.calendar) {
      const int offset = definition.calendar->utc_offset_minutes();
      durations_.push_back(definition.calendar->count_after(
          local_date(*history.accepted_at, offset), local_date(*history.closed_at, offset),
          Duration::Unit::kWorkingDays));
    }
  }

  void add_legal_aid(const WorkflowReading& reading, const CaseHistory& history) {
    if (history.opened && in(history.opened_at, f_.start_at, f_.end_at)) {
      ++f_.legal_aid_consultations;
    }
    auto counts = [](const std::string& name, const std::string& what) {
      return !name.empty() && name == what;
    };
    for (const FiredEvent& fired : history.fired) {
      if (!in(fired.at, f_.start_at, f_.end_at)) continue;
      if (counts(reading.application_event, fired.event)) ++f_.legal_aid_applications;
      if (counts(reading.granted_event, fired.event)) ++f_.legal_aid_granted;
      if (counts(reading.refused_event, fired.event)) ++f_.legal_aid_refused;
      if (counts(reading.referral_state, fired.to_state)) ++f_.legal_aid_referrals;
    }
  }

  const ReportRequest& request_;
  Figures& f_;
  std::vector<std::int64_t> durations_;
};

}  // namespace

std::optional<Period> Period::parse(std::string_view text) {
  if (text.size() < 4) return std::nullopt;
  int year = 0;
  if (!parse_int(text.substr(0, 4), year) || year < 1970 || year > 9999) return std::nullopt;
  std::string_view rest = text.substr(4);
  if (rest.empty()) return Period{year, 0};
  if (rest.front() == '-') rest.remove_prefix(1);
  if (rest.size() != 2 || (rest[0] != 'Q' && rest[0] != 'q') || rest[1] < '1' || rest[1] > '4') {
    return std::nullopt;
  }
  return Period{year, rest[1] - '0'};
}

std::string Period::name() const {
  return std::to_string(year) + (quarter ? "Q" + std::to_string(quarter) : "");
}

Date Period::first_day() const {
  return Date::from_ymd(year, first_month(), 1);
}

Date Period::end_day() const {
  const int next_month = first_month() + months();
  return next_month > 12 ? Date::from_ymd(year + 1, 1, 1) : Date::from_ymd(year, next_month, 1);
}

const char* outcome_key(Outcome outcome) {
  switch (outcome) {
    case Outcome::kMediated:
      return "mediated";
    case Outcome::kAwarded:
      return "awarded";
    case Outcome::kWithdrawn:
      return "withdrawn";
    case Outcome::kRejected:
      return "rejected";
    case Outcome::kReferred:
      return "referred";
    case Outcome::kOther:
      return "other";
  }
  return "other";
}

StatisticsConventions StatisticsConventions::shipped() {
  StatisticsConventions c;
  c.outcome_of_state = {
      {"settled", Outcome::kMediated},     {"mediated", Outcome::kMediated},
      {"awarded", Outcome::kAwarded},      {"withdrawn", Outcome::kWithdrawn},
      {"terminated", Outcome::kWithdrawn}, {"rejected", Outcome::kRejected},
      {"refused", Outcome::kRejected},     {"referred", Outcome::kReferred},
  };
  c.workers_fields = {"workers_involved"};
  c.claimed_fields = {"claim_amount"};
  c.recovered_fields = {"recovered_amount", "amount_recovered"};
  c.region_fields = {"region"};
  c.industry_fields = {"industry"};
  c.legal_aid_events = {"apply", "grant"};
  c.apply_event = "apply";
  c.grant_event = "grant";
  c.refuse_event = "refuse";
  c.arbitration_state = "in_arbitration";
  return c;
}

std::string Ratio::percent() const {
  if (denominator <= 0) return "-";
  const std::int64_t tenths = (numerator * 1000 + denominator / 2) / denominator;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

std::string yuan(std::int64_t fen) {
  return Money{fen}.to_string();
}

Result<Figures> compute_report(Store& store, DefinitionSource& definitions,
                               const ReportRequest& request) {
  Figures figures;
  figures.period = request.period;
  figures.office = request.office;
  figures.workflow = request.workflow;
  figures.utc_offset_minutes = request.utc_offset_minutes;
  figures.now = request.now.seconds;
  figures.start_at = start_of_day(request.period.first_day(), request.utc_offset_minutes).seconds;
  figures.end_at = start_of_day(request.period.end_day(), request.utc_offset_minutes).seconds;
  if (figures.now < figures.start_at) {  // from its first instant on, a period has begun
    return Error{"period " + request.period.name() + " has not begun at " +
                 format_local(request.now, request.utc_offset_minutes)};
  }
  figures.end_at = std::min(figures.end_at, figures.now);
  for (int i = 0; i < request.period.months(); ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "%04d-%02d", request.period.year,
                  request.period.first_month() + i);
    figures.months.push_back({name});
  }

  std::map<std::string, WorkflowReading> readings;  // by definition hash
  Accumulator accumulator(request, figures);
  std::vector<std::string> ids = store.case_ids();
  std::sort(ids.begin(), ids.end());
  const std::size_t batch = static_cast<std::size_t>(std::max(1, request.batch_size));
  for (std::size_t first = 0; first < ids.size(); first += batch) {
    std::vector<std::string> slice(ids.begin() + first,
                                   ids.begin() + std::min(ids.size(), first + batch));
    for (const CaseWithTrail& item : store.export_cases(slice)) {
      const CaseRecord& row = item.record;
      if (!request.workflow.empty() && row.workflow != request.workflow) continue;
      if (!request.office.empty() && row.office != request.office) continue;
      auto found = readings.find(row.definition_sha256);
      if (found == readings.end()) {
        auto stored = store.definition(row.definition_sha256);
        if (!stored) return Error{"case " + row.id + ": its definition is not stored"};
        auto loaded = definitions.from_text(stored->sha256, stored->yaml_text);
        if (!loaded) return Error{"case " + row.id + ": " + loaded.error()};
        found =
            readings.emplace(row.definition_sha256, reading_of(loaded.value(), request.conventions))
                .first;
      }
      ++figures.cases_read;
      accumulator.add(found->second, row, item.trail);
      accumulator.add_overdue(found->second, item.trail);
    }
  }
  accumulator.finish();
  return figures;
}

}  // namespace wageflow::report
