-- wrk script for the fault drill (ops/drill/run.py): cycles through the paths in $DRILL_PATHS and
-- notes, per response, whether it succeeded, so the drill can say when failures started and ended.
-- Writes a JSON summary to $DRILL_RESULT: requests, statuses, socket errors, latency, and the wall
-- clock times (ms since the epoch) of the first and last failed response, with failures per second.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } drill_timeval;
  int gettimeofday(drill_timeval *tv, void *tz);
]]
local clock = ffi.new("drill_timeval")
local function now_ms()
  ffi.C.gettimeofday(clock, nil)
  return tonumber(clock.tv_sec) * 1000 + math.floor(tonumber(clock.tv_usec) / 1000)
end

local threads = {}
local paths = {}
local position = 0
statuses = {}
failures_by_second = {}
ok_by_second = {}
first_failure = 0
last_failure = 0
unexplained_503 = 0 -- a 503 that is not the site's outage page (no Retry-After)

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("DRILL_PATHS")) do
    if line ~= "" then table.insert(paths, line) end
  end
  position = (thread_number * 7) % #paths
end

-- Every other request carries a session cookie (a visitor's that the site does not know), so nginx
-- passes it to the app servers as it does an editor's (proxy_cache_bypass $cookie_sessionid): half the
-- load reaches gunicorn, Redis and PostgreSQL, half is nginx's shared cache.
local session = { ["Cookie"] = "sessionid=drill-visitor-without-a-session" }
local counter = 0

function request()
  position = position % #paths + 1
  counter = counter + 1
  if counter % 2 == 0 then
    return wrk.format("GET", paths[position], session)
  end
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local at = now_ms()
  local second = math.floor(at / 1000)
  if status == 503 and headers["Retry-After"] == nil then
    unexplained_503 = unexplained_503 + 1
  end
  if status >= 500 then
    if first_failure == 0 then first_failure = at end
    last_failure = at
    failures_by_second[second] = (failures_by_second[second] or 0) + 1
  else
    ok_by_second[second] = (ok_by_second[second] or 0) + 1
  end
end

local function merge(into, from)
  for key, count in pairs(from or {}) do into[key] = (into[key] or 0) + count end
end

local function json_counts(counts)
  local parts = {}
  for key, count in pairs(counts) do table.insert(parts, string.format('"%s": %d', tostring(key), count)) end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local all_statuses, all_failures, all_ok = {}, {}, {}
  local first, last, unexplained = 0, 0, 0
  for _, thread in ipairs(threads) do
    merge(all_statuses, thread:get("statuses"))
    merge(all_failures, thread:get("failures_by_second"))
    merge(all_ok, thread:get("ok_by_second"))
    unexplained = unexplained + thread:get("unexplained_503")
    local f, l = thread:get("first_failure"), thread:get("last_failure")
    if f ~= 0 and (first == 0 or f < first) then first = f end
    if l > last then last = l end
  end
  local errors = summary.errors
  local result = string.format(
    '{"requests": %d, "seconds": %.2f, "statuses": %s, "failures_by_second": %s, "ok_by_second": %s, '
      .. '"first_failure_ms": %d, "last_failure_ms": %d, "unexplained_503": %d, '
      .. '"latency_ms": {"p50": %.2f, "p99": %.2f, "max": %.2f}, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}}',
    summary.requests, summary.duration / 1e6, json_counts(all_statuses), json_counts(all_failures),
    json_counts(all_ok), first, last, unexplained,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors.connect, errors.read, errors.write, errors.timeout)
  local out = io.open(os.getenv("DRILL_RESULT"), "w")
  out:write(result, "\n")
  out:close()
end
