#!/usr/bin/env bash
# Load test of the shop with 10,000 products: a filtered and sorted category listing, a product page and a search.
# Starts a throwaway PostgreSQL and the store (Release), seeds the catalog with seed.sql, warms up, then runs wrk
# on loopback at 64 connections. Anonymous shop and product pages come from the output cache after the first hit,
# so each is measured twice: as cached, and with a query value that changes on every request (a cache miss, the
# full database and render path). Search is never cached. Prints req/s, p95 and p99 per case. Stops and deletes
# everything it started, even when interrupted.
# Env: BENCH_SECONDS (default 15), BENCH_CONNECTIONS (64), BENCH_THREADS (2).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/bench/catalog
cd "$repo"
# shellcheck source=bench/common.sh
source bench/common.sh

seconds=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}

# The store's connection pool may open up to 100 connections (Npgsql's default), and a search uses two at once
# (products and articles): PostgreSQL's default of 100 slots would answer some of them "too many clients" and
# measure that instead.
bench_begin catalog wrk curl -- -c max_connections=150
bench_publish
bench_start_store 5280 /shop

echo "Seeding 10,000 products…" >&2
start=$SECONDS
psql_store -f "$here/seed.sql" >&2
echo "Seeded in $((SECONDS - start)) s" >&2

shop="/shop/category/bench-cat-3?sort=price-asc&instock=true"
product="/products/bench-product-5000"
search="/search?q=lavender+pillow"
for path in "$shop" "$product" "$search"; do
  curl -fsS -o /dev/null "$base$path" || { echo "error: $path did not answer 200" >&2; exit 1; }
done
# The seed went around the store, so no page is cached yet; the first request of each fills its entry.

# Warm-up: JIT, EF query compilation, the connection pool and the output cache, so wrk measures the steady state.
for path in "$shop" "$product" "$search"; do
  timeout 60 wrk -t "$threads" -c "$connections" -d 5s "$base$path" >/dev/null
done

results=()
measure() {
  local name=$1 path=$2 bust=${3:-} out line
  out=$(timeout $((seconds + 30)) wrk -t "$threads" -c "$connections" -d "${seconds}s" --latency -s "$here/report.lua" "$base$path" -- $bust)
  echo "== $name: $path${bust:+ (+$bust=<counter>)}" >&2
  echo "$out" >&2
  line=$(grep '^RESULT' <<<"$out")
  results+=("$(printf '%-28s %s' "$name" "${line#RESULT }")")
}

measure "shop filtered (cached)" "$shop"
measure "shop filtered (uncached)" "$shop" nocache
measure "product page (cached)" "$product"
# The product page varies its cache only by ?variant=: an unknown value renders the default option, uncached.
measure "product page (uncached)" "$product" variant
measure "search (never cached)" "$search"

echo
echo "Catalog benchmark: 10,000 products, $connections connections, ${seconds}s each, wrk on loopback ($(nproc) cores, load average before the run: $load_before)"
printf '%s\n' "${results[@]}"
