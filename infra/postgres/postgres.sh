#!/usr/bin/env bash
# PostgreSQL for development and integration tests, without Docker.
#
#   infra/postgres/postgres.sh up          make a server available and the databases exist;
#                                          prints the DATABASE_URL (careflow) on stdout
#   infra/postgres/postgres.sh url [db]    prints the DATABASE_URL for db (default careflow)
#   infra/postgres/postgres.sh down        stops the private cluster, if this script started one
#   infra/postgres/postgres.sh status      says which server is in use; exit 3 if none
#
# Order of preference for 'up':
#   1. DATABASE_URL is set: nothing is touched, it is printed back.
#   2. A server answers on 127.0.0.1:5432: it is used (user postgres, trust/peer-less local auth
#      assumed) and the databases careflow and careflow_test are created if missing.
#   3. PostgreSQL server binaries are installed: a private cluster is created under
#      <repo>/.data/postgres and started on 127.0.0.1:54329 (run as the 'postgres' OS user when
#      this script runs as root, since initdb/postgres refuse to run as root).
#   4. Running as root with apt-get: 'apt-get install -y postgresql', then 2 or 3.
#
# Environment (all optional):
#   DATABASE_URL           use this server as is
#   PG_PROBE_HOST=127.0.0.1 PG_PROBE_PORT=5432   where an existing server is looked for
#   PG_PRIVATE_PORT=54329  port of the private cluster (listens on 127.0.0.1 only)
#   PG_DATA_ROOT=<repo>/.data/postgres           private cluster folder (data/, run/, postgres.log)
#   PG_BIN=<dir>           PostgreSQL bin directory to use (default: initdb on PATH, else newest
#                          /usr/lib/postgresql/*/bin)
#   PG_OS_USER             OS user that owns the private cluster when run as root (default postgres,
#                          created as a system user if missing)
#   PG_DATABASES="careflow careflow_test"        databases ensured by 'up'
#   PG_NO_INSTALL=1        never run apt-get
#
# Messages go to stderr; stdout carries only the URL.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)

PG_SUPERUSER=postgres
DEFAULT_DB=careflow
PROBE_HOST=${PG_PROBE_HOST:-127.0.0.1}
PROBE_PORT=${PG_PROBE_PORT:-5432}
PRIVATE_HOST=127.0.0.1
PRIVATE_PORT=${PG_PRIVATE_PORT:-54329}
DATA_ROOT=${PG_DATA_ROOT:-$REPO_ROOT/.data/postgres}
PGDATA_DIR=$DATA_ROOT/data
SOCKET_DIR=$DATA_ROOT/run
PG_LOG=$DATA_ROOT/postgres.log
read -r -a DATABASES <<<"${PG_DATABASES:-careflow careflow_test}"

log() { printf 'postgres: %s\n' "$*" >&2; }
die() {
  printf 'postgres: ERROR: %s\n' "$*" >&2
  exit 1
}

usage() {
  printf 'usage: %s {up|down|url [database]|status}\n' "$0" >&2
  exit 2
}

valid_db_name() { [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]]; }

# ---------------------------------------------------------------------------------------------
# Locating binaries

# Directory holding initdb/pg_ctl/postgres, or empty.
server_bin_dir() {
  if [[ -n ${PG_BIN:-} ]]; then
    [[ -x $PG_BIN/initdb ]] || die "PG_BIN=$PG_BIN has no initdb"
    printf '%s\n' "$PG_BIN"
    return 0
  fi
  local initdb dir
  if initdb=$(command -v initdb 2>/dev/null); then
    dir=$(dirname "$(readlink -f "$initdb")")
    if [[ -x $dir/pg_ctl && -x $dir/postgres ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  fi
  while IFS= read -r dir; do
    if [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V -r)
  return 0
}

# A client tool (psql, createdb, pg_isready): the server's bin dir first, then PATH.
client_tool() {
  local bin
  bin=$(server_bin_dir)
  if [[ -n $bin && -x $bin/$1 ]]; then
    printf '%s\n' "$bin/$1"
  elif command -v "$1" >/dev/null 2>&1; then
    command -v "$1"
  else
    return 1
  fi
}

require_client() {
  client_tool "$1" || die "$1 not found; install the PostgreSQL client (sudo apt-get install -y postgresql-client)"
}

# ---------------------------------------------------------------------------------------------
# Probing and databases

# True when a PostgreSQL server accepts connections on host:port.
server_answers() {
  local pg_isready
  if pg_isready=$(client_tool pg_isready); then
    "$pg_isready" -h "$1" -p "$2" -t 3 -q
  else
    # shellcheck disable=SC2016 # $0/$1 expand in the inner shell
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
  fi
}

url_for() { printf 'postgres://%s@%s:%s/%s\n' "$PG_SUPERUSER" "$1" "$2" "$3"; }

# Creates the missing databases in one round trip for the common case (all present).
ensure_databases() {
  local host=$1 port=$2 psql createdb db list="" existing
  psql=$(require_client psql)
  for db in "${DATABASES[@]}"; do
    valid_db_name "$db" || die "invalid database name '$db'"
    list+="${list:+,}'$db'"
  done
  if ! existing=$(PGCONNECT_TIMEOUT=5 "$psql" -X -q -At -h "$host" -p "$port" -U "$PG_SUPERUSER" -d postgres \
    -c "SELECT datname FROM pg_database WHERE datname IN ($list)"); then
    die "cannot connect to $host:$port as user $PG_SUPERUSER without a password.
  Either allow it (trust for 127.0.0.1 in pg_hba.conf) or set DATABASE_URL to a URL with credentials."
  fi
  for db in "${DATABASES[@]}"; do
    if ! grep -qx -- "$db" <<<"$existing"; then
      createdb=$(require_client createdb)
      log "creating database $db on $host:$port"
      "$createdb" -h "$host" -p "$port" -U "$PG_SUPERUSER" "$db" ||
        die "createdb $db failed on $host:$port"
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# Private cluster

# OS user that runs initdb/postgres: ourselves, unless we are root.
os_user() {
  if ((EUID != 0)); then
    id -un
  elif [[ -n ${PG_OS_USER:-} ]]; then
    printf '%s\n' "$PG_OS_USER"
  else
    printf '%s\n' postgres
  fi
}

ensure_os_user() {
  local user=$1
  id -u "$user" >/dev/null 2>&1 && return 0
  ((EUID == 0)) || die "OS user $user does not exist"
  command -v useradd >/dev/null 2>&1 || die "OS user $user does not exist and useradd is unavailable; set PG_OS_USER"
  log "creating system user $user to own the private cluster"
  useradd --system --user-group --no-create-home --home-dir "$DATA_ROOT" --shell /usr/sbin/nologin "$user"
}

# Runs a command as the cluster owner.
as_owner() {
  local user
  user=$(os_user)
  if [[ $user == "$(id -un)" ]]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u "$user" -- "$@"
  else
    su -s /bin/sh "$user" -c "$(printf '%q ' "$@")"
  fi
}

private_running() {
  local bin=$1
  [[ -n $bin && -s $PGDATA_DIR/PG_VERSION ]] || return 1
  as_owner "$bin/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

init_private() {
  local bin=$1 user
  user=$(os_user)
  ensure_os_user "$user"
  mkdir -p "$DATA_ROOT" "$SOCKET_DIR"
  if ((EUID == 0)); then
    chown "$user:" "$DATA_ROOT" "$SOCKET_DIR"
    [[ -d $PGDATA_DIR ]] && chown -R "$user:" "$PGDATA_DIR"
  fi
  as_owner test -w "$DATA_ROOT" ||
    die "user $user cannot write $DATA_ROOT (a parent folder is not traversable?); set PG_DATA_ROOT to a folder it can use"

  local bin_major
  bin_major=$("$bin/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')
  if [[ -s $PGDATA_DIR/PG_VERSION ]]; then
    local data_major
    data_major=$(<"$PGDATA_DIR/PG_VERSION")
    [[ $data_major == "$bin_major" ]] ||
      die "$PGDATA_DIR was created by PostgreSQL $data_major but $bin is $bin_major; remove ${DATA_ROOT} to recreate it"
  else
    if [[ -d $PGDATA_DIR ]] && [[ -n $(ls -A "$PGDATA_DIR") ]]; then
      die "$PGDATA_DIR is not empty but holds no cluster; remove it"
    fi
    log "initialising a private PostgreSQL $bin_major cluster in ${PGDATA_DIR#"$REPO_ROOT"/} (owner $user)"
    as_owner "$bin/initdb" -D "$PGDATA_DIR" -U "$PG_SUPERUSER" --auth=trust --encoding=UTF8 --no-locale \
      >"$DATA_ROOT/initdb.log" 2>&1 || {
      cat "$DATA_ROOT/initdb.log" >&2
      die "initdb failed"
    }
  fi

  # Settings live in their own file, rewritten on every 'up'; postgresql.conf includes it once.
  local conf=$PGDATA_DIR/careflow.conf
  cat >"$conf" <<EOF
# Generated by infra/postgres/postgres.sh on every 'up'.
listen_addresses = '$PRIVATE_HOST'
port = $PRIVATE_PORT
unix_socket_directories = '$SOCKET_DIR'
max_connections = 100
shared_buffers = 128MB
EOF
  grep -q "^include_if_exists = 'careflow.conf'" "$PGDATA_DIR/postgresql.conf" ||
    printf "\ninclude_if_exists = 'careflow.conf'\n" >>"$PGDATA_DIR/postgresql.conf"
  if ((EUID == 0)); then chown "$user:" "$conf" "$PGDATA_DIR/postgresql.conf"; fi
}

start_private() {
  local bin=$1
  if private_running "$bin"; then
    server_answers "$PRIVATE_HOST" "$PRIVATE_PORT" && return 0
  fi
  init_private "$bin"
  if ! private_running "$bin"; then
    if server_answers "$PRIVATE_HOST" "$PRIVATE_PORT"; then
      die "port $PRIVATE_PORT is taken by another server; set PG_PRIVATE_PORT"
    fi
    log "starting the private cluster on $PRIVATE_HOST:$PRIVATE_PORT (log: ${PG_LOG#"$REPO_ROOT"/})"
    as_owner "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t 60 start >/dev/null || {
      tail -n 20 "$PG_LOG" >&2 || true
      die "pg_ctl start failed; see $PG_LOG"
    }
  fi
}

apt_install() {
  if [[ -n ${PG_NO_INSTALL:-} ]] || ((EUID != 0)) || ! command -v apt-get >/dev/null 2>&1; then
    return 1
  fi
  log "no PostgreSQL found; running apt-get install -y postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends postgresql >&2 ||
    { apt-get update >&2 && apt-get install -y --no-install-recommends postgresql >&2; }
}

# ---------------------------------------------------------------------------------------------
# Commands

cmd_up() {
  if [[ -n ${DATABASE_URL:-} ]]; then
    log "DATABASE_URL is set; using it as is"
    printf '%s\n' "$DATABASE_URL"
    return 0
  fi
  if server_answers "$PROBE_HOST" "$PROBE_PORT"; then
    ensure_databases "$PROBE_HOST" "$PROBE_PORT"
    log "using the server on $PROBE_HOST:$PROBE_PORT"
    url_for "$PROBE_HOST" "$PROBE_PORT" "$DEFAULT_DB"
    return 0
  fi
  local bin
  bin=$(server_bin_dir)
  if [[ -z $bin ]]; then
    apt_install || die "no PostgreSQL server answers on $PROBE_HOST:$PROBE_PORT and no PostgreSQL binaries are installed.
  Install them (sudo apt-get install -y postgresql), start one, or set DATABASE_URL."
    if server_answers "$PROBE_HOST" "$PROBE_PORT"; then
      ensure_databases "$PROBE_HOST" "$PROBE_PORT"
      url_for "$PROBE_HOST" "$PROBE_PORT" "$DEFAULT_DB"
      return 0
    fi
    bin=$(server_bin_dir)
    [[ -n $bin ]] || die "apt-get install postgresql did not provide initdb"
  fi
  start_private "$bin"
  ensure_databases "$PRIVATE_HOST" "$PRIVATE_PORT"
  log "using the private cluster on $PRIVATE_HOST:$PRIVATE_PORT"
  url_for "$PRIVATE_HOST" "$PRIVATE_PORT" "$DEFAULT_DB"
}

# DATABASE_URL with its database replaced by $1 (query string kept).
replace_db() {
  local url=$DATABASE_URL query=""
  if [[ $url == *\?* ]]; then
    query="?${url#*\?}"
    url=${url%%\?*}
  fi
  local rest=${url#*://}
  [[ $rest == */* ]] && url=${url%/*}
  printf '%s/%s%s\n' "$url" "$1" "$query"
}

cmd_url() {
  local db=${1:-}
  [[ -z $db ]] || valid_db_name "$db" || die "invalid database name '$db'"
  if [[ -n ${DATABASE_URL:-} ]]; then
    if [[ -n $db ]]; then replace_db "$db"; else printf '%s\n' "$DATABASE_URL"; fi
    return 0
  fi
  db=${db:-$DEFAULT_DB}
  if server_answers "$PROBE_HOST" "$PROBE_PORT"; then
    url_for "$PROBE_HOST" "$PROBE_PORT" "$db"
  elif [[ -s $PGDATA_DIR/PG_VERSION ]] && server_answers "$PRIVATE_HOST" "$PRIVATE_PORT"; then
    url_for "$PRIVATE_HOST" "$PRIVATE_PORT" "$db"
  else
    die "no PostgreSQL is running; run infra/postgres/postgres.sh up"
  fi
}

cmd_down() {
  local bin
  bin=$(server_bin_dir)
  if [[ -s $PGDATA_DIR/PG_VERSION ]] && private_running "$bin"; then
    log "stopping the private cluster on $PRIVATE_HOST:$PRIVATE_PORT"
    as_owner "$bin/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 30 stop >/dev/null
    log "stopped"
  else
    log "no private cluster running (a server on $PROBE_HOST:$PROBE_PORT is not managed by this script)"
  fi
}

cmd_status() {
  if [[ -n ${DATABASE_URL:-} ]]; then
    log "DATABASE_URL is set: $DATABASE_URL"
  elif server_answers "$PROBE_HOST" "$PROBE_PORT"; then
    log "server on $PROBE_HOST:$PROBE_PORT (not managed by this script)"
  elif [[ -s $PGDATA_DIR/PG_VERSION ]] && server_answers "$PRIVATE_HOST" "$PRIVATE_PORT"; then
    log "private cluster on $PRIVATE_HOST:$PRIVATE_PORT, data: ${PGDATA_DIR#"$REPO_ROOT"/}"
  else
    log "not running"
    return 3
  fi
}

case "${1:-}" in
  up) cmd_up ;;
  url) cmd_url "${2:-}" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) usage ;;
esac
