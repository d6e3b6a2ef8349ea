# Shared by bench/*/run.sh: a throwaway PostgreSQL and the published store on loopback, both stopped and deleted
# when the script ends, even when interrupted. Source it with `repo` set to the repository root.
# shellcheck shell=bash
# shellcheck source=scripts/pg.sh
source "$repo/scripts/pg.sh"

# bench_begin NAME [TOOL…] [-- POSTGRES_OPTION…]: checks the tools (installing the missing ones), makes a fresh work
# folder, and starts a fresh cluster, so numbers never depend on what an earlier run left behind. The data is
# disposable, so durability settings that only cost time under load are off, unless bench_durable=1 asks for the
# cluster the run command starts (commits flushed to disk as in production).
bench_begin() {
  local name=$1 tool
  shift
  command -v dotnet >/dev/null || { echo "error: dotnet not found; install the .NET 10 SDK" >&2; exit 1; }
  while (( $# > 0 )) && [[ $1 != -- ]]; do
    tool=$1
    shift
    command -v "$tool" >/dev/null || pg_apt_install "$tool" >&2
  done
  [[ ${1:-} == -- ]] && shift
  work=$(pg_data_root "$repo")/bench-$name-$$
  pgdata=$work/pg
  app_pid=
  baseline_pid=
  log_mark=0
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -p "$work"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  if [[ ${bench_durable:-0} == 1 ]]; then
    pg_start "$pgdata" "$@" >/dev/null
  else
    pg_start "$pgdata" -c fsync=off -c synchronous_commit=off -c full_page_writes=off "$@" >/dev/null
  fi
  connection="Host=127.0.0.1;Port=$PG_PORT;Database=fibrostore;Username=fibro;Password=fibro"
}

bench_cleanup() {
  bench_stop_baseline
  bench_stop_store
  pg_stop "$pgdata" || true
  rm -rf "$work" "$pgdata.port"
}

# Stops the store if it runs and prints the errors it logged since start-up: they would otherwise be deleted with the
# work folder. Only lines after start-up count: the first migration logs the missing history tables as failures.
bench_stop_store() {
  if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" && wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=
  # grep reads everything (no -q): stopping early would fail tail with SIGPIPE, and pipefail would hide the errors.
  if [[ -f $work/app.log ]] && tail -n +"$((log_mark + 1))" "$work/app.log" | grep -E '^(fail|crit):' >/dev/null; then
    echo "Store errors during the run (last 40 lines of the log):" >&2
    tail -n +"$((log_mark + 1))" "$work/app.log" | tail -n 40 >&2
  fi
  rm -f "$work/app.log"
}

# psql on the store's database: unaligned, tuples only, stopping at the first error. Long commands run under
# `timeout --foreground` so that Ctrl+C reaches them too (timeout otherwise gives them a process group of their own).
psql_store() { PGPASSWORD=fibro timeout --foreground 900 "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$PG_PORT" -U fibro -d fibrostore -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# The baseline beside the store: bench/store/Baseline, a minimal ASP.NET Core app doing the store's work with plain
# Npgsql and hand-written output. bench_build_baseline builds it (Release) into $work/baseline.
bench_build_baseline() {
  echo "Building the baseline…" >&2
  timeout --foreground 600 dotnet build "$repo/bench/store/Baseline" -c Release -o "$work/baseline" --nologo -v quiet >&2 ||
    { echo "error: building the baseline failed or took more than 10 minutes" >&2; exit 1; }
}

# bench_start_baseline FIRST_PORT [NAME=VALUE…]: runs the baseline on the first free port from FIRST_PORT on the
# store's database (a NAME=VALUE such as ConnectionStrings__Store=… overrides) and waits until it answers. Sets qbase
# and baseline_pid.
bench_start_baseline() {
  local first_port=$1
  shift
  qbase=http://127.0.0.1:$(_pg_free_port "$first_port")
  env ConnectionStrings__Store="$connection" Logging__LogLevel__Default=Warning "$@" \
    dotnet "$work/baseline/Baseline.dll" --urls "$qbase" >"$work/baseline.log" 2>&1 &
  baseline_pid=$!
  for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "$qbase/fixed/1" 2>/dev/null && return 0
    kill -0 "$baseline_pid" 2>/dev/null || break
    sleep 1
  done
  echo "error: the baseline did not start" >&2
  tail -n 30 "$work/baseline.log" >&2
  exit 1
}

# Stops the baseline if it runs and prints the errors it logged.
bench_stop_baseline() {
  if [[ -n ${baseline_pid:-} ]]; then
    kill "$baseline_pid" 2>/dev/null && wait "$baseline_pid" 2>/dev/null || true
  fi
  baseline_pid=
  if grep -qE '^(fail|crit):' "$work/baseline.log" 2>/dev/null; then
    echo "Baseline errors during the run (last 40 lines of its log):" >&2
    tail -n 40 "$work/baseline.log" >&2
  fi
}

# bench_peak_during PID CURL_ARGS…: runs one curl transfer while sampling PID's resident memory (VmRSS) every 50 ms.
# Sets before, peak (MB) and seconds (the transfer's time); keeps the largest mappings before the transfer in
# $work/smaps-before-PID and at the peak in $work/smaps-PID. The transfer must succeed.
bench_peak_during() {
  local pid=$1 now transfer
  shift
  sleep 2
  before=$(_bench_rss "$pid")
  peak=$before
  _bench_mappings "$pid" >"$work/smaps-before-$pid"
  cp "$work/smaps-before-$pid" "$work/smaps-$pid"
  curl -fsS -w '%{time_total}\n' "$@" >"$work/time" &
  transfer=$!
  while kill -0 "$transfer" 2>/dev/null; do
    now=$(_bench_rss "$pid")
    if (( now > peak )); then
      peak=$now
      _bench_mappings "$pid" >"$work/smaps.next" && mv "$work/smaps.next" "$work/smaps-$pid"
    fi
    sleep 0.05
  done
  wait "$transfer" || { echo "error: the transfer measured failed" >&2; exit 1; }
  seconds=$(awk '{ printf "%.1f", $1 }' "$work/time")
}

# What a process's resident memory is made of: anonymous memory, the runtime's code and type data
# (/memfd:doublemapper), and mapped files (the runtime's and the store's assemblies, summed), in MB.
_bench_mappings() {
  awk '/^[0-9a-f]+-[0-9a-f]+ / { name = $6 == "" || $6 ~ /^\[/ ? "anonymous" : $6 ~ /doublemapper/ ? "code and type data" : "mapped files" }
    /^Rss:/ { kb[name] += $2 }
    END { printf "%4d MB anonymous\n%4d MB code and type data\n%4d MB mapped files\n", kb["anonymous"] / 1024, kb["code and type data"] / 1024, kb["mapped files"] / 1024 }' "/proc/$1/smaps" 2>/dev/null
}

_bench_rss() { awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$1/status"; }

# bench_memory_table WHAT: bench_peak_during's figures for the store (array store: before, peak, seconds) beside the
# baseline's (array baseline): memory before, the peak during WHAT, growth and time, each with the store's ratio.
bench_memory_table() {
  _bench_memory_row "" store baseline ratio
  _bench_memory_row "resident memory before, MB" "${store[0]}" "${baseline[0]}" "$(bench_ratio "${store[0]}" "${baseline[0]}")"
  _bench_memory_row "peak during the $1, MB" "${store[1]}" "${baseline[1]}" "$(bench_ratio "${store[1]}" "${baseline[1]}")"
  _bench_memory_row "growth, MB" "$((store[1] - store[0]))" "$((baseline[1] - baseline[0]))" \
    "$(bench_ratio "$((store[1] - store[0]))" "$((baseline[1] - baseline[0]))")"
  _bench_memory_row "time, s" "${store[2]}" "${baseline[2]}" "$(bench_ratio "${store[2]}" "${baseline[2]}")"
}

_bench_memory_row() { printf '%-30s %8s %9s %7s\n' "$@"; }

# bench_ratio A B: A / B to two decimals; "-" when either is missing or zero (nothing measured to compare).
bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a + 0 == 0 || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }

# bench_publish: publishes the store (Release) into $work/app, with BENCH_PUBLISH_ARGS added to dotnet publish (to
# try a publish option, such as -p:PublishReadyToRun=false, against the README's way).
bench_publish() {
  local extra
  read -r -a extra <<<"${BENCH_PUBLISH_ARGS:-}"
  echo "Publishing the store (Release${BENCH_PUBLISH_ARGS:+ $BENCH_PUBLISH_ARGS})…" >&2
  timeout --foreground 900 dotnet publish "$repo/src/FibroStore.Web" -c Release -o "$work/app" --nologo -v quiet "${extra[@]}" >&2 ||
    { echo "error: publishing the store failed or took more than 15 minutes" >&2; exit 1; }
}

# bench_start_store FIRST_PORT READY_PATH [NAME=VALUE…]: runs the published store on the first free port from
# FIRST_PORT, in Development (it migrates at start and the emulator stands in for Stripe), demo content off unless a
# setting says otherwise, without the metrics listener (a store started by the run command may hold its port), and
# waits until READY_PATH answers 200. Sets base and app_pid.
bench_start_store() {
  local first_port=$1 ready=$2
  shift 2
  base=http://127.0.0.1:$(_pg_free_port "$first_port")
  # Requests are not logged one by one: console output would be part of what is measured. The store runs with the
  # runtime settings it runs with everywhere; the caller's settings come after them and win.
  local runtime_settings
  mapfile -t runtime_settings < <(grep -v '^#' "$repo/scripts/store-runtime.env")
  env ASPNETCORE_ENVIRONMENT=Development \
    "${runtime_settings[@]}" \
    ConnectionStrings__Store="$connection" \
    Seed__DemoContent=false \
    DevMailbox__Folder="$work/mailbox" \
    Store__PublicUrl="$base" \
    Logging__LogLevel__Default=Warning \
    OpenTelemetry__PrometheusListen= \
    "$@" \
    dotnet "$work/app/FibroStore.Web.dll" --urls "$base" --contentRoot "$work/app" >"$work/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$base$ready" 2>/dev/null && break
    kill -0 "$app_pid" 2>/dev/null || { tail -n 30 "$work/app.log" >&2; exit 1; }
    sleep 1
  done
  curl -fsS -o /dev/null "$base$ready" || { echo "error: the store did not answer within 120 s" >&2; tail -n 30 "$work/app.log" >&2; exit 1; }
  log_mark=$(wc -l <"$work/app.log")
}

# bench_first_admin: creates the first admin through the one-time setup link in the store's log and sets up two-step
# sign-in as a new admin must (staff two-step is on for new stores): the authenticator key is read from the page and
# the code worked out as a phone app would (RFC 6238). Leaves the signed-in admin's cookies in $jar.
bench_first_admin() {
  local setup="" form token key code
  for _ in $(seq 1 30); do
    setup=$(grep -o 'http://[^ ]*/setup?token=[^ "]*' "$work/app.log" | tail -n 1 || true)
    [[ -n $setup ]] && break
    sleep 1
  done
  [[ -n $setup ]] || { echo "error: no first-admin setup link in the log" >&2; exit 1; }
  jar=$work/cookies
  form=$(curl -fsS -c "$jar" -b "$jar" "$setup")
  token=$(_bench_form_token <<<"$form")
  curl -fsS -o /dev/null -c "$jar" -b "$jar" "$setup" \
    --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "Input.DisplayName=Bench Admin" \
    --data-urlencode "Input.Email=bench-admin@example.org" --data-urlencode "Input.Password=calm-blue-river-42" \
    --data-urlencode "Input.ConfirmPassword=calm-blue-river-42"
  form=$(curl -fsS -c "$jar" -b "$jar" "$base/Identity/Account/Manage/EnableAuthenticator")
  token=$(_bench_form_token <<<"$form")
  key=$(grep -o '<kbd>[^<]*</kbd>' <<<"$form" | head -n 1 | sed 's/<[^>]*>//g; s/ //g')
  [[ -n $key ]] || { echo "error: the two-step set-up page showed no key" >&2; exit 1; }
  code=$(python3 -c '
import base64, hashlib, hmac, struct, sys, time
key = sys.argv[1].upper(); secret = base64.b32decode(key + "=" * (-len(key) % 8))
digest = hmac.new(secret, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
offset = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7fffffff) % 1000000))' "$key")
  curl -fsS -o /dev/null -c "$jar" -b "$jar" "$base/Identity/Account/Manage/EnableAuthenticator" \
    --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "Input.Code=$code"
  local status
  status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" "$base/staff")
  [[ $status == 200 ]] || { echo "error: the staff home answered $status after the admin's sign-in" >&2; exit 1; }
}

_bench_form_token() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }
