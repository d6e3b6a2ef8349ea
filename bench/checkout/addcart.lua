-- POST /cart/add as a new visitor on every request: no cookie is sent, so each add creates its own cart, the path
-- a shopper's first "Add to cart" takes. Argument: the variant id. `done` prints one RESULT line; answers other
-- than the 302 to /cart are counted per thread and summed there.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.body = "variantId=" .. args[1] .. "&quantity=1&returnUrl=%2Fshop"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  unexpected = 0
end

function response(status, headers, body)
  if status ~= 302 then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local other = 0
  for _, thread in ipairs(threads) do
    other = other + thread:get("unexpected")
  end
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f socket_errors=%d not_302=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, other))
end
