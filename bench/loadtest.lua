-- wrk script: cycles through the paths in $BENCH_PATHS (one per line) and writes a
-- JSON summary (throughput, latency percentiles, errors) to $BENCH_RESULT.

local paths = {}
local position = 0
local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    if line ~= "" then table.insert(paths, line) end
  end
  -- Each thread starts at a different place in the list so the mix is even from the start.
  position = (thread_number * 7) % #paths
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  local result = string.format(
    '{"requests": %d, "seconds": %.2f, "requests_per_second": %.1f, '
      .. '"latency_ms": {"p50": %.2f, "p95": %.2f, "p99": %.2f, "max": %.2f, "mean": %.2f}, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout)
  local out = io.open(os.getenv("BENCH_RESULT"), "w")
  out:write(result, "\n")
  out:close()
  io.write(result, "\n")
end
