-- wrk script: opens fast-track cases (POST /api/cases) as the intake
-- clerk, QUOTA per wrk thread, then only asks /healthz.
--   wrk ... -s open_cases.lua URL -- TOKEN QUOTA
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local headers, quota, opened = {}, 0, 0
local body = '{"workflow": "wage-arbitration-fasttrack", "values": {"worker_name": "张三丰",' ..
  ' "worker_phone": "13804315678", "employer": "长春宏达建筑工程有限公司", "region": "长春市",' ..
  ' "industry": "建筑业", "claim_amount": "8600"}}'

function init(args)
  headers["Authorization"] = "Bearer " .. args[1]
  headers["Content-Type"] = "application/json"
  quota = tonumber(args[2])
end

function request()
  if opened >= quota then return wrk.format("GET", "/healthz") end
  opened = opened + 1
  return wrk.format("POST", "/api/cases", headers, body)
end
