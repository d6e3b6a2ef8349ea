-- wrk script of bench/store/run.sh. Arguments: EXPECTED [BODY]: EXPECTED is the status every answer should have
-- (200, or 302 for a form post); with BODY each request is a form POST of that body. Answers with another status are
-- counted per thread (429 and 5xx apart as well) and `done` prints one RESULT line with the totals.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected = tonumber(args[1])
  if args[2] ~= nil then
    wrk.method = "POST"
    wrk.body = args[2]
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  unexpected = 0
  too_many = 0
  server_errors = 0
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
    if status == 429 then
      too_many = too_many + 1
    elseif status >= 500 then
      server_errors = server_errors + 1
    end
  end
end

function done(summary, latency, requests)
  local other, s429, s5xx = 0, 0, 0
  for _, thread in ipairs(threads) do
    other = other + thread:get("unexpected")
    s429 = s429 + thread:get("too_many")
    s5xx = s5xx + thread:get("server_errors")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f unexpected=%d s429=%d s5xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, other, s429, s5xx, errors))
end
