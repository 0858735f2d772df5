// timers tick: applies every warning and expiry due at --now.
#include <spdlog/spdlog.h>

#include <ostream>

#include "adapters/cli/commands.h"

namespace wageflow::cli {

int tick_timers(const Context& context) {
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  const Instant now = context.now();
  const TickReport report = opened.value()->service.tick(now);
  context.log.info("tick at {}: {} cases changed, {} skipped by conflicts", format_utc(now),
                   report.cases, report.conflicts);
  if (report.conflicts > 0) {
    context.err << "wageflow: " << report.conflicts
                << " case(s) changed under the tick and were skipped; run `timers tick` again\n";
  }
  context.out << "warned " << report.counts.warned << ", overdue " << report.counts.overdue
              << ", expired " << report.counts.expired << ", escalated " << report.counts.escalated
              << '\n';
  return kExitDone;
}

}  // namespace wageflow::cli
