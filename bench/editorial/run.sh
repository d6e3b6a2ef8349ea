#!/usr/bin/env bash
# Load test of the anonymous editorial pages readers hit most: the home page and one article page.
# Starts a throwaway PostgreSQL and the store (Release, Development environment so the demo content seeds),
# warms both pages up, then runs wrk on loopback at 64 connections for each page and prints requests/s and
# p99 latency. Stops and deletes everything it started, even when interrupted.
# Env: BENCH_SECONDS (default 15), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_ARTICLE (a demo slug).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
# shellcheck source=scripts/pg.sh
source scripts/pg.sh

seconds=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
article=${BENCH_ARTICLE:-}

command -v dotnet >/dev/null || { echo "error: dotnet not found; install the .NET 10 SDK" >&2; exit 1; }
command -v wrk >/dev/null || pg_apt_install wrk
command -v curl >/dev/null || pg_apt_install curl

# A fresh cluster and app folder per run: numbers never depend on what an earlier run left behind.
work=$(pg_data_root "$repo")/bench-editorial-$$
pgdata=$work/pg
app_pid=
cleanup() {
  if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" && wait "$app_pid" 2>/dev/null || true
  fi
  pg_stop "$pgdata" || true
  rm -rf "$work" "$pgdata.port"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$work"

# The data is disposable, so durability settings that only cost time under load are off.
pg_start "$pgdata" -c fsync=off -c synchronous_commit=off -c full_page_writes=off >/dev/null

echo "Publishing the store (Release)…" >&2
dotnet publish src/FibroStore.Web -c Release -o "$work/app" --nologo -v quiet >&2

port=$(_pg_free_port 5180)
base=http://127.0.0.1:$port
# Requests are not logged one by one: console output would be part of what is measured.
ASPNETCORE_ENVIRONMENT=Development \
  ConnectionStrings__Store="Host=127.0.0.1;Port=$PG_PORT;Database=fibrostore;Username=fibro;Password=fibro" \
  Seed__DemoContent=true \
  DevMailbox__Folder="$work/mailbox" \
  Store__PublicUrl="$base" \
  Logging__LogLevel__Default=Warning \
  dotnet "$work/app/FibroStore.Web.dll" --urls "$base" --contentRoot "$work/app" >"$work/app.log" 2>&1 &
app_pid=$!

for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$base/" 2>/dev/null && break
  kill -0 "$app_pid" 2>/dev/null || { tail -n 30 "$work/app.log" >&2; exit 1; }
  sleep 1
done
curl -fsS -o /dev/null "$base/" || { echo "error: the store did not answer within 120 s" >&2; tail -n 30 "$work/app.log" >&2; exit 1; }

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
