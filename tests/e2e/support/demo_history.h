// A demo-like history driven through the real binary over its dates, with
// every kind of audit record: open, fire (with a transition's `set:`),
// extend, suspend, resume, correct (of a suspended case and of a closed
// one), timer_start/stop/pause/resume, timer_warn, timer_overdue with
// escalate, and an expiry that fires an event as system.
#pragma once

#include <string>
#include <vector>

#include "e2e/support/case_checks.h"

namespace wageflow::e2e {

struct DemoHistory {
  std::string awarded;   // fast-track, intake to award
  std::string extended;  // fast-track, suspended, resumed, overdue, extended
  std::string expired;   // ordinary arbitration moved on by its answer period's expiry
  std::vector<std::string> ids() const { return {awarded, extended, expired}; }
};

inline DemoHistory make_demo_history(const Sandbox& sandbox) {
  auto run = [&sandbox](const std::string& now, std::vector<std::string> command) {
    return answer_of(sandbox, command, now);
  };
  auto open_fasttrack = [&run](const std::string& now, const std::string& name,
                               const std::string& amount) {
    return run(now, {"case", "open", "wage-arbitration-fasttrack", "--actor", "李明", "--role",
                     "intake_clerk", "--set", "worker_name=" + name, "--set",
                     "worker_id_no=22010719850312461X", "--set", "worker_phone=13804315678",
                     "--set", "employer=长春宏达建筑工程有限公司", "--set", "region=长春市",
                     "--set", "claim_amount=" + amount});
  };
  DemoHistory h;
  h.awarded = open_fasttrack("2025-01-24T09:30:00+08:00", "张三丰", "8600");
  h.extended = open_fasttrack("2025-01-24T10:00:00+08:00", "王建国", "12000.50");
  run("2025-02-06T08:00:00+08:00", {"timers", "tick"});
  for (const auto& [id, now] : {std::pair{h.awarded, "2025-02-07T10:00:00+08:00"},
                                std::pair{h.extended, "2025-02-07T11:00:00+08:00"}}) {
    run(now, {"case", "fire", id, "accept", "--actor", "李明", "--role", "intake_clerk"});
  }
  run("2025-02-10",
      {"case", "fire", h.awarded, "start_mediation", "--actor", "赵敏", "--role", "mediator"});
  run("2025-02-14",
      {"case", "fire", h.awarded, "fail_mediation", "--actor", "赵敏", "--role", "mediator",
       "--set", "hearing_date=2025-02-20", "--comment", "用人单位不同意调解方案"});
  run("2025-02-20T15:00", {"case", "fire", h.awarded, "award", "--actor", "钱仲裁", "--role",
                           "arbitrator", "--set", "award_amount=8000"});

  h.expired = run("2025-03-03",
                  {"case", "open", "wage-arbitration", "--actor", "李明", "--role", "intake_clerk",
                   "--set", "worker_name=刘强", "--set", "employer=松原市恒基建设有限公司", "--set",
                   "region=松原市", "--set", "claim_amount=32000"});
  run("2025-03-04",
      {"case", "fire", h.expired, "accept", "--actor", "李明", "--role", "intake_clerk"});
  run("2025-03-05", {"case", "fire", h.expired, "serve_copy", "--actor", "周书记员", "--role",
                     "tribunal_clerk", "--set", "arbitrator_name=钱仲裁"});
  run("2025-03-07", {"case", "suspend", h.extended, "--actor", "钱仲裁", "--role", "arbitrator",
                     "--comment", "等待工伤认定结论"});
  run("2025-03-10", {"case", "correct", h.extended, "--actor", "李明", "--role", "intake_clerk",
                     "--set", "claim_amount=12500.50", "--comment", "请求金额以申请书为准"});
  run("2025-03-11", {"case", "correct", h.awarded, "--actor", "钱仲裁", "--role", "arbitrator",
                     "--set", "award_amount=8100", "--comment", "裁决书计算错误，予以补正"});
  run("2025-03-25", {"timers", "tick"});
  run("2025-04-21", {"case", "resume", h.extended, "--actor", "钱仲裁", "--role", "arbitrator"});
  run("2025-05-20", {"timers", "tick"});
  run("2025-05-21", {"case", "fire", h.extended, "extend_award_limit", "--actor", "孙主任",
                     "--role", "director", "--comment", "案情复杂，经批准延长十五日"});
  return h;
}

}  // namespace wageflow::e2e
