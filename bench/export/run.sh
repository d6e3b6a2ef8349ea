#!/usr/bin/env bash
# Memory of the orders CSV export with 100,000 orders (seed.sql): starts a throwaway PostgreSQL and the store (Release),
# signs in as the first admin, downloads /staff/orders/export once and samples the store process's resident memory
# (VmRSS in /proc) every 50 ms while it runs. Prints the file's size and rows, the time it took, the memory before the
# export and the peak during it. Stops and deletes everything it started, even when interrupted.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/bench/export
cd "$repo"
# shellcheck source=bench/common.sh
source bench/common.sh

bench_begin export curl python3
bench_publish
bench_start_store 5480 /health/ready

echo "Seeding 100,000 orders…" >&2
psql_store -f "$here/seed.sql" >&2

bench_first_admin

rss() { awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$app_pid/status"; }
sleep 2
before=$(rss)
peak=$before
curl -fsS -o "$work/orders.csv" -w '%{time_total}\n' -b "$jar" "$base/staff/orders/export" >"$work/time" &
download=$!
while kill -0 "$download" 2>/dev/null; do
  now=$(rss)
  (( now > peak )) && peak=$now
  sleep 0.05
done
wait "$download"

echo
echo "Orders CSV export, 100,000 orders of two lines ($(nproc) cores, load average before the run: $load_before)"
echo "file: $(du -m "$work/orders.csv" | cut -f1) MB, $(($(wc -l <"$work/orders.csv") - 1)) rows, in $(cat "$work/time") s"
echo "store process resident memory: ${before} MB before the export, peak ${peak} MB during it"
