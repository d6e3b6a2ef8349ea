#!/usr/bin/env bash
# Runs every test of FibroStore.sln against a throwaway PostgreSQL and ends with one summary line:
# "N passed, N failed[, N skipped]". Extra arguments go to `dotnet test` (e.g. --filter Category=Unit).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
# shellcheck source=scripts/pg.sh
source scripts/pg.sh

command -v dotnet >/dev/null || { echo "error: dotnet not found; install the .NET 10 SDK (https://dot.net)" >&2; exit 1; }

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here). The HTML validity test runs the
# Nu Html Checker: npm's vnu-jar on Debian's Java, kept in the git-ignored .tools/vnu.
missing=()
pg_newest_bin_dir >/dev/null || missing+=(postgresql)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
# The multi-instance test runs two instances behind Debian's nginx (as this user, with a configuration of its own).
[[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v java >/dev/null || missing+=(default-jre-headless)
vnu_version=26.9.27
vnu_dir=$repo/.tools/vnu
export FIBRO_VNU_JAR=$vnu_dir/node_modules/vnu-jar/build/dist/vnu.jar
vnu_installed() { [[ -f $FIBRO_VNU_JAR ]] && grep -qs "\"version\": \"$vnu_version\"" "$vnu_dir/node_modules/vnu-jar/package.json"; }
vnu_installed || command -v npm >/dev/null || missing+=(npm)
pg_apt_install "${missing[@]}"
# Debian starts nginx's own service on port 80 when it installs it; the tests need only the program.
if [[ " ${missing[*]} " == *" nginx "* ]]; then service nginx stop >/dev/null 2>&1 || true; fi
# --ignore-scripts: its postinstall would fetch a Java runtime from outside the registries when none is found.
vnu_installed || npm install --prefix "$vnu_dir" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "vnu-jar@$vnu_version"

if [[ -f .config/dotnet-tools.json ]]; then dotnet tool restore; fi

if ! dotnet build FibroStore.sln -c Release; then
  echo "0 passed, 1 failed"
  exit 1
fi

# /tmp rather than $TMPDIR: the postgres user must be able to reach the cluster folder.
tmp=$(mktemp -d /tmp/fibrostore-test.XXXXXX)
chmod 755 "$tmp"
cleanup() { pg_stop "$tmp/pg" || true; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Durability is pointless for a cluster that is deleted afterwards; many connections for parallel test classes;
# no autovacuum, whose workers (superuser processes) would stop the test role from dropping its databases.
if ! pg_start "$tmp/pg" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c autovacuum=off >/dev/null; then
  echo "0 passed, 1 failed"
  exit 1
fi
# Tests create their own databases (role fibro has CREATEDB), hence the maintenance database here.
export FIBRO_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=fibro;Password=fibro;Database=postgres"
export FIBRO_CHROMIUM=/usr/bin/chromium

log=$tmp/test.log
results=$tmp/results
rc=0
test_run() { dotnet test FibroStore.sln -c Release --no-build --logger "console;verbosity=normal" --logger trx --results-directory "$results" "$@" 2>&1 | tee -a "$log"; }
# Tests marked [Trait("Run", "Alone")] start the store's executable as separate OS processes and wait on their
# progress, so they run after the rest instead of beside every other test project at once. With arguments (a filter
# of your own) everything runs in one go as asked.
runs=0
if (( $# == 0 )); then
  test_run --filter "Run!=Alone" || rc=$?
  test_run --filter "Run=Alone" || rc=$?
  runs=2
else
  test_run "$@" || rc=$?
  runs=1
fi

# The counts come from the test results files (trx), one per test project and run, written even when no test
# matches the filter. Skipped tests are those in the total that were not executed; errors, timeouts and aborts count
# as failures, and so does a run that did not complete with no failed test in it (a crashed test host). A project
# that wrote no results file counts as one failure, so the summary never reads "0 failed" for a failed run.
# (grep -L exits non-zero whenever some file does contain the text, hence the `|| true`.)
projects=$( { grep -l 'PackageReference Include="Microsoft.NET.Test.Sdk"' tests/*/*.csproj e2e/*/*.csproj | xargs grep -L '<IsTestProject>false' || true; } | wc -l)
shopt -s nullglob
trx_files=("$results"/*.trx)
shopt -u nullglob
read -r passed failed skipped < <(awk '
  /<ResultSummary / { match($0, /outcome="[^"]*"/); outcome = substr($0, RSTART + 9, RLENGTH - 10) }
  /<Counters / {
    n = split("total executed passed failed error timeout aborted", keys, " ")
    for (i = 1; i <= n; i++) { v[keys[i]] = 0; if (match($0, keys[i] "=\"[0-9]+\"")) v[keys[i]] = substr($0, RSTART + length(keys[i]) + 2, RLENGTH - length(keys[i]) - 3) + 0 }
    bad = v["failed"] + v["error"] + v["timeout"] + v["aborted"]
    if (outcome !~ /^(Completed|Warning)$/ && bad == 0) bad = 1
    p += v["passed"]; f += bad; s += v["total"] - v["executed"]
  }
  END { print p + 0, f + 0, s + 0 }
' /dev/null "${trx_files[@]}")
silent=$((projects * runs - ${#trx_files[@]}))
(( silent < 0 )) && silent=0

# Name the failed tests together so a long log does not hide them.
if (( ${#trx_files[@]} > 0 )) && grep -hqE '<UnitTestResult [^>]*outcome="Failed"' "${trx_files[@]}"; then
  echo "Failed tests:"
  grep -hoE '<UnitTestResult [^>]*outcome="Failed"' "${trx_files[@]}" | sed -E 's/.* testName="([^"]*)".*/  \1/; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' | sort -u
  # And why, near the end where a log's tail shows it: each failure's message (up to 20 lines), and of its stack the
  # first 3 frames and then only frames in our own source.
  echo "Why they failed:"
  awk '
    /<UnitTestResult / { failed = ($0 ~ /outcome="Failed"/); if (failed && match($0, /testName="[^"]*"/)) print "  " substr($0, RSTART + 10, RLENGTH - 11) }
    failed && /<Message>/ { mode = "message"; shown = 0; seen = 0 }
    failed && /<StackTrace>/ { mode = "stack"; shown = 0; seen = 0 }
    mode != "" {
      line = $0; gsub(/^ *<(Message|StackTrace)>/, "", line); gsub(/<\/(Message|StackTrace)>.*/, "", line); seen++
      if (mode == "message" ? shown < 20 : shown < 8 && (seen <= 3 || line ~ / in \//)) { print "    " line; shown++ }
    }
    /<\/Message>|<\/StackTrace>/ { mode = "" }
    /<\/UnitTestResult>/ { failed = 0 }
  ' "${trx_files[@]}" | sed -E 's/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'
fi

# Stop the cluster now so that the summary below is the last line of the output.
trap - EXIT
cleanup

# A project that did not report counts as one failure, and so does a failing exit with no failed test,
# so the summary never reads "0 failed" for a failed run.
if (( silent > 0 )); then
  echo "error: $silent test project run(s) wrote no results file (test host crashed or run aborted)" >&2
fi
failed=$((failed + silent))
if (( rc != 0 && failed == 0 )); then failed=1; fi

summary="$passed passed, $failed failed"
if (( skipped > 0 )); then summary+=", $skipped skipped"; fi
echo "$summary"

if (( failed > 0 || passed == 0 )); then exit 1; fi
