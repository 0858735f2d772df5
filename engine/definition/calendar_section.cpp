// `calendar`: the working-day calendar, loaded from
// <options.calendars_dir>/<name>.yaml.
#include <filesystem>

#include "engine/definition/sections.h"

namespace wageflow::loader {
namespace {

bool is_calendar_name(const std::string& name) {
  if (name.empty() || name[0] == '.') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

void read_calendar(const Entry* entry, LoadContext& ctx) {
  if (!entry) return;
  std::optional<std::string> name =
      read_scalar(entry->value, entry->value_at, "calendar", ctx.report);
  if (!name) return;
  if (!is_calendar_name(*name)) {
    ctx.report.error(entry->value_at, "calendar name '" + *name +
                                          "' must be a file name without folders, e.g. "
                                          "cn-mainland");
    return;
  }
  const std::string path = ctx.options.calendars_dir + "/" + *name + ".yaml";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    const std::string suffix = ".yaml";
    const bool with_suffix =
        name->size() > suffix.size() &&
        name->compare(name->size() - suffix.size(), suffix.size(), suffix) == 0;
    ctx.report.error(entry->value_at,
                     "unknown calendar '" + *name + "': there is no " + path +
                         (with_suffix ? "; name the calendar without .yaml: " +
                                            name->substr(0, name->size() - suffix.size())
                                      : ""));
    return;
  }
  std::vector<Diagnostic> calendar_diagnostics;
  auto calendar = Calendar::load_file(path, &calendar_diagnostics);
  if (!calendar) {
    ctx.report.error_with_details(
        entry->value_at, "calendar '" + *name + "' in " + path + " has errors (listed below)",
        std::move(calendar_diagnostics));
    return;
  }
  ctx.def.calendar = *calendar;
  if (!ctx.options.today) return;
  const std::optional<Date> last_day = (*calendar)->last_listed_day();
  if (!last_day) {
    ctx.report.warning(entry->value_at, "calendar '" + *name +
                                            "' lists no years; every deadline will be "
                                            "provisional (weekends only)");
    return;
  }
  if ((*calendar)->ends_soon_after(*ctx.options.today)) {
    const std::string when =
        days_between(*ctx.options.today, *last_day) < 0
            ? "before today ("
            : "within " + std::to_string(Calendar::kEndingSoonDays) + " days of today (";
    ctx.report.warning(entry->value_at,
                       "calendar '" + *name + "' ends on " + last_day->to_string() +
                           " (its last listed year), " + when + ctx.options.today->to_string() +
                           "); deadlines after it will be provisional: add the next year to " +
                           path);
  }
}

}  // namespace wageflow::loader
