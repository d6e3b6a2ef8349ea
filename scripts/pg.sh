#!/usr/bin/env bash
# Embedded PostgreSQL for development and tests: one private cluster per data folder, no system service.
#   source scripts/pg.sh      then pg_start DATADIR [-c name=value ...] / pg_stop DATADIR
#   scripts/pg.sh start DATADIR [-c name=value ...]  |  scripts/pg.sh stop DATADIR  |  scripts/pg.sh restart DATADIR
# Strict mode only when run directly: sourcing scripts set their own, and an interactive shell must not inherit -e.
[[ "${BASH_SOURCE[0]}" != "$0" ]] || set -euo pipefail

# The run command's connection budget (README, "Connection budget"): each store instance opens at most its pool plus
# one signal listener; max_connections leaves room for two instances, `migrate`, psql and the superuser reserve (3).
PG_STORE_POOL_SIZE=20
PG_STORE_MAX_CONNECTIONS=50

# Only package installation needs root; a non-root caller gets it through sudo.
_pg_as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# initdb refuses to run as root, so root hands cluster commands to the postgres OS user. `cd /` because
# the caller's folder (e.g. a clone under /root) may be unreadable for that user.
_pg_as_owner() {
  if [[ $EUID -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# apt-get install PKG... with a single `apt-get update` per shell. Debian's postgresql package starts a
# system cluster on 5432; it is stopped because our clusters are private and it would only hold memory.
pg_apt_install() {
  (( $# )) || return 0
  if [[ -z "${_PG_APT_UPDATED:-}" ]]; then
    _pg_as_root apt-get update || return
    _PG_APT_UPDATED=1
  fi
  _pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" || return
  if [[ " $* " == *" postgresql "* ]] && command -v pg_lsclusters >/dev/null; then
    local ver name _
    while read -r ver name _; do
      _pg_as_root pg_ctlcluster "$ver" "$name" stop 2>/dev/null || _pg_as_root service postgresql stop || true
    done < <(pg_lsclusters --no-header | awk '$4 == "online"')
  fi
}

# Prints the newest installed PostgreSQL server bin folder; fails if there is none.
pg_newest_bin_dir() {
  local dirs=(/usr/lib/postgresql/*/bin)
  [[ -d ${dirs[0]} ]] && printf '%s\n' "${dirs[@]}" | sort -V | tail -n 1
}

# Prints the newest PostgreSQL server bin folder, installing the server first if there is none.
pg_bin_dir() {
  local dir
  if ! dir=$(pg_newest_bin_dir); then
    echo "PostgreSQL server not found: installing it with apt-get" >&2
    pg_apt_install postgresql >&2 || return
    dir=$(pg_newest_bin_dir) || { echo "error: PostgreSQL is still missing after apt-get install" >&2; return 1; }
  fi
  echo "$dir"
}

# A cluster must be run by the major version that created it, even after a newer one is installed.
_pg_cluster_bin() {
  local ver
  if [[ -f $1/PG_VERSION ]] && ver=$(<"$1/PG_VERSION") && [[ -d /usr/lib/postgresql/$ver/bin ]]; then
    echo "/usr/lib/postgresql/$ver/bin"
  else
    pg_bin_dir
  fi
}

# The postgres OS user owns clusters that root starts (a fresh machine may not have it yet).
pg_ensure_os_user() {
  [[ $EUID -eq 0 ]] || return 0
  id postgres >/dev/null 2>&1 ||
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash \
      --comment "PostgreSQL administrator" postgres
}

# Prints the folder for local state (cluster, dev mailbox, uploads): REPO_DIR/.data (git-ignored) unless,
# running as root, the postgres user cannot reach it (a clone under /root, mode 700). Then a folder under
# /var/lib/fibrostore keyed by the repo path, so each clone keeps its own data.
pg_data_root() {
  local repo dir probe
  repo=$(realpath -m "${1:?usage: pg_data_root REPO_DIR}")
  dir=$repo/.data
  if [[ $EUID -eq 0 ]]; then
    pg_ensure_os_user || return
    # Testing the deepest existing folder checks the whole parent chain: the lookup traverses each one.
    probe=$dir
    while [[ ! -e $probe ]]; do probe=$(dirname "$probe"); done
    if ! runuser -u postgres -- test -x "$probe"; then
      dir=/var/lib/fibrostore/$(printf '%s' "$repo" | sha1sum | cut -c1-12)
      mkdir -p "$dir" && chown postgres: "$dir" || return
      echo "Data folder: $dir (the postgres user cannot reach $repo/.data)" >&2
      echo "$dir"
      return
    fi
  fi
  echo "Data folder: $dir" >&2
  echo "$dir"
}

# Unix sockets have a ~107-byte path limit: keep the socket in the cluster folder unless that is too long.
_pg_sock_dir() {
  if (( ${#1} <= 80 )); then echo "$1"; else echo "/tmp/fibrostore-pg-$(printf '%s' "$1" | sha1sum | cut -c1-12)"; fi
}

# Prints the first port from $1 upward that nothing on 127.0.0.1 accepts connections on.
_pg_free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# pg_start DATADIR [-c name=value ...]: initdb once, start (or reuse a running cluster), ensure role and
# database. Sets PG_PORT (exported) and PG_STARTED (1 if this call started the server, 0 if reused) and
# prints the store's connection string. The -c options only apply when this call starts the server.
pg_start() {
  local data bin sock port attempt
  data=$(realpath -m "${1:?usage: pg_start DATADIR [-c name=value ...]}")
  shift
  pg_ensure_os_user || return
  bin=$(_pg_cluster_bin "$data") || return
  sock=$(_pg_sock_dir "$data")
  mkdir -p "$data" "$sock" || return
  if [[ $EUID -eq 0 ]]; then chown postgres: "$data" "$sock" || return; fi
  chmod 700 "$data" || return

  if [[ ! -f $data/PG_VERSION ]]; then
    _pg_as_owner "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >/dev/null || return
  fi

  # The port lives beside the cluster (not in it, initdb wants an empty folder) so a later run can reuse it.
  if _pg_as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; then
    [[ -f $data.port ]] || { echo "error: $data runs without $data.port; stop it: scripts/pg.sh stop $data" >&2; return 1; }
    PG_PORT=$(<"$data.port")
    PG_STARTED=0
    echo "PostgreSQL already running on 127.0.0.1:$PG_PORT ($data)" >&2
  else
    # pg_ctl runs the -o text through /bin/sh, hence the quotes around the socket folder.
    # Another process may take the probed port before the server binds it: then try the next one.
    port=55432
    for attempt in 1 2 3; do
      port=$(_pg_free_port "$port")
      if _pg_as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k '$sock' $*" start >/dev/null; then
        PG_PORT=$port
        break
      fi
      (( attempt < 3 )) || { tail -n 20 "$data/server.log" >&2; return 1; }
      port=$((port + 1))
    done
    echo "$PG_PORT" >"$data.port" || return
    PG_STARTED=1
    echo "PostgreSQL started on 127.0.0.1:$PG_PORT (log: $data/server.log)" >&2
  fi
  export PG_PORT

  "$bin/psql" -h "$sock" -p "$PG_PORT" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || return
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fibro') THEN
    CREATE ROLE fibro LOGIN PASSWORD 'fibro' CREATEDB;
  END IF;
END $$;
SELECT 'CREATE DATABASE fibrostore OWNER fibro'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'fibrostore') \gexec
SQL
  echo "Host=127.0.0.1;Port=$PG_PORT;Database=fibrostore;Username=fibro;Password=fibro"
}

# pg_stop DATADIR: fast shutdown (disconnects clients); nothing to do if it is not running.
pg_stop() {
  local data bin sock
  data=$(realpath -m "${1:?usage: pg_stop DATADIR}")
  [[ -f $data/PG_VERSION ]] || return 0
  bin=$(_pg_cluster_bin "$data") || return
  if _pg_as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; then
    _pg_as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || return
    echo "PostgreSQL stopped ($data)" >&2
  fi
  # A socket folder outside the cluster (long paths) is not needed once the server is down.
  sock=$(_pg_sock_dir "$data")
  [[ $sock == "$data" ]] || rmdir "$sock" 2>/dev/null || true
}

# pg_restart DATADIR: a fast restart, as an operator or a package upgrade does it: clients are disconnected, and the
# server comes back on the same port with the same options (pg_ctl keeps those it was started with).
pg_restart() {
  local data bin
  data=$(realpath -m "${1:?usage: pg_restart DATADIR}")
  bin=$(_pg_cluster_bin "$data") || return
  _pg_as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -m fast -w -t 60 restart >/dev/null || return
  echo "PostgreSQL restarted ($data)" >&2
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  case "${1:-}" in
    start) shift; pg_start "$@" ;;
    stop) shift; pg_stop "$@" ;;
    restart) shift; pg_restart "$@" ;;
    *) echo "usage: $0 start DATADIR [-c name=value ...] | stop DATADIR | restart DATADIR" >&2; exit 2 ;;
  esac
fi
