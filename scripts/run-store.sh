#!/usr/bin/env bash
# Runs the store locally on a fresh machine: an embedded PostgreSQL (unless ConnectionStrings__Store is
# set), the dev mailbox under the data folder, and the web app in the foreground.
# Env: STORE_URLS (default http://127.0.0.1:5080), ConnectionStrings__Store, ASPNETCORE_ENVIRONMENT,
# DevMailbox__Folder.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
# shellcheck source=scripts/pg.sh
source scripts/pg.sh

command -v dotnet >/dev/null || { echo "error: dotnet not found; install the .NET 10 SDK (https://dot.net)" >&2; exit 1; }

if [[ -f .config/dotnet-tools.json ]]; then dotnet tool restore; fi

data_root=$(pg_data_root "$repo")

if [[ -z "${ConnectionStrings__Store:-}" ]]; then
  pgdata=$data_root/pg
  # Stop the cluster on the way out only if this run started it: a reused one belongs to another run.
  PG_STARTED=0
  trap '[[ $PG_STARTED == 1 ]] && pg_stop "$pgdata"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  pg_start "$pgdata" -c max_connections=$PG_STORE_MAX_CONNECTIONS # installs PostgreSQL first if it is missing
  export ConnectionStrings__Store="Host=127.0.0.1;Port=$PG_PORT;Database=fibrostore;Username=fibro;Password=fibro;Maximum Pool Size=$PG_STORE_POOL_SIZE"
fi

set -a
# shellcheck source=scripts/store-runtime.env
source scripts/store-runtime.env
set +a
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export DevMailbox__Folder=${DevMailbox__Folder:-$data_root/mailbox}
mkdir -p "$DevMailbox__Folder"

urls=${STORE_URLS:-http://127.0.0.1:5080}
url=${urls%%;*}
cat <<EOF

  FibroStore:   $url
  Dev mailbox:  $url/dev/mailbox   (mail is written to $DevMailbox__Folder)
  First run:    the one-time admin setup link appears in the log below.
  Stop:         Ctrl+C

EOF

# Not exec: the EXIT trap must run after the app stops to shut the cluster down.
dotnet run --project src/FibroStore.Web -c Release --no-launch-profile --urls "$urls"
