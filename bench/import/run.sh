#!/usr/bin/env bash
# Memory and time of a large WordPress import beside its baseline. Writes a 50 MB export as WordPress's exporter lays
# one out (export.py: BENCH_POSTS posts, default 2,000, with BENCH_COMMENTS comments each, default 10), starts a
# throwaway PostgreSQL and the store (Release), signs in as the first admin and uploads the export on
# /staff/articles/import while sampling the store process's resident memory (VmRSS in /proc) every 50 ms. Then the
# baseline (bench/store/Baseline, a minimal ASP.NET Core app) receives the same file on POST /import, streams it with
# XmlReader and writes its posts and comments with plain Npgsql COPY, sampled the same way. Prints one table: time,
# memory before and at the peak for each, and the store's figures as ratios to the baseline's; then what the store's
# peak was made of (/proc smaps). Stops and deletes everything it started, even when interrupted.
# Env: BENCH_POSTS, BENCH_COMMENTS; BENCH_STORE_ENV (NAME=VALUE… added to the store's environment, to try a runtime
# setting such as DOTNET_TieredPGO=0 without a rebuild).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/bench/import
cd "$repo"
# shellcheck source=bench/common.sh
source bench/common.sh

posts=${BENCH_POSTS:-2000}
comments=${BENCH_COMMENTS:-10}
read -r -a store_env <<<"${BENCH_STORE_ENV:-}"

bench_begin import curl python3
bench_publish
bench_build_baseline
python3 "$here/export.py" "$work/export.xml" "$posts" "$comments"

bench_start_store 5580 /health/ready "${store_env[@]}"
bench_first_admin
token=$(curl -fsS -b "$jar" "$base/staff/articles/import" | _bench_form_token)
bench_peak_during "$app_pid" -o "$work/report.html" -b "$jar" -F "__RequestVerificationToken=$token" \
  -F "Export=@$work/export.xml;type=text/xml" "$base/staff/articles/import"
grep -q "Articles: $posts added" "$work/report.html" ||
  { echo "error: the store's report does not say $posts articles were added" >&2; exit 1; }
store=("$before" "$peak" "$seconds")
made_of=$(paste -d"\t" "$work/smaps-before-$app_pid" "$work/smaps-$app_pid")
replies=$(psql_store -c "SELECT count(*) FROM editorial.replies")
bench_stop_store

bench_start_baseline 5590
bench_peak_during "$baseline_pid" -o "$work/baseline.txt" -F "Export=@$work/export.xml;type=text/xml" "$qbase/import"
baseline=("$before" "$peak" "$seconds")
bench_stop_baseline

echo
echo "WordPress import of a $(du -m "$work/export.xml" | cut -f1) MB export ($posts posts, $((posts * comments)) comments; $(nproc) cores, load average before the run: $load_before)"
if (( ${#store_env[@]} > 0 )); then echo "store environment added: ${store_env[*]}"; fi
bench_memory_table import
echo "store: $replies replies imported (held ones included, spam left out); baseline: $(cat "$work/baseline.txt")"
echo "what the store's resident memory was made of, before and at the peak:"
echo "$made_of"
