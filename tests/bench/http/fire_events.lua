-- wrk script: suspend and resume commands (POST /api/cases/{id}/suspend,
-- /resume) as the arbitrator, each wrk thread on its own share of the
-- cases 2025-000001..CASES: it goes round its share suspending each case,
-- then round again resuming each, and so on, so every command is valid
-- (a case is resumed only after its suspension was answered, as long as
-- the share is much larger than the connections of a thread) and no two
-- connections work on one case at a time. Each is a durable event: the
-- case row, its timers (paused or resumed) and an audit record.
--   wrk -t THREADS ... -s fire_events.lua URL -- TOKEN CASES THREADS
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local headers, share, first, n = {}, 0, 0, 0
local suspend_body = '{"comment": "申请人申请工伤认定，等待认定结论"}'
local resume_body = '{"comment": "工伤认定结论已作出，恢复审理"}'

-- wrk calls request() of its first thread once before the run, to check
-- the request, and never sends that one: that thread starts one earlier.
function init(args)
  if thread_index == 0 then n = -1 end
  headers["Authorization"] = "Bearer " .. args[1]
  headers["Content-Type"] = "application/json"
  local cases, threads = tonumber(args[2]), tonumber(args[3])
  share = math.floor(cases / threads)
  first = thread_index * share + 1
end

function request()
  local round = math.floor(n / share)
  local id = case_id(first + n % share)
  n = n + 1
  if round % 2 == 0 then
    return wrk.format("POST", "/api/cases/" .. id .. "/suspend", headers, suspend_body)
  end
  return wrk.format("POST", "/api/cases/" .. id .. "/resume", headers, resume_body)
end
