// The hand-written Boost.MSM machine of the reference workflow
// (reference.yaml), compiled twice: with MSM's default back-end and with
// `no_message_queue` + `no_exception_thrown`. The machines live in C++17
// translation units (Boost 1.74 MSM does not compile as C++20 with GCC 12);
// this header is plain C++17 so that the C++20 benchmark can call them.
#pragma once

#include <cstdint>

namespace wageflow::bench {

// The claim of the life-th case, in fen: 1 to 60000 yuan, so that about one
// award in six fails the guard `claim_amount <= 50000`.
inline std::int64_t claim_fen(long long life) {
  return (life * 7919 % 60000 + 1) * 100;
}

struct MsmRun {
  long long moved = 0;    // transitions taken
  long long refused = 0;  // events with no transition (here: the award guard failed)
};

// Runs `lives` case lives on one machine (start(), then accept, mediate,
// fail_mediation, award with the life's claim): 4 events per life.
MsmRun run_msm_default(long long lives);
MsmRun run_msm_tuned(long long lives);

}  // namespace wageflow::bench
