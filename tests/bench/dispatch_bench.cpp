// Item 1 of docs/performance.md: wageflow's transition table with guard
// evaluation (DispatchTable), in memory, over case lives of the reference
// workflow, against the same machine in Boost.MSM (default back-end, and
// with no_message_queue + no_exception_thrown). Each life: accept, mediate,
// fail_mediation, award (guard claim_amount <= 50000); event names are
// resolved to ids once, as the adapters do. Runs interleaved; medians.
#include <cstdio>

#include "bench_common.h"
#include "engine/runtime/dispatch_table.h"
#include "msm_runner.h"

namespace wageflow::bench {
namespace {

struct Lives {
  long long moved = 0;
  long long refused = 0;
};

Lives run_dispatch(const DispatchTable& table, long long lives) {
  const Definition& d = table.definition();
  const EventId events[] = {*d.event_id("accept"), *d.event_id("mediate"),
                            *d.event_id("fail_mediation"), *d.event_id("award")};
  const FieldId claim = *d.field_id("claim_amount");
  const RoleId clerk = *d.role_id("clerk");
  std::vector<Value> data(d.fields.size());
  data[*d.field_id("worker_name")] = std::string("张三");
  Lives result;
  for (long long life = 0; life < lives; ++life) {
    data[claim] = Money{claim_fen(life)};
    StateId state = d.initial_state();
    for (EventId event : events) {
      const Dispatch answer = table.dispatch(state, CaseStatus::kActive, data, event, clerk, false);
      if (answer.kind == Dispatch::Kind::kMoved) {
        state = answer.to;
        ++result.moved;
      } else {
        ++result.refused;
      }
    }
  }
  return result;
}

int main_(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  const long long lives = sized<long long>(options, 2000, 200000, 1000000);
  const std::string file = std::string(WAGEFLOW_SOURCE_DIR) + "/tests/bench/reference.yaml";
  LoadOptions load;
  load.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto definition = load_definition_file(file, load, &diagnostics);
  if (!definition) {
    std::fprintf(stderr, "bench_dispatch: %s\n", definition.error().c_str());
    return 1;
  }
  const DispatchTable table(**definition);
  // Each figure runs the lives again until at least `window` seconds have
  // passed: tuned MSM does 1M lives in about 10 ms, too short a window on
  // a shared machine, where one preemption would decide the figure.
  const double window = sized(options, 0.0, 0.25, 0.5);
  auto measure = [&](auto&& run_lives) {
    Stopwatch clock;
    long long rounds = 0;
    do {
      run_lives();
      ++rounds;
    } while (clock.seconds() < window);
    return 4.0 * lives * rounds / clock.seconds();
  };
  std::vector<double> wageflow, msm_default, msm_tuned;
  for (int run = 0; run < options.runs; ++run) {
    Lives ours;
    MsmRun plain, tuned;
    wageflow.push_back(measure([&] { ours = run_dispatch(table, lives); }));
    msm_default.push_back(measure([&] { plain = run_msm_default(lives); }));
    msm_tuned.push_back(measure([&] { tuned = run_msm_tuned(lives); }));
    if (ours.moved != plain.moved || ours.moved != tuned.moved) {
      std::fprintf(stderr,
                   "bench_dispatch: the machines disagree: wageflow moved %lld, MSM %lld and "
                   "%lld times\n",
                   ours.moved, plain.moved, tuned.moved);
      return 1;
    }
    std::fprintf(stderr, "run %d: wageflow %s, MSM default %s, MSM tuned %s (%lld refused)\n",
                 run + 1, rate(wageflow.back(), "ev/s").c_str(),
                 rate(msm_default.back(), "ev/s").c_str(), rate(msm_tuned.back(), "ev/s").c_str(),
                 ours.refused);
  }
  const std::string lives_text = count_text(lives) + " lives";
  compared_row("1 dispatch vs Boost.MSM default (" + lives_text + ")", median(wageflow),
               median(msm_default), "tr/s", 0.25);
  compared_row("1 dispatch vs Boost.MSM tuned (" + lives_text + ")", median(wageflow),
               median(msm_tuned), "tr/s", 0.1);
  return 0;
}

}  // namespace
}  // namespace wageflow::bench

int main(int argc, char** argv) {
  return wageflow::bench::main_(argc, argv);
}
