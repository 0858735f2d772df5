-- wrk script: GET /api/cases/{id} as the arbitrator, going over the cases
-- 2025-000001..CASES in strides of 7919 (a prime), so that a run touches
-- cases all over the database.
--   wrk ... -s read_case.lua URL -- TOKEN CASES
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local headers, cases, n = {}, 0, 0

function init(args)
  headers["Authorization"] = "Bearer " .. args[1]
  cases = tonumber(args[2])
  n = thread_index
end

function request()
  n = n + 7919
  return wrk.format("GET", "/api/cases/" .. case_id(n % cases + 1), headers)
end
