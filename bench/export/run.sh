#!/usr/bin/env bash
# Memory of the orders CSV export with 100,000 orders (seed.sql) beside its baseline: starts a throwaway PostgreSQL and
# the store (Release), signs in as the first admin, downloads /staff/orders/export once and samples the store
# process's resident memory (VmRSS in /proc) every 50 ms while it runs. Then the baseline (bench/store/Baseline, a
# minimal ASP.NET Core app) writes the same orders as CSV with plain Npgsql on GET /orders.csv, sampled the same way.
# Prints one table: the file, time, memory before and at the peak for each, and the store's figures as ratios to the
# baseline's. Stops and deletes everything it started, even when interrupted.
# Env: BENCH_STORE_ENV (NAME=VALUE… added to the store's environment, to try a runtime setting without a rebuild).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/bench/export
cd "$repo"
# shellcheck source=bench/common.sh
source bench/common.sh

read -r -a store_env <<<"${BENCH_STORE_ENV:-}"

bench_begin export curl python3
bench_publish
bench_build_baseline
bench_start_store 5480 /health/ready "${store_env[@]}"

echo "Seeding 100,000 orders…" >&2
psql_store -f "$here/seed.sql" >&2

bench_first_admin

bench_peak_during "$app_pid" -o "$work/orders.csv" -b "$jar" "$base/staff/orders/export"
store=("$before" "$peak" "$seconds")
made_of=$(paste -d"\t" "$work/smaps-before-$app_pid" "$work/smaps-$app_pid")
rows=$(($(wc -l <"$work/orders.csv") - 1))
store_mb=$(du -m "$work/orders.csv" | cut -f1)
bench_stop_store

bench_start_baseline 5490
bench_peak_during "$baseline_pid" -o "$work/baseline.csv" "$qbase/orders.csv"
baseline=("$before" "$peak" "$seconds")
baseline_rows=$(($(wc -l <"$work/baseline.csv") - 1))
bench_stop_baseline

echo
echo "Orders CSV export, 100,000 orders of two lines ($(nproc) cores, load average before the run: $load_before)"
if (( ${#store_env[@]} > 0 )); then echo "store environment added: ${store_env[*]}"; fi
echo "store: $rows rows, $store_mb MB; baseline: $baseline_rows rows, $(du -m "$work/baseline.csv" | cut -f1) MB"
bench_memory_table export
echo "what the store's resident memory was made of, before and at the peak:"
echo "$made_of"
