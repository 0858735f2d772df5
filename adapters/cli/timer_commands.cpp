// timers tick: applies every warning and expiry due at --now.
// timers recompute: counts provisional due dates (--all: every due date)
// again (docs/deadlines.md).
#include <spdlog/spdlog.h>

#include <filesystem>
#include <ostream>

#include "adapters/cli/case_text.h"
#include "adapters/cli/commands.h"
#include "engine/runtime/recount_totals.h"

namespace wageflow::cli {

int tick_timers(const Context& context) {
  // Without the workflows folder no case can be ticked: refused before any
  // case is claimed (cron run from another folder than the default's).
  std::error_code error;
  if (!std::filesystem::is_directory(context.options.workflows, error)) {
    return context.fail(kExitInvalid, "the workflows folder '" + context.options.workflows +
                                          "' does not exist: give it with --workflows or "
                                          "WAGEFLOW_WORKFLOWS; nothing was ticked");
  }
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  const Instant now = context.now();
  const TickReport report = opened.value()->service.tick(now);
  context.log.info("tick at {}: {} cases changed, {} skipped by conflicts, {} not ticked",
                   format_utc(now), report.cases, report.conflicts, report.failed.size());
  if (report.conflicts > 0) {
    context.err << "wageflow: " << report.conflicts
                << " case(s) changed under the tick and were skipped; run `timers tick` again\n";
  }
  // Not a failure of the tick (exit 0), but a case past its deadline that
  // nothing moved: said where cron mails it.
  for (const TickNotFired& unfired : report.not_fired) {
    context.err << expiry_not_fired_line(unfired.case_id, unfired.expiry.timer,
                                         unfired.expiry.refused);
  }
  for (const TickFailure& failure : report.failed) {
    context.err << "wageflow: case " << failure.case_id
                << " not ticked, its deadlines are not watched: " << failure.reason << '\n';
  }
  context.out << "warned " << report.counts.warned << ", overdue " << report.counts.overdue
              << ", expired " << report.counts.expired << ", escalated " << report.counts.escalated
              << '\n';
  return report.failed.empty() ? kExitDone : kExitInvalid;
}

int recompute_timers(const Context& context, bool dry_run, bool all) {
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  constexpr std::size_t kProgressEvery = 1000;
  auto progress = [&context](std::size_t done, std::size_t total) {
    if (total > kProgressEvery && done % kProgressEvery == 0) {
      context.err << "looked at " << done << "/" << total << " cases\n";
    }
  };
  CaseService& service = opened.value()->service;
  const std::vector<ProvisionalTimer> timers =
      all ? service.recount_every_due_date(context.now(), dry_run, progress)
          : service.recompute_provisional(context.now(), dry_run, progress);
  for (const ProvisionalTimer& t : timers) {
    const std::string head = t.case_id + " " + t.timer + ": due " + t.was_due +
                             (t.was_provisional ? " (provisional)" : "");
    switch (t.result) {
      case ProvisionalTimer::Result::kMoved:
        context.out << head << (dry_run ? " would be " : " -> ") << t.due
                    << (t.provisional ? " (still provisional)" : "")
                    << (t.reason.empty() ? "" : "; " + t.reason) << '\n';
        break;
      case ProvisionalTimer::Result::kUnchanged:
        break;
      case ProvisionalTimer::Result::kByHand:
        context.out << head << ": not counted again: " << t.reason << '\n';
        break;
      case ProvisionalTimer::Result::kConflict:
        context.out << head << ": " << t.reason << '\n';
        break;
    }
  }
  // As a tick says it: a case past its deadline that nothing moved.
  for (const ProvisionalTimer& t : timers) {
    if (t.result != ProvisionalTimer::Result::kMoved || t.not_fired.empty()) continue;
    context.err << expiry_not_fired_line(t.case_id, t.timer, t.not_fired, dry_run);
  }
  const RecountTotals totals = recount_totals(timers);
  context.out << (dry_run ? "would count again " : "counted again ") << totals.moved
              << " due date(s) of " << totals.moved_cases << " case(s); "
              << (all ? std::to_string(totals.confirmed) + " unchanged; " : "") << totals.unchanged
              << " still provisional (their year is not in the calendar yet); " << totals.by_hand
              << " to count by hand" << (dry_run ? "; nothing was written" : "") << '\n';
  if (totals.conflicts > 0) {
    context.err << "wageflow: " << totals.conflicts
                << " due date(s) were not written: their case changed meanwhile; run `timers "
                   "recompute` again\n";
    return kExitConflict;
  }
  return kExitDone;
}

}  // namespace wageflow::cli
