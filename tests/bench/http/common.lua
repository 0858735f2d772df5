-- Shared by the wrk scripts of tests/bench/http: counts answers by status
-- in each wrk thread and prints one line at the end, for serve_lib.sh:
--   RESULT requests=N seconds=S rps=R ok=N non2xx=N p50_us=U p99_us=U errors=N
-- (ok: 2xx answers; non2xx: any other status; errors: connect, read,
-- write and timeout errors). The first non-2xx answer of each thread is
-- printed to stderr so that a failing run says why.
local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

ok_count = 0
bad_count = 0
first_bad = ""

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok_count = ok_count + 1
  else
    bad_count = bad_count + 1
    if first_bad == "" then first_bad = status .. " " .. body end
  end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("ok_count")
    bad = bad + thread:get("bad_count")
    local first = thread:get("first_bad")
    if first ~= "" then io.stderr:write("first non-2xx answer: " .. first .. "\n") end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f ok=%d non2xx=%d p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, ok, bad, latency:percentile(50),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout))
end

-- case_id(n): "2025-00000n".
function case_id(n)
  return string.format("2025-%06d", n)
end
