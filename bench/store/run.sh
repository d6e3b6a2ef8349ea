#!/usr/bin/env bash
# The store under load beside its own baseline. Seeds a large store (seed.sql: at scale 1, 10,000 products, 2,000
# articles with 20,000 replies, 100,000 subscribers, 100,000 orders; BENCH_SCALE=10 makes each ten times larger),
# starts it in Release on loopback on the run command's cluster (PostgreSQL's defaults, commits flushed to disk)
# with room added for the baseline's pool, and beside it Baseline/: a minimal ASP.NET Core app that does the same
# reads with plain Npgsql and writes its HTML by hand. Each path is measured with wrk on the store, then on its
# baseline path with the same settings (a warm-up, then BENCH_SECONDS measured, --timeout 10s), at 64 and at 256
# connections. What wrk cannot do (signing in, a cart with 3 lines, checkout sessions, signed webhooks) is done by
# bench/checkout/Driver. Checkout-session creation (against the in-app Stripe emulator) and the webhook burst to
# placed orders have no baseline.
# Prints one table per scale: req/s, p50, p99 and bad answers (any status but the expected 200, or 302 for add to
# cart, plus socket errors and time-outs; 429s counted apart) for the store and its baseline, each store figure as a
# ratio to the baseline's, the store's memory after each path (resident now and peak so far, which shows the path
# that grows it) and its peak memory (VmHWM) through the whole run. The table and wrk's full output are also kept in
# bench/results/store-<time>/ (git-ignored).
# The store's per-client limits (sign-in, checkout starts and held units, search, code checks, subscribe, account
# emails) would answer 429 to a benchmark, which comes from one address: they are raised to BENCH_LIMIT and printed.
# The checkout run's shoppers each come from an address of their own (X-Forwarded-For, as nginx sends it; the store
# runs with Store__BehindProxy=true), so its starts do not all queue on one client's cap.
# Starts a throwaway PostgreSQL, the store and the baseline on loopback, and stops and deletes everything it started,
# even when interrupted. A full run at one scale takes about half an hour.
# Env: BENCH_SCALES ("1 10" runs both; default BENCH_SCALE, 1), BENCH_SECONDS (15), BENCH_WARMUP (5),
# BENCH_CONNECTIONS ("64 256"), BENCH_THREADS (wrk, 2), BENCH_CARTS (checkouts per run, 2000), BENCH_WEBHOOKS (1000),
# BENCH_WEBHOOK_WARMUP (200, sent and settled before each burst), BENCH_LIMIT (1000000), BENCH_PG_OPTIONS (more -c
# name=value for the cluster); BENCH_PATHS (an extended regular expression: only the paths whose name matches,
# "checkout-session creation" and "webhook burst" included, are measured); BENCH_TRACE=1 (while each store path is
# measured, dotnet-trace samples the store's threads; the methods longest on the stack, own time and with what they
# call, go to trace-<path>.txt beside the table); BENCH_STATEMENTS=1 (PostgreSQL's pg_stat_statements counts the
# store's statements while each store path is measured; the 20 that took the database longest, with calls, mean time
# and rows, go to statements-<path>.txt beside the table); BENCH_STORE_ENV (NAME=VALUE… added to the store's
# environment, printed with the table); BENCH_COUNTERS=1 (dotnet-counters records the store's runtime counters, GC
# heap, working set, thread pool and more, every second of each scale's run into counters-<scale>.csv, with the time
# each path started in phases-<scale>.txt); BENCH_HEAP=1 (after the last path, dotnet-dump takes the store's heap and
# writes its live objects' total size and count by type to heap-<scale>.txt; dotnet-gcdump's report is not used, as it
# samples a large heap and its sizes do not add up to it); BENCH_PERF=1 (while each store path is measured, Linux perf
# samples what runs on the CPUs, the store's JIT-compiled code named through DOTNET_PerfMapEnabled and PostgreSQL's
# backends beside it; unlike BENCH_TRACE, a waiting thread is not sampled, so the list is where the CPU time goes:
# perf-<path>.txt beside the table, by thread name, by function (own time), then the store's functions with what they
# call); BENCH_ALLOC=1 (while each store path is measured, dotnet-trace records the runtime's allocation samples, one
# about every 100 KB with its stack; alloc-<path>.txt beside the table gives the MB allocated by type, by the method
# that allocated, and by each method with what it calls, the capture kept beside it; not with BENCH_TRACE).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/bench/store
cd "$repo"
# shellcheck source=bench/common.sh
source bench/common.sh

scales=${BENCH_SCALES:-${BENCH_SCALE:-1}}
seconds=${BENCH_SECONDS:-15}
warmup=${BENCH_WARMUP:-5}
connection_counts=${BENCH_CONNECTIONS:-64 256}
threads=${BENCH_THREADS:-2}
carts=${BENCH_CARTS:-2000}
webhooks=${BENCH_WEBHOOKS:-1000}
webhook_warmup=${BENCH_WEBHOOK_WARMUP:-200}
limit=${BENCH_LIMIT:-1000000}
only=${BENCH_PATHS:-.}
read -r -a store_env <<<"${BENCH_STORE_ENV:-}"
trace=${BENCH_TRACE:-0}
statements=${BENCH_STATEMENTS:-0}
counters=${BENCH_COUNTERS:-0}
heap=${BENCH_HEAP:-0}
perf=${BENCH_PERF:-0}
alloc=${BENCH_ALLOC:-0}
[[ $trace == 1 && $alloc == 1 ]] && { echo "error: BENCH_TRACE and BENCH_ALLOC each need the trace session to themselves" >&2; exit 1; }
if [[ $perf == 1 ]]; then
  command -v perf >/dev/null || { echo "error: BENCH_PERF=1 needs Linux perf (apt-get install linux-perf)" >&2; exit 1; }
  # The framework's precompiled (ReadyToRun) code has no names perf can read: with it off, everything is JIT-compiled
  # and named in the perf map. perf reads that map only for code in anonymous memory, which the runtime's
  # write-xor-execute double mapping is not. The warm-up before each path lets tiered compilation settle.
  store_env+=(DOTNET_PerfMapEnabled=1 DOTNET_ReadyToRun=0 DOTNET_EnableWriteXorExecute=0)
fi
checkout_warmup=200
(( webhooks + webhook_warmup <= carts + checkout_warmup )) ||
  { echo "error: BENCH_WEBHOOKS + BENCH_WEBHOOK_WARMUP must not exceed BENCH_CARTS + $checkout_warmup" >&2; exit 1; }
# A scale below 1 (down to 0.05) makes a small store for trying the script out.
for scale in $scales; do
  awk -v s="$scale" 'BEGIN { exit !(s ~ /^[0-9]+(\.[0-9]+)?$/ && s >= 0.05) }' ||
    { echo "error: a scale is a number from 0.05 up, not '$scale'" >&2; exit 1; }
done

# The connection budget: the run command's cluster allows PG_STORE_MAX_CONNECTIONS (scripts/pg.sh), and the store's
# pool is its default (README, "Connection budget"). The cluster here also has room for the baseline's pool (32 is
# plenty for 2 cores), which the baseline opens at start and holds, and for this script's psql: the store finds what
# it would find beside the run command.
run_command_connections=$PG_STORE_MAX_CONNECTIONS
baseline_pool=32
max_connections=$((run_command_connections + baseline_pool + 1))
pg_options=(-c "max_connections=$max_connections")
[[ $statements == 1 ]] && pg_options+=(-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all)

# The limits raised for the bench: the names the modules read (see the README's Configuration table).
limits=(
  "Accounts__Throttle__SignInsPerClient=$limit"
  "Accounts__Throttle__RegistrationsPerClient=$limit"
  "Accounts__Throttle__EmailsPerAddress=$limit"
  "Checkout__StartsPerClientLimit=$limit"
  "Checkout__MaxHeldUnitsPerClient=$limit"
  "Checkout__CodeChecksPerClientLimit=$limit"
  "Search__PerClientPerMinute=$limit"
  "Subscribers__Joining__PerClientLimit=$limit"
)

results=$repo/bench/results/store-$(date +%Y%m%d-%H%M%S)
mkdir -p "$results"
raw=$results/wrk.txt

bench_durable=1
# shellcheck disable=SC2086 # BENCH_PG_OPTIONS is a list of options
bench_begin store wrk curl -- "${pg_options[@]}" ${BENCH_PG_OPTIONS:-}
child_pid=
perf_maps=()
# Besides what common.sh stops: a driver, wrk or dotnet-trace that was running when the script was interrupted.
store_cleanup() {
  local pid
  for pid in $child_pid ${trace_pid:-} ${counters_pid:-} ${perf_pid:-}; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  bench_cleanup
  # The symbol maps the stores wrote for perf.
  rm -f "${perf_maps[@]}"
}
trap store_cleanup EXIT

# run_child FILE COMMAND…: runs COMMAND with its output in FILE, in the background so that an interruption is handled
# at once (and the command stopped) rather than when it ends.
run_child() {
  local file=$1 status=0
  shift
  "$@" >"$file" &
  child_pid=$!
  wait "$child_pid" || status=$?
  child_pid=
  return "$status"
}

bench_publish
bench_build_baseline
echo "Building the checkout driver…" >&2
timeout --foreground 600 dotnet build "$repo/bench/checkout/Driver" -c Release -o "$work/driver" --nologo -v quiet >&2 ||
  { echo "error: building the checkout driver failed or took more than 10 minutes" >&2; exit 1; }
driver=$work/driver/CheckoutDriver
tools=()
[[ $trace == 1 || $alloc == 1 ]] && tools+=(dotnet-trace)
if [[ $alloc == 1 ]]; then
  timeout --foreground 600 dotnet build "$here/AllocationReport" -c Release -o "$work/allocation-report" --nologo -v quiet >&2 ||
    { echo "error: building the allocation report failed" >&2; exit 1; }
fi
[[ $counters == 1 ]] && tools+=(dotnet-counters)
[[ $heap == 1 ]] && tools+=(dotnet-dump)
for tool in "${tools[@]}"; do
  echo "Installing $tool…" >&2
  timeout --foreground 600 dotnet tool install --tool-path "$work/tools" "$tool" >&2 ||
    { echo "error: installing $tool failed" >&2; exit 1; }
done

fresh_database() {
  PGPASSWORD=fibro "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$PG_PORT" -U fibro -d postgres -X -q -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS fibrostore WITH (FORCE)" -c "CREATE DATABASE fibrostore OWNER fibro" >/dev/null
}

# Peak resident memory of a process so far, in MB.
peak_mb() { awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
# CPU time (clock ticks) used so far by the store, and by the database server: the postmaster, its live backends and
# the ones that have ended. Read before and after the checkout and webhook runs to split their CPU between the two.
ticks_of() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_ticks() {
  local postmaster db=0 pid
  postmaster=$(head -n 1 "$pgdata/postmaster.pid")
  for pid in $postmaster $(pgrep -P "$postmaster"); do db=$((db + $(ticks_of "$pid"))); done
  echo "$(ticks_of "$app_pid") $db"
}
# cpu_line WHAT COUNT BEFORE: the store's and the database's CPU since BEFORE (cpu_ticks), in all and per unit.
cpu_line() {
  local before_store before_db after_store after_db
  read -r before_store before_db <<<"$3"
  read -r after_store after_db <<<"$(cpu_ticks)"
  awk -v what="$1" -v n="$2" -v store=$((after_store - before_store)) -v db=$((after_db - before_db)) -v hz="$(getconf CLK_TCK)" 'BEGIN {
    printf "CPU during %s: store %.1f s (%.1f ms each), database %.1f s (%.1f ms each)\n", what, store / hz, store * 1000 / hz / n, db / hz, db * 1000 / hz / n }'
}
# The store's resident memory now and its peak so far, after a path: which path grows it.
store_mb() { awk '/^VmRSS:/ { now = $2 } /^VmHWM:/ { peak = $2 } END { printf "%d/%d", now / 1024, peak / 1024 }' "/proc/$app_pid/status"; }

# check NAME URL EXPECTED COOKIE BODY KIND: fails loudly unless the path answers as it should before it is measured.
# KIND "cached" must come from the page cache on a second look (an Age header), "signed-in" must be a signed-in page
# that is not cached.
check() {
  local name=$1 url=$2 expected=$3 cookie=$4 body=$5 kind=$6 args=(-sS -o "$work/page" -D "$work/headers" -w '%{http_code}') status
  [[ -n $cookie ]] && args+=(-H "Cookie: $cookie")
  [[ -n $body ]] && args+=(--data "$body")
  status=$(curl "${args[@]}" "$url")
  [[ $kind == cached ]] && status=$(curl "${args[@]}" "$url")
  if [[ $status != "$expected" ]]; then
    echo "error: $name: $url answered $status, not $expected" >&2
    head -c 2000 "$work/page" >&2
    exit 1
  fi
  case $kind in
    cached) grep -qi '^age:' "$work/headers" || { echo "error: $name: $url was not served from the page cache" >&2; exit 1; } ;;
    signed-in)
      grep -q 'Sign out' "$work/page" || { echo "error: $name: $url is not a signed-in page" >&2; exit 1; }
      ! grep -qi '^age:' "$work/headers" || { echo "error: $name: $url came from the page cache while signed in" >&2; exit 1; } ;;
  esac
}

# measure CONNECTIONS URL EXPECTED COOKIE BODY: a warm-up, then the measured run; sets measured to wrk's RESULT line.
measure() {
  local connections=$1 url=$2 expected=$3 cookie=$4 body=$5 args lua
  args=(-t "$threads" -c "$connections" --timeout 10s -s "$here/measure.lua")
  [[ -n $cookie ]] && args+=(-H "Cookie: $cookie")
  lua=("$expected")
  [[ -n $body ]] && lua+=("$body")
  run_child "$work/wrk" timeout $((warmup + 60)) wrk "${args[@]}" -d "${warmup}s" "$url" -- "${lua[@]}"
  run_child "$work/wrk" timeout $((seconds + 60)) wrk "${args[@]}" -d "${seconds}s" --latency "$url" -- "${lua[@]}"
  { echo "== $url (connections: $connections${cookie:+, with cookies}${body:+, POST $body})"; cat "$work/wrk"; } >>"$raw"
  measured=$(grep '^RESULT' "$work/wrk")
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
# req/s, p50 and p99 of a RESULT line, tab-separated; no latency when no request finished within the run.
figures() {
  if [[ $(field requests "$1") == 0 ]]; then printf '0\t-\t-'; else printf '%s\t%s\t%s' "$(field rps "$1")" "$(field p50_ms "$1")" "$(field p99_ms "$1")"; fi
}
bad() { echo "$(( $(field unexpected "$1") + $(field socket_errors "$1") )) ($(field s429 "$1"))"; }

# start_trace NAME SCALE CONNECTIONS SECONDS / end_trace: with BENCH_TRACE=1, samples the store's threads with
# dotnet-trace for SECONDS from the first call (a background process ignores Ctrl+C, so the trace stops itself), and
# end_trace writes the 25 methods longest on the stack (own time, then with what they call) to
# trace-<name>-<scale>-<connections>.txt in the results folder. Waiting threads are sampled too, so the list also
# shows where requests wait (for the database, a lock or the thread pool). Sampling slows the store a little: take
# the table's figures from a run without it. With BENCH_ALLOC=1 the same session records allocation samples instead
# and end_trace writes alloc-<name>-<scale>-<connections>.txt. Around each store path they also mark its start for BENCH_COUNTERS and
# count its statements for BENCH_STATEMENTS.
trace_pid=
trace_file=
statements_file=
perf_pid=
perf_file=
perf_samples=()
start_trace() {
  local file
  file=$(tr -c 'a-z0-9\n' '-' <<<"$1" | tr -s '-' | sed 's/-$//')-$2-$3
  [[ $counters == 1 ]] && echo "$(date -u +%H:%M:%S) $1, $3 connections" >>"$results/phases-$2.txt"
  if [[ $statements == 1 ]]; then
    statements_file=$results/statements-$file.txt
    psql_store -c "SELECT pg_stat_statements_reset()" >/dev/null
  fi
  if [[ $perf == 1 ]]; then
    perf_file=$results/perf-$file
    perf_maps+=("/tmp/perf-$app_pid.map" "/tmp/perfinfo-$app_pid.map")
    perf record -e cpu-clock -F 499 -a -g -o "$perf_file.data" -- sleep "$4" >"$work/perf.log" 2>&1 &
    perf_pid=$!
  fi
  [[ $trace == 1 || $alloc == 1 ]] || return 0
  local profile=()
  trace_file=$results/trace-$file
  if [[ $alloc == 1 ]]; then
    trace_file=$results/alloc-$file
    profile=(--profile gc-verbose)
  fi
  "$work/tools/dotnet-trace" collect -p "$app_pid" "${profile[@]}" -o "$trace_file.nettrace" --duration "$(printf '00:%02d:%02d:%02d' $(($4 / 3600)) $(($4 % 3600 / 60)) $(($4 % 60)))" >"$work/trace.log" 2>&1 &
  trace_pid=$!
  sleep 1
}
end_trace() {
  if [[ -n $statements_file ]]; then
    psql_store -P pager=off -P format=aligned -P tuples_only=off -c "SELECT calls, round(total_exec_time)::bigint AS total_ms,
        round(mean_exec_time::numeric, 3) AS mean_ms, rows, shared_blks_hit + shared_blks_read AS buffers,
        left(regexp_replace(query, '\s+', ' ', 'g'), 300) AS statement
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_exec_time DESC LIMIT 20" >"$statements_file" 2>&1 || true
    statements_file=
  fi
  if [[ -n $perf_pid ]]; then
    wait "$perf_pid" 2>/dev/null || true
    perf_pid=
    perf_samples+=("$perf_file $app_pid")
  fi
  [[ -n $trace_pid ]] || return 0
  wait "$trace_pid" 2>/dev/null || true
  trace_pid=
  if [[ $alloc == 1 ]]; then
    # The capture stays beside the report: bench/store/AllocationReport with a focus shows the stacks through a method.
    "$work/allocation-report/AllocationReport" "$trace_file.nettrace" >"$trace_file.txt" 2>&1 || true
    return 0
  else {
    echo "== own time"
    "$work/tools/dotnet-trace" report "$trace_file.nettrace" topN -n 25
    echo "== with what they call"
    "$work/tools/dotnet-trace" report "$trace_file.nettrace" topN -n 25 --inclusive
  } >"$trace_file.txt" 2>&1 || true
  fi
  rm -f "$trace_file.nettrace"
}

# drive_when_ready NAME PATH TRACE_SECONDS DRIVER_ARGS…: runs the checkout driver, which prepares (carts, paid
# sessions), says it is ready and waits for "go"; the trace and the CPU reading (cpu_before) start in between, so they
# count the measured part alone. Its output goes to $work/NAME.txt.
drive_when_ready() {
  local name=$1 path=$2 trace_seconds=$3
  shift 3
  rm -f "$work/$name.ready" "$work/$name.go"
  timeout 1800 "$driver" "$@" --ready "$work/$name.ready" --go "$work/$name.go" >"$work/$name.txt" &
  child_pid=$!
  while [[ ! -e $work/$name.ready ]] && kill -0 "$child_pid" 2>/dev/null; do sleep 0.05; done
  start_trace "$path" "$scale" "$connections" "$trace_seconds"
  cpu_before=$(cpu_ticks)
  touch "$work/$name.go"
  wait "$child_pid"
  child_pid=
}

# write_perf_reports: turns each BENCH_PERF sample into perf-<path>.txt. Run once the store has stopped: the runtime
# writes the names of the code it compiles to its perf map in buffered pieces, the last of them as it exits.
write_perf_reports() {
  local sample file pid
  for sample in "${perf_samples[@]}"; do
    read -r file pid <<<"$sample"
    {
      echo "== by thread name (postgres: the database's backends)"
      perf report -i "$file.data" --stdio --no-children -g none --sort comm --percent-limit 0.5
      echo "== own time"
      perf report -i "$file.data" --stdio --no-children -g none --sort dso,sym --percent-limit 0.3
      echo "== with what they call (the store only)"
      perf report -i "$file.data" --stdio --children -g none --pid "$pid" --sort sym --percent-limit 2
    } >"$file.txt" 2>/dev/null || true
    rm -f "$file.data"
  done
  perf_samples=()
}

# wait_for_outboxes: returns once Payments' and Ordering's outboxes hold nothing left to do (at most 300 s), so the work
# a warm-up left behind does not run inside what is measured next.
wait_for_outboxes() {
  local deadline=$((SECONDS + 300)) due
  while :; do
    due=$(psql_store -c "SELECT (SELECT count(*) FROM payments.outbox_messages WHERE processed_at IS NULL AND parked_at IS NULL)
                              + (SELECT count(*) FROM ordering.outbox_messages WHERE processed_at IS NULL AND parked_at IS NULL)")
    (( due == 0 )) && return 0
    (( SECONDS < deadline )) || { echo "error: $due outbox messages still due after 300 s" >&2; exit 1; }
    sleep 0.5
  done
}

run_scale() {
  local scale=$1 rows=() cpu_lines=() cpu_before mb auth cart variant size connections spec name path cookie_kind base_path kind expected body cookie s b line since before placed t0 last ms
  echo "== Scale $scale" >&2
  fresh_database
  echo "Migrating…" >&2
  ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Store="$connection" Seed__DemoContent=false \
    timeout --foreground 600 dotnet "$work/app/FibroStore.Web.dll" migrate --contentRoot "$work/app" >"$work/migrate.log" 2>&1 ||
    { tail -n 30 "$work/migrate.log" >&2; exit 1; }
  # The extension is the superuser's to create and to grant; the store's own role then reads and resets it.
  [[ $statements == 1 ]] && "$(pg_bin_dir)/psql" -h "$(_pg_sock_dir "$pgdata")" -p "$PG_PORT" -U postgres -d fibrostore -X -q -v ON_ERROR_STOP=1 \
    -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "GRANT pg_read_all_stats TO fibro" \
    -c "GRANT EXECUTE ON FUNCTION pg_stat_statements_reset TO fibro" >/dev/null
  echo "Seeding at scale $scale…" >&2
  local start=$SECONDS
  run_child "$work/seed.log" psql_store -v scale="$scale" -f "$here/seed.sql" ||
    { tail -n 20 "$work/seed.log" >&2; exit 1; }
  local seeded=$((SECONDS - start))
  # The signed-in reader: an account as Identity stores it, with a password hash Identity made.
  psql_store -v hash="$("$driver" hash --password calm-blue-river-42)" <<'SQL'
INSERT INTO accounts.users (id, display_name, created_at, user_name, normalized_user_name, email, normalized_email, email_confirmed,
                            password_hash, security_stamp, concurrency_stamp, phone_number, phone_number_confirmed,
                            two_factor_enabled, lockout_end, lockout_enabled, access_failed_count)
VALUES (md5('bench-reader')::uuid::text, 'Bench Reader', now(), 'bench-reader@example.org', 'BENCH-READER@EXAMPLE.ORG',
        'bench-reader@example.org', 'BENCH-READER@EXAMPLE.ORG', true, :'hash', upper(md5('bench-reader-stamp')),
        md5('bench-reader-concurrency')::uuid::text, NULL, false, false, NULL, true, 0);
SQL
  local counts
  counts=$(psql_store -F ' ' -c "SELECT (SELECT count(*) FROM catalog.products), (SELECT count(*) FROM editorial.articles),
    (SELECT count(*) FROM editorial.replies), (SELECT count(*) FROM subscribers.subscribers), (SELECT count(*) FROM ordering.orders),
    pg_size_pretty(pg_database_size('fibrostore'))")

  # The emulator's own webhook deliveries are off: the burst sends the completion events itself. The store runs as it
  # does behind nginx, reading each shopper's address from X-Forwarded-For.
  bench_start_store 5780 /health/ready StripeEmulator__DeliverWebhooks=false Store__BehindProxy=true "${limits[@]}" "${store_env[@]}"
  counters_pid=
  if [[ $counters == 1 ]]; then
    "$work/tools/dotnet-counters" collect -p "$app_pid" --format csv -o "$results/counters-$scale.csv" --refresh-interval 1 \
      --counters System.Runtime,Microsoft.AspNetCore.Hosting,Npgsql >"$work/counters.log" 2>&1 &
    counters_pid=$!
  fi
  bench_start_baseline 5790 ConnectionStrings__Store="$connection;Minimum Pool Size=$baseline_pool;Maximum Pool Size=$baseline_pool"

  auth=$("$driver" signin --base "$base" --email bench-reader@example.org --password calm-blue-river-42)
  cart=$(psql_store -c "SELECT string_agg(md5('bench-variant-' || i || '-1')::uuid::text, ',' ORDER BY i) FROM generate_series(1, 3) AS i")
  cart=$("$driver" cart --base "$base" --variants "$cart")
  variant=$(psql_store -c "SELECT md5('bench-variant-5-1')::uuid")
  local article=/articles/bench-article-100 product=/products/bench-product-500
  local shop="/shop/category/bench-cat-3?sort=price-asc&instock=true" add_body="variantId=$variant&quantity=1&returnUrl=%2Fshop"

  # Store path → baseline path. A cached page's baseline is fixed bytes of the page's own length (FIXED).
  # name | store path | cookie (none, auth, cart) | baseline path | kind | expected status | POST body
  local specs=(
    "home, anonymous (cached)|/|none|FIXED|cached|200|"
    "home, signed in|/|auth|/home|signed-in|200|"
    "article, anonymous (cached)|$article|none|FIXED|cached|200|"
    "article, signed in|$article|auth|$article|signed-in|200|"
    "product, anonymous (cached)|$product|none|FIXED|cached|200|"
    "product, signed in|$product|auth|$product|signed-in|200|"
    "shop, anonymous (cached)|$shop|none|FIXED|cached|200|"
    "shop, signed in|$shop|auth|$shop|signed-in|200|"
    "search 'magnesium'|/search?q=magnesium|none|/search?q=magnesium|page|200|"
    "search 'magnezium' (typo)|/search?q=magnezium|none|/search?q=magnezium|page|200|"
    "add to cart, new visitor|/cart/add|none|/cart/add|page|302|$add_body"
    "cart page, 3 lines|/cart|cart|/cart|page|200|"
    "/session/state, with a cart|/session/state|cart|/session/state|page|200|"
  )
  for spec in "${specs[@]}"; do
    IFS='|' read -r name path cookie_kind base_path kind expected body <<<"$spec"
    [[ $name =~ $only ]] || continue
    case $cookie_kind in none) cookie= ;; auth) cookie=$auth ;; cart) cookie=$cart ;; esac
    check "$name" "$base$path" "$expected" "$cookie" "$body" "$kind"
    if [[ $base_path == FIXED ]]; then
      size=$(curl -fsS "$base$path" | wc -c)
      base_path=/fixed/$size
    fi
    check "$name (baseline)" "$qbase$base_path" "$expected" "$cookie" "$body" page
  done

  for connections in $connection_counts; do
    for spec in "${specs[@]}"; do
      IFS='|' read -r name path cookie_kind base_path kind expected body <<<"$spec"
      [[ $name =~ $only ]] || continue
      # A fresh sign-in for each signed-in path: the store checks a sign-in cookie against the account once it is a
      # minute old (the security stamp) and sends a renewed one, which a browser keeps and wrk does not. With the
      # first cookie, every request after its first minute would make that check (three queries and a new cookie).
      case $cookie_kind in
        none) cookie= ;;
        auth) cookie=$("$driver" signin --base "$base" --email bench-reader@example.org --password calm-blue-river-42) ;;
        cart) cookie=$cart ;;
      esac
      [[ $base_path == FIXED ]] && base_path=/fixed/$(curl -fsS "$base$path" | wc -c)
      echo "Scale $scale, $connections connections: $name…" >&2
      start_trace "$name" "$scale" "$connections" $((warmup + seconds))
      measure "$connections" "$base$path" "$expected" "$cookie" "$body"
      s=$measured
      mb=$(store_mb)
      end_trace
      measure "$connections" "$qbase$base_path" "$expected" "$cookie" "$body"
      b=$measured
      rows+=("$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$name" "$connections" "$(figures "$s")" "$(bad "$s")" \
        "$(figures "$b")" "$(bad "$b")" \
        "$(bench_ratio "$(field rps "$s")" "$(field rps "$b")")" "$(bench_ratio "$(field p50_ms "$s")" "$(field p50_ms "$b")")" \
        "$(bench_ratio "$(field p99_ms "$s")" "$(field p99_ms "$b")")" "$mb")")
    done

    if ! [[ "checkout-session creation" =~ $only || "webhook burst" =~ $only ]]; then continue; fi
    echo "Scale $scale, $connections connections: checkout-session creation…" >&2
    # The carts' preparation (an add to cart and a cart page each) and the warm-up come before "go".
    drive_when_ready checkout "checkout-session creation" 15 checkout --base "$base" \
      --variant "$(psql_store -c "SELECT md5('bench-checkout-variant')::uuid")" \
      --carts "$carts" --warmup "$checkout_warmup" --concurrency "$connections" --sessions "$work/sessions.txt"
    { echo "== checkout-session creation (concurrency: $connections)"; cat "$work/checkout.txt"; } >>"$raw"
    cpu_lines+=("$(cpu_line "checkout-session creation at $connections connections (measured checkouts only)" "$carts" "$cpu_before")")
    end_trace
    line=$(grep '^RESULT' "$work/checkout.txt")
    rows+=("$(printf '%s\t%s\t%s\t%s\t%s\t%s\t-\t-\t-\t-\t-\t-\t-\t%s' "checkout-session creation" "$connections" \
      "$(field rps "$line")" "$(field p50_ms "$line")" "$(field p99_ms "$line")" "$(field failed "$line") (-)" "$(store_mb)")")

    # The burst is timed from its first POST (the driver's clock) to the last order's paid_at (the database's), both
    # this machine's clock, the outbox work between them included.
    [[ "webhook burst" =~ $only ]] || continue
    # A warm-up burst first, as every other path has one: the webhook, the settling of a payment and the emails after
    # it otherwise run for the first time inside the measured burst, with the JIT compiling them beside it. It uses the
    # first sessions and the burst the next ones; the burst starts once the warm-up's outbox work is done.
    head -n "$webhook_warmup" "$work/sessions.txt" >"$work/warmup-sessions.txt"
    tail -n +"$((webhook_warmup + 1))" "$work/sessions.txt" >"$work/burst-sessions.txt"
    if (( webhook_warmup > 0 )); then
      echo "Scale $scale, $connections connections: $webhook_warmup signed webhooks to warm up…" >&2
      timeout 1800 "$driver" webhooks --base "$base" --sessions "$work/warmup-sessions.txt" --count "$webhook_warmup" \
        --concurrency "$connections" --secret whsec_fibrostore_emulator >"$work/webhooks-warmup.txt"
      wait_for_outboxes
    fi
    echo "Scale $scale, $connections connections: $webhooks signed webhooks…" >&2
    # The burst's orders are counted among those paid since now, through the index on paid_at: counting the whole
    # table five times a second cost the database more than the burst's own orders at 10x (a million rows a count).
    since=$(psql_store -c "SELECT now()")
    before=$(psql_store -c "SELECT count(*) FROM ordering.orders WHERE paid_at >= '$since'")
    # The driver first pays the sessions on the emulator and builds their events (Stripe's work, in production).
    drive_when_ready webhooks "webhook burst" 20 webhooks --base "$base" --sessions "$work/burst-sessions.txt" --count "$webhooks" \
      --concurrency "$connections" --secret whsec_fibrostore_emulator
    { echo "== webhook burst (concurrency: $connections)"; cat "$work/webhooks.txt"; } >>"$raw"
    line=$(grep '^BURST' "$work/webhooks.txt")
    t0=$(field t0_ms " $line")
    local deadline=$((SECONDS + 300))
    while :; do
      placed=$(psql_store -c "SELECT count(*) FROM ordering.orders WHERE paid_at >= '$since'")
      (( placed - before >= webhooks )) && break
      (( SECONDS < deadline )) || { echo "error: only $((placed - before)) of $webhooks orders after 300 s" >&2; exit 1; }
      sleep 0.2
    done
    cpu_lines+=("$(cpu_line "the webhook burst at $connections connections, to its last paid order" "$webhooks" "$cpu_before")")
    end_trace
    last=$(psql_store -c "SELECT (extract(epoch FROM max(paid_at)) * 1000)::bigint FROM ordering.orders")
    ms=$((last - t0))
    rows+=("$(printf '%s\t%s\t%s\t%s\t%s\t%s\t-\t-\t-\t-\t-\t-\t-\t%s' "webhook burst, orders/s" "$connections" \
      "$(awk -v n="$webhooks" -v ms="$ms" 'BEGIN { printf "%.1f", n * 1000 / ms }')" "-" "-" "$(field not_200 " $line") (-)" "$(store_mb)")")
    # What Stripe waits for (the 200s) apart from what the outbox does after them.
    cpu_lines+=("$(awk -v c="$connections" -v n="$webhooks" -v ack="$(field acknowledged_ms " $line")" -v ms="$ms" 'BEGIN {
      printf "The webhook burst at %d connections: %d events acknowledged in %.2f s (%.0f a second), the last order paid %.2f s after the first event\n", c, n, ack / 1000, n * 1000 / ack, ms / 1000 }')")
  done

  local store_peak baseline_peak
  store_peak=$(peak_mb "$app_pid")
  if [[ $heap == 1 ]]; then
    "$work/tools/dotnet-dump" collect -p "$app_pid" --type Heap -o "$work/heap.dmp" >"$work/heap.log" 2>&1 &&
      "$work/tools/dotnet-dump" analyze "$work/heap.dmp" -c "eeheap -gc" -c "dumpheap -stat -live" -c exit >"$results/heap-$scale.txt" 2>&1 ||
      { echo "warning: dotnet-dump failed (see below)" >&2; tail -n 5 "$work/heap.log" >&2; }
    rm -f "$work/heap.dmp"
  fi
  if [[ -n $counters_pid ]]; then
    # TERM, not INT: a background process ignores Ctrl+C. The file holds every second written so far.
    kill -TERM "$counters_pid" 2>/dev/null; wait "$counters_pid" 2>/dev/null || true
    counters_pid=
  fi
  baseline_peak=$(peak_mb "$baseline_pid")
  bench_stop_store
  bench_stop_baseline
  write_perf_reports

  {
    echo
    echo "Store benchmark at scale $scale: products, articles, replies, subscribers, orders: $counts (seeded in $seeded s)"
    echo "wrk -t $threads --timeout 10s, ${warmup}s warm-up then ${seconds}s per path; checkouts: $carts after $checkout_warmup warm-up; $webhooks webhooks; loopback, $(nproc) cores, load average before the run: $load_before, now: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "Limits raised: ${limits[*]}"
    if (( ${#store_env[@]} > 0 )); then echo "Store environment added: ${store_env[*]}"; fi
    echo "Cluster: max_connections=$max_connections (the run command's $run_command_connections, the baseline's $baseline_pool, 1 for psql)${BENCH_PG_OPTIONS:+ $BENCH_PG_OPTIONS}"
    {
      printf 'path\tconns\treq/s\tp50 ms\tp99 ms\tbad (429)\tbase req/s\tbase p50\tbase p99\tbase bad\treq/s ×base\tp50 ×base\tp99 ×base\tstore MB now/peak\n'
      printf '%s\n' "${rows[@]}"
    } | column -t -s $'\t'
    echo "Peak memory (VmHWM) through the run: store $store_peak MB, baseline $baseline_peak MB"
    if (( ${#cpu_lines[@]} > 0 )); then printf '%s\n' "${cpu_lines[@]}"; fi
  } | tee -a "$results/table.txt"
}

for scale in $scales; do
  run_scale "$scale"
done
echo
echo "Kept in $results: table.txt and wrk.txt (every run's full output)."
