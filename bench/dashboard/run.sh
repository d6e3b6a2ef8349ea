#!/usr/bin/env bash
# Server time of the staff home for a store with 100,000 orders, 100,000 subscribers and a year of article views
# (seed.sql). Starts a throwaway PostgreSQL and the store (Release), signs in as the first admin, warms up, then asks
# for the dashboard BENCH_REQUESTS times per period, one request at a time as a person would, and reads the page's
# Server-Timing header (the time the page spent gathering its figures) and curl's total time. Prints p50 and p95.
# Stops and deletes everything it started, even when interrupted. Env: BENCH_REQUESTS (default 40).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/bench/dashboard
cd "$repo"
# shellcheck source=bench/common.sh
source bench/common.sh

requests=${BENCH_REQUESTS:-40}

bench_begin dashboard curl python3
bench_publish
bench_start_store 5380 /health/ready

echo "Seeding 100,000 orders, 100,000 subscribers and a year of views…" >&2
start=$SECONDS
psql_store -f "$here/seed.sql" >&2
echo "Seeded in $((SECONDS - start)) s" >&2

bench_first_admin

today=$(date +%F)
year_ago=$(date -d '-364 days' +%F)
paths=("/staff?period=today" "/staff?period=7d" "/staff?period=30d" "/staff?period=custom&from=$year_ago&to=$today")

for path in "${paths[@]}"; do
  for _ in $(seq 1 10); do curl -fsS -o /dev/null -b "$jar" "$base$path"; done
done

percentile() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR * p + 99) / 100); if (i < 1) i = 1; printf "%.1f", v[i] }'; }
results=()
for path in "${paths[@]}"; do
  server=()
  total=()
  for _ in $(seq 1 "$requests"); do
    out=$(curl -fsS -o /dev/null -D - -w 'TOTAL %{time_total}\n' -b "$jar" "$base$path")
    timing=$(grep -i '^server-timing:' <<<"$out" | tr -d '\r')
    server+=("$(sed 's/^[^:]*: dashboard;dur=\([0-9.]*\).*/\1/' <<<"$timing")")
    total+=("$(awk '/^TOTAL/ { printf "%.1f", $2 * 1000 }' <<<"$out")")
  done
  results+=("$(printf '%-44s server p50 %6s ms  p95 %6s ms   whole request p50 %6s ms  p95 %6s ms' "$path" \
    "$(printf '%s\n' "${server[@]}" | percentile 50)" "$(printf '%s\n' "${server[@]}" | percentile 95)" \
    "$(printf '%s\n' "${total[@]}" | percentile 50)" "$(printf '%s\n' "${total[@]}" | percentile 95)")")
  results+=("    last request's parts: ${timing#*: }")
done

echo
echo "Dashboard benchmark: 100,000 orders, 100,000 subscribers, 730,000 article-day view rows; $requests sequential requests per period as Admin, curl on loopback ($(nproc) cores, load average before the run: $load_before)"
printf '%s\n' "${results[@]}"
