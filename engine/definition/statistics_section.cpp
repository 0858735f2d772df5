// `statistics:` (docs/reports.md): which field holds each figure the
// reports read, and which outcome each final state is.
//
//   statistics:
//     fields: {workers: workers_involved, claimed: claim_amount,
//              recovered: recovered_amount, region: region, industry: industry}
//     outcomes: {settled: mediated, awarded: awarded, rejected: rejected, withdrawn: withdrawn}
//     legal_aid: {application: apply, granted: grant, refused: refuse,
//                 referral: in_arbitration}
#include <algorithm>

#include "engine/definition/sections.h"

namespace wageflow::loader {
namespace {

bool type_fits(std::string_view figure, FieldType type) {
  if (figure == "workers") return type == FieldType::kInt;
  if (figure == "claimed" || figure == "recovered") return type == FieldType::kMoney;
  return type == FieldType::kEnum || type == FieldType::kString;
}

const char* expected_type(std::string_view figure) {
  if (figure == "workers") return "int";
  if (figure == "claimed" || figure == "recovered") return "money";
  return "enum or string";
}

void read_figure_fields(const Entry& entry, LoadContext& ctx) {
  std::optional<Entries> figures = read_keys(entry.value, entry.value_at, "statistics fields",
                                             format_keys::kStatisticsFields, ctx.report);
  StatisticsDef& stats = ctx.def.statistics;
  for (const Entry& figure : figures.value_or(Entries{})) {
    auto name = read_scalar(figure.value, figure.value_at, figure.key, ctx.report);
    if (!name) continue;
    std::optional<int> id = ctx.resolve(NameKind::kField, Name{*name, figure.value_at});
    if (!id) continue;
    const FieldDef& field = ctx.def.fields[*id];
    if (ctx.broken_symbols.count(field.name) != 0) continue;  // its own error said why
    if (field.pii) {
      ctx.report.error(figure.value_at, "field '" + field.name +
                                            "' is personal data (pii: true); reports never "
                                            "read personal data");
      continue;
    }
    if (!type_fits(figure.key, field.type)) {
      ctx.report.error(figure.value_at, "statistics " + figure.key + ": field '" + field.name +
                                            "' is " + field_type_name(field.type) + ", expected " +
                                            expected_type(figure.key));
      continue;
    }
    const FieldId field_id = static_cast<FieldId>(*id);
    if (figure.key == "workers") stats.workers = field_id;
    if (figure.key == "claimed") stats.claimed = field_id;
    if (figure.key == "recovered") stats.recovered = field_id;
    if (figure.key == "region") stats.region = field_id;
    if (figure.key == "industry") stats.industry = field_id;
  }
}

void read_outcomes(const Entry& entry, LoadContext& ctx) {
  std::optional<Entries> states =
      read_map(entry.value, entry.value_at, "statistics outcomes", ctx.report);
  for (const Entry& state : states.value_or(Entries{})) {
    std::optional<int> id = ctx.resolve(NameKind::kState, Name{state.key, state.key_at});
    auto outcome = read_scalar(state.value, state.value_at, "outcome", ctx.report);
    if (!id || !outcome) continue;
    if (ctx.unreadable_final.count(state.key) != 0) continue;  // its own error said why
    if (!ctx.def.states[*id].final) {
      ctx.report.error(state.key_at,
                       "state '" + state.key + "' is not final: only a final state has an outcome");
      continue;
    }
    const auto& known = format_keys::kStatisticsOutcomes;
    if (std::find(known.begin(), known.end(), *outcome) == known.end()) {
      std::string list;
      for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      ctx.report.error(state.value_at,
                       "unknown outcome '" + *outcome + "'; expected one of " + list);
      continue;
    }
    ctx.def.statistics.outcomes.emplace_back(static_cast<StateId>(*id), *outcome);
  }
}

// An event a legal-aid figure counts: one a transition fires (an extension
// event changes no state and is not counted), and no other figure's.
std::optional<EventId> read_legal_aid_event(const Entry& figure, LoadContext& ctx,
                                            std::vector<std::pair<EventId, std::string>>& taken) {
  auto name = read_scalar(figure.value, figure.value_at, figure.key, ctx.report);
  if (!name) return std::nullopt;
  std::optional<int> id = ctx.resolve(NameKind::kEvent, Name{*name, figure.value_at});
  if (!id) return std::nullopt;
  const auto& transitions = ctx.def.transitions;
  // A row that names the event but had an error of its own is not loaded:
  // its error says what to mend, and the figure is not wrong.
  const auto& named_by_rows = ctx.transition_event_count;
  const bool row_failed = *id < static_cast<int>(named_by_rows.size()) && named_by_rows[*id] > 0;
  if (!row_failed && std::none_of(transitions.begin(), transitions.end(),
                                  [&](const TransitionDef& t) { return t.event == *id; })) {
    ctx.report.error(figure.value_at, "statistics legal_aid " + figure.key + ": event '" + *name +
                                          "' is not fired by any transition (an extension "
                                          "event changes no state); name a transition's event");
    return std::nullopt;
  }
  for (const auto& [event, by] : taken) {
    if (event == *id) {
      ctx.report.error(figure.value_at, "statistics legal_aid " + figure.key + ": event '" + *name +
                                            "' is already counted as " + by +
                                            "; each figure needs its own event");
      return std::nullopt;
    }
  }
  taken.emplace_back(*id, figure.key);
  return static_cast<EventId>(*id);
}

void read_legal_aid(const Entry& entry, LoadContext& ctx) {
  std::optional<Entries> figures = read_keys(entry.value, entry.value_at, "statistics legal_aid",
                                             format_keys::kStatisticsLegalAid, ctx.report);
  if (!figures) return;
  StatisticsDef::LegalAid legal_aid;
  std::vector<std::pair<EventId, std::string>> taken;
  for (const Entry& figure : *figures) {
    if (figure.key == "referral") {
      auto name = read_scalar(figure.value, figure.value_at, figure.key, ctx.report);
      if (!name) continue;
      if (auto id = ctx.resolve(NameKind::kState, Name{*name, figure.value_at})) {
        legal_aid.referral = static_cast<StateId>(*id);
      }
      continue;
    }
    std::optional<EventId> event = read_legal_aid_event(figure, ctx, taken);
    if (figure.key == "application") legal_aid.application = event;
    if (figure.key == "granted") legal_aid.granted = event;
    if (figure.key == "refused") legal_aid.refused = event;
  }
  ctx.def.statistics.legal_aid = legal_aid;
}

}  // namespace

void read_statistics(const Entry* entry, LoadContext& ctx) {
  if (!entry) return;
  std::optional<Entries> parts =
      read_keys(entry->value, entry->value_at, "statistics", format_keys::kStatistics, ctx.report);
  if (!parts) return;
  ctx.def.statistics.present = true;
  for (const Entry& part : *parts) {
    if (part.key == "fields") read_figure_fields(part, ctx);
    if (part.key == "outcomes") read_outcomes(part, ctx);
    if (part.key == "legal_aid") read_legal_aid(part, ctx);
  }
}

}  // namespace wageflow::loader
