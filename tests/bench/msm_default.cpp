#include "msm_reference.h"

namespace wageflow::bench {

MsmRun run_msm_default(long long lives) {
  return msm_reference::run<false>(lives);
}

}  // namespace wageflow::bench
