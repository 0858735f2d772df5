#include "engine/definition/timer_fields.h"

#include <charconv>

#include "engine/definition/suggest.h"

namespace wageflow::loader {

std::optional<Duration> read_duration(const Entry& e, const std::string& what, Reporter& report,
                                      bool positive) {
  std::optional<std::string> text = read_scalar(e.value, e.value_at, what, report);
  if (!text) return std::nullopt;
  std::optional<Duration> duration = Duration::parse(*text);
  if (!duration) {
    // A number too large to be a time limit is told the limit, not the form.
    const std::string digits = text->substr(0, text->find_first_not_of("0123456789"));
    const bool too_large = !digits.empty() && digits.size() < text->size() &&
                           (digits.size() > 6 || std::stoll(digits) > Duration::kMaxAmount) &&
                           Duration::parse("1" + text->substr(digits.size())).has_value();
    report.error(e.value_at,
                 what + ": '" + *text + "' " +
                     (too_large ? "is too long: at most " + std::to_string(Duration::kMaxAmount)
                                : "is not a duration; write N days, N working_days or N hours "
                                  "(e.g. 5 working_days)"));
    return std::nullopt;
  }
  if (positive && duration->amount == 0 &&
      report.later_rule(e.value_at,
                        what + ": '" + *text + "' is no time at all; it must be 1 or more")) {
    return std::nullopt;
  }
  return duration;
}

bool read_condition(const Entry& e, std::span<const std::string_view> kinds,
                    TimerCondition* condition, std::vector<Name>* events, LoadContext& ctx) {
  std::optional<Entries> keys = read_keys(e.value, e.value_at, e.key, kinds, ctx.report);
  if (!keys) return false;
  if (keys->size() != 1) {
    std::vector<std::string> names(kinds.begin(), kinds.end());
    ctx.report.error(e.key_at, e.key + " takes exactly one of: " + join(names) +
                                   (e.key == "start" ? " (e.g. start: {enter: intake})"
                                                     : " (e.g. stop: {leave: intake})"));
    return false;
  }
  const Entry& kind = keys->front();
  const std::string what = e.key + " " + kind.key;
  std::optional<std::vector<Name>> names = read_names(kind.value, kind.value_at, what, ctx.report);
  if (!names) return false;
  if (names->empty()) {
    ctx.report.error(kind.value_at,
                     what + " must name at least one " + (kind.key == "event" ? "event" : "state"));
    return false;
  }
  if (kind.key == "event") {
    condition->kind = TimerCondition::Kind::kEvent;
    *events = *names;
    return true;
  }
  condition->kind =
      kind.key == "enter" ? TimerCondition::Kind::kEnter : TimerCondition::Kind::kLeave;
  std::optional<std::vector<int>> ids = ctx.resolve_all(NameKind::kState, *names);
  if (ids) condition->ids = *ids;
  return ids.has_value();
}

bool read_expire(const Entry& e, PendingTimer* timer, LoadContext& ctx) {
  std::optional<Entries> keys =
      read_keys(e.value, e.value_at, "expire", format_keys::kTimerExpire, ctx.report);
  if (!keys) return false;
  if (keys->size() != 1) {
    ctx.report.error(e.key_at, "expire takes exactly one of: escalate (a role), fire (an event)");
    return false;
  }
  const Entry& kind = keys->front();
  std::optional<std::string> name =
      read_scalar(kind.value, kind.value_at, "expire " + kind.key, ctx.report);
  if (!name) return false;
  if (kind.key == "fire") {
    timer->def.expire.kind = TimerDef::Expire::Kind::kFire;
    timer->fire = Name{*name, kind.value_at};
    return true;
  }
  timer->def.expire.kind = TimerDef::Expire::Kind::kEscalate;
  std::optional<int> role = ctx.resolve(NameKind::kRole, Name{*name, kind.value_at});
  if (role) timer->def.expire.escalate_to = *role;
  return role.has_value();
}

namespace {

std::optional<int> read_times(const Entry& e, Reporter& report) {
  std::optional<std::string> text = read_scalar(e.value, e.value_at, "times", report);
  if (!text) return std::nullopt;
  int times = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), times);
  if (ec != std::errc() || end != text->data() + text->size() || times < 1) {
    report.error(e.value_at,
                 "extend times must be a whole number of 1 or more, not '" + *text + "'");
    return std::nullopt;
  }
  return times;
}

}  // namespace

bool read_extend(const Entry& e, PendingTimer* timer, LoadContext& ctx) {
  std::optional<Entries> keys =
      read_keys(e.value, e.value_at, "extend", format_keys::kTimerExtend, ctx.report);
  if (!keys) return false;
  TimerDef::Extension extension;
  bool ok = true;
  const Entry* event = find(*keys, "event");
  const Entry* by = find(*keys, "by");
  if (!event || !by) {
    ctx.report.error(e.key_at,
                     "extend needs an event and by, e.g. {event: extend_closure, by: "
                     "15 days, times: 1}");
    ok = false;
  }
  for (const Entry& k : *keys) {
    if (k.key == "event") {
      std::optional<std::string> name =
          read_scalar(k.value, k.value_at, "extend event", ctx.report);
      if (!name) {
        ok = false;
      } else if (!is_lower_identifier(*name, '_')) {
        ctx.report.error(k.value_at, "event name '" + *name +
                                         "' must be lowercase letters, digits and '_', starting "
                                         "with a letter (e.g. extend_closure)");
        ok = false;
      } else {
        timer->extend_event = Name{*name, k.value_at};
      }
    } else if (k.key == "by") {
      std::optional<Duration> d = read_duration(k, "extend by", ctx.report, /*positive=*/true);
      if (d) {
        extension.by = *d;
        timer->extend_by_at = k.value_at;
      }
      ok = ok && d;
    } else if (k.key == "times") {
      std::optional<int> times = read_times(k, ctx.report);
      if (times) extension.times = *times;
      ok = ok && times;
    } else if (k.key == "roles") {
      std::optional<std::vector<Name>> names =
          read_names(k.value, k.value_at, "extend roles", ctx.report);
      if (names && names->empty()) {
        ctx.report.error(k.value_at,
                         "extend roles must list at least one role (leave it out to "
                         "allow every role)");
        names.reset();
      }
      std::optional<std::vector<int>> ids;
      if (names) ids = ctx.resolve_all(NameKind::kRole, *names);
      if (ids) extension.roles = *ids;
      ok = ok && ids;
    }
  }
  timer->def.extend = extension;
  return ok;
}

}  // namespace wageflow::loader
