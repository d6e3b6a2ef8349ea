#!/usr/bin/env bash
# Load test of the anonymous editorial pages readers hit most: the home page and one article page.
# Starts a throwaway PostgreSQL and the store (Release, Development environment so the demo content seeds),
# warms both pages up, then runs wrk on loopback at 64 connections for each page and prints requests/s and
# p99 latency. Stops and deletes everything it started, even when interrupted.
# Env: BENCH_SECONDS (default 15), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_ARTICLE (a demo slug).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
# shellcheck source=bench/common.sh
source bench/common.sh

seconds=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
article=${BENCH_ARTICLE:-}

bench_begin editorial wrk curl
bench_publish
bench_start_store 5180 / Seed__DemoContent=true

if [[ -z $article ]]; then
  article=$(curl -fsS "$base/" | grep -o 'href="/articles/[a-z0-9-]*"' | head -n 1 | sed 's/^href="//; s/"$//')
  [[ -n $article ]] || { echo "error: no article link on the home page (did the demo content seed?)" >&2; exit 1; }
else
  article=/articles/$article
fi

# Warm-up: JIT, EF model building, connection pool and the output cache, so wrk measures the steady state.
wrk -t "$threads" -c "$connections" -d 5s "$base/" >/dev/null
wrk -t "$threads" -c "$connections" -d 5s "$base$article" >/dev/null

measure() {
  local name=$1 path=$2 out rps p99 errors
  out=$(wrk -t "$threads" -c "$connections" -d "${seconds}s" --latency "$base$path")
  echo "$out" >&2
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)
  printf '%-8s %-60s %10s req/s   p99 %8s%s\n' "$name" "$path" "$rps" "$p99" "${errors:+   ($errors)}"
}

echo "wrk: $connections connections, $threads threads, ${seconds}s per page, loopback" >&2
home=$(measure home /)
page=$(measure article "$article")
echo
echo "$home"
echo "$page"
