// Helper of decide_vs_xstate.sh (item 2): full `decide` on the reference
// workflow, producing every Outcome (timers computed on the holiday
// calendar, audit records built). Each life: open, accept, mediate,
// fail_mediation, award: 5 decisions. Prints one number on stdout, the
// decisions per second of one run over LIVES lives; a check of the results
// on stderr.
//   decide_rate LIVES
#include <cstdio>
#include <cstdlib>

#include "bench_common.h"
#include "engine/runtime/decide.h"
#include "msm_runner.h"

int main(int argc, char** argv) {
  using namespace wageflow;
  if (argc != 2 || std::atoll(argv[1]) <= 0) {
    std::fprintf(stderr, "usage: decide_rate LIVES\n");
    return 2;
  }
  const long long lives = std::atoll(argv[1]);
  LoadOptions load;
  load.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_file(
      std::string(WAGEFLOW_SOURCE_DIR) + "/tests/bench/reference.yaml", load, &diagnostics);
  if (!loaded) {
    std::fprintf(stderr, "decide_rate: %s\n", loaded.error().c_str());
    return 1;
  }
  const Definition& d = **loaded;
  const char* names[] = {"accept", "mediate", "fail_mediation", "award"};
  std::vector<Command> fires;
  for (const char* name : names)
    fires.push_back({Command::Kind::kFire, "李明", "clerk", name, {}, ""});
  Command open{Command::Kind::kOpen,
               "李明",
               "clerk",
               "",
               {{"worker_name", "张三"}, {"claim_amount", ""}},
               ""};
  const Instant opened{1737682200};  // 2025-01-24 09:30 in China

  long long moved = 0, refused = 0, records = 0, timers = 0;
  wageflow::bench::Stopwatch clock;
  for (long long life = 0; life < lives; ++life) {
    open.sets[1].second = std::to_string(wageflow::bench::claim_fen(life) / 100);
    Decision decision = decide(d, CaseSnapshot{}, open, opened);
    CaseSnapshot c = std::move(std::get<Outcome>(decision).next);
    Instant now = opened;
    for (const Command& fire : fires) {
      now.seconds += 86400;
      decision = decide(d, c, fire, now);
      if (auto* outcome = std::get_if<Outcome>(&decision)) {
        ++moved;
        records += static_cast<long long>(outcome->records.size());
        c = std::move(outcome->next);
      } else {
        ++refused;
      }
    }
    timers += static_cast<long long>(c.timers.size());
  }
  const double seconds = clock.seconds();
  std::printf("%.0f\n", 5.0 * lives / seconds);
  std::fprintf(stderr,
               "decide_rate: %lld lives in %.3f s: %lld moves, %lld refused by the guard, %lld "
               "audit records, %lld timers at the end\n",
               lives, seconds, moved, refused, records, timers);
  return moved > 0 ? 0 : 1;
}
