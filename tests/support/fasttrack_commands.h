// The command that opens the fast-track case the storage, server and
// benchmark tests fire their commands at (workflows/
// wage-arbitration-fasttrack.yaml): the intake clerk 李明 records 张三丰's
// claim of 8600 yuan against a Changchun employer.
#pragma once

#include "engine/runtime/decide.h"

namespace wageflow::testing {

inline Command fasttrack_open_command() {
  return Command{Command::Kind::kOpen,
                 "李明",
                 "intake_clerk",
                 "",
                 {{"worker_name", "张三丰"},
                  {"employer", "长春宏达建筑工程有限公司"},
                  {"region", "长春市"},
                  {"claim_amount", "8600"}},
                 ""};
}

}  // namespace wageflow::testing
