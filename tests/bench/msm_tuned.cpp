#include "msm_reference.h"

namespace wageflow::bench {

MsmRun run_msm_tuned(long long lives) {
  return msm_reference::run<true>(lives);
}

}  // namespace wageflow::bench
