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
# shellcheck source=scripts/pg.sh
source scripts/pg.sh

seconds=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}

command -v dotnet >/dev/null || { echo "error: dotnet not found; install the .NET 10 SDK" >&2; exit 1; }
command -v wrk >/dev/null || pg_apt_install wrk
command -v curl >/dev/null || pg_apt_install curl

# A fresh cluster and app folder per run: numbers never depend on what an earlier run left behind.
work=$(pg_data_root "$repo")/bench-catalog-$$
pgdata=$work/pg
app_pid=
log_mark=0
cleanup() {
  if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" && wait "$app_pid" 2>/dev/null || true
  fi
  # Errors behind non-2xx answers would otherwise be deleted with the work folder. Only lines after start-up count:
  # the first migration logs the missing history tables as failures.
  if [[ -f $work/app.log ]] && tail -n +"$((log_mark + 1))" "$work/app.log" | grep -qE '^(fail|crit):'; then
    echo "Store errors during the run (last 40 lines of the log):" >&2
    tail -n +"$((log_mark + 1))" "$work/app.log" | tail -n 40 >&2
  fi
  pg_stop "$pgdata" || true
  rm -rf "$work" "$pgdata.port"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$work"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# The data is disposable, so durability settings that only cost time under load are off. The store's connection
# pool may open up to 100 connections (Npgsql's default), and a search uses two at once (products and articles):
# PostgreSQL's default of 100 slots would answer some of them "too many clients" and measure that instead.
pg_start "$pgdata" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=150 >/dev/null
connection="Host=127.0.0.1;Port=$PG_PORT;Database=fibrostore;Username=fibro;Password=fibro"

echo "Publishing the store (Release)…" >&2
timeout 600 dotnet publish src/FibroStore.Web -c Release -o "$work/app" --nologo -v quiet >&2

port=$(_pg_free_port 5280)
base=http://127.0.0.1:$port
# Development so the schemas migrate at start; demo content off, seed.sql provides the catalog.
# Requests are not logged one by one: console output would be part of what is measured.
ASPNETCORE_ENVIRONMENT=Development \
  ConnectionStrings__Store="$connection" \
  Seed__DemoContent=false \
  DevMailbox__Folder="$work/mailbox" \
  Store__PublicUrl="$base" \
  Logging__LogLevel__Default=Warning \
  dotnet "$work/app/FibroStore.Web.dll" --urls "$base" --contentRoot "$work/app" >"$work/app.log" 2>&1 &
app_pid=$!

for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$base/shop" 2>/dev/null && break
  kill -0 "$app_pid" 2>/dev/null || { tail -n 30 "$work/app.log" >&2; exit 1; }
  sleep 1
done
curl -fsS -o /dev/null "$base/shop" || { echo "error: the store did not answer within 120 s" >&2; tail -n 30 "$work/app.log" >&2; exit 1; }
log_mark=$(wc -l <"$work/app.log")

echo "Seeding 10,000 products…" >&2
start=$SECONDS
PGPASSWORD=fibro timeout 300 "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$PG_PORT" -U fibro -d fibrostore -X -q -f "$here/seed.sql" >&2
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
