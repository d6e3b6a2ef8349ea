-- wrk helpers. `done` prints the percentiles wrk's --latency table leaves out (p95); with an argument NAME,
-- `request` adds NAME=<counter> to every request so each one misses the output cache.
local bust = nil
local counter = 0
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_id", next_thread)
end

function init(args)
  bust = args[1]
  -- thread_id is a global that setup() placed in this thread's Lua state.
  thread_id = thread_id or 0
end

function request()
  if bust == nil then
    return wrk.format()
  end
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. bust .. "=" .. tostring(thread_id) .. "-" .. tostring(counter))
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
