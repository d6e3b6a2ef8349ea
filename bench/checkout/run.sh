#!/usr/bin/env bash
# Load test of checkout at 64 concurrent shoppers, against the local Stripe emulator inside the store:
#  (a) add to cart: wrk POSTs /cart/add without a cookie, so every request is a new visitor whose first add makes a cart;
#  (b) checkout-session creation: Driver/ prepares carts (each with its own cookies and form token), warms up, then
#      presses "Continue to secure payment" for BENCH_CARTS of them, 64 at a time. Each one reserves stock and creates
#      a Checkout Session through Stripe.net over loopback HTTP to the emulator in the same process, so this measures
#      the store plus the emulator;
#  (c) a burst of 1,000 signed checkout.session.completed webhooks for 1,000 of those sessions (paid first on the
#      emulator's page, with the emulator's own webhooks off, and read back from its API), 64 at a time, timed from the
#      first POST until the last of the 1,000 orders is placed (its paid_at), the outbox work included.
# Starts a throwaway PostgreSQL and the store (Release) on loopback, prints the figures, and stops and deletes everything
# it started, even when interrupted. Env: BENCH_SECONDS (add to cart, default 15), BENCH_CARTS (checkouts, 2000),
# BENCH_WEBHOOKS (1000), BENCH_CONNECTIONS (64), BENCH_THREADS (wrk, 2).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/bench/checkout
cd "$repo"
# shellcheck source=bench/common.sh
source bench/common.sh

seconds=${BENCH_SECONDS:-15}
carts=${BENCH_CARTS:-2000}
webhooks=${BENCH_WEBHOOKS:-1000}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
warmup=200
(( webhooks <= carts + warmup )) || { echo "error: BENCH_WEBHOOKS must not exceed BENCH_CARTS + $warmup" >&2; exit 1; }

# The store's pool may open 100 connections.
bench_begin checkout wrk curl -- -c max_connections=150
bench_publish
echo "Building the driver…" >&2
timeout 600 dotnet build "$here/Driver" -c Release -o "$work/driver" --nologo -v quiet >&2
# The emulator's own webhook deliveries are off: (c) sends the completion events itself, in one burst, and no other
# event should reach the store meanwhile.
bench_start_store 5480 /health/ready StripeEmulator__DeliverWebhooks=false

variant=$(psql_store -f "$here/seed.sql" | tail -n 1)
curl -fsS -o /dev/null "$base/products/bench-heat-pad" || { echo "error: the bench product page did not answer 200" >&2; exit 1; }

results=()

# (a) Warm-up (JIT, EF, the pool), then the measured run.
timeout 60 wrk -t "$threads" -c "$connections" -d 5s -s "$here/addcart.lua" "$base/cart/add" -- "$variant" >/dev/null
out=$(timeout $((seconds + 30)) wrk -t "$threads" -c "$connections" -d "${seconds}s" --latency -s "$here/addcart.lua" "$base/cart/add" -- "$variant")
echo "== add to cart (POST /cart/add, new visitor each)" >&2
echo "$out" >&2
line=$(grep '^RESULT' <<<"$out")
results+=("$(printf '%-34s %s' "add to cart" "${line#RESULT }")")

# (b)
out=$(timeout 900 "$work/driver/CheckoutDriver" checkout --base "$base" --variant "$variant" --carts "$carts" --warmup "$warmup" \
  --concurrency "$connections" --sessions "$work/sessions.txt")
echo "== checkout-session creation" >&2
echo "$out" >&2
line=$(grep '^RESULT' <<<"$out")
results+=("$(printf '%-34s %s' "checkout-session creation" "${line#RESULT }")")

# (c) The event's session ids are in the order of the file; the burst is timed by the driver's clock (t0) and the
# database's paid_at, both this machine's clock.
before=$(psql_store -c "SELECT count(*) FROM ordering.orders")
out=$(timeout 900 "$work/driver/CheckoutDriver" webhooks --base "$base" --sessions "$work/sessions.txt" --count "$webhooks" \
  --concurrency "$connections" --secret whsec_fibrostore_emulator)
echo "== webhook burst" >&2
echo "$out" >&2
burst=$(grep '^BURST' <<<"$out")
t0=$(sed 's/.*t0_ms=\([0-9]*\).*/\1/' <<<"$burst")
deadline=$((SECONDS + 300))
while :; do
  placed=$(psql_store -c "SELECT count(*) FROM ordering.orders")
  (( placed - before >= webhooks )) && break
  (( SECONDS < deadline )) || { echo "error: only $((placed - before)) of $webhooks orders after 300 s" >&2; exit 1; }
  sleep 0.1
done
last=$(psql_store -c "SELECT (extract(epoch FROM max(paid_at)) * 1000)::bigint FROM ordering.orders")
results+=("$(printf '%-34s %s' "$webhooks webhooks to $webhooks orders" \
  "first_post_to_last_order_ms=$((last - t0)) orders_per_s=$(awk -v n="$webhooks" -v ms="$((last - t0))" 'BEGIN { printf "%.1f", n * 1000 / ms }') ${burst#BURST t0_ms=$t0 }")")

echo
echo "Checkout benchmark: $connections concurrent shoppers, local Stripe emulator in the store, loopback ($(nproc) cores, load average before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%s\n' "${results[@]}"
