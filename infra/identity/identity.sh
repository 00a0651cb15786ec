#!/usr/bin/env bash
# The development OpenID Connect identity provider (infra/identity/provider.mjs), like the broker:
#
#   infra/identity/identity.sh up        start (idempotent; returns at once if ours already answers)
#   infra/identity/identity.sh down      stop the provider this script started
#   infra/identity/identity.sh restart   down, then up (after a key rotation)
#   infra/identity/identity.sh status    exit 0 if the issuer answers, 3 if not
#
# Environment: AUTH_IDP_PORT (9400), AUTH_IDP_HOST (127.0.0.1), AUTH_IDP_DATA_DIR (.data/identity)
# and every AUTH_IDP_* variable of infra/identity/settings.mjs. Messages go to stderr.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
export AUTH_IDP_HOST=${AUTH_IDP_HOST:-127.0.0.1}
export AUTH_IDP_PORT=${AUTH_IDP_PORT:-9400}
export AUTH_IDP_DATA_DIR=${AUTH_IDP_DATA_DIR:-$REPO_ROOT/.data/identity}
ISSUER=${AUTH_IDP_ISSUER:-http://$AUTH_IDP_HOST:$AUTH_IDP_PORT}
PID_FILE=$AUTH_IDP_DATA_DIR/provider.pid
LOG_FILE=$AUTH_IDP_DATA_DIR/provider.log
START_TIMEOUT=${AUTH_IDP_START_TIMEOUT:-30}

log() { printf 'identity: %s\n' "$*" >&2; }
die() {
  printf 'identity: ERROR: %s\n' "$*" >&2
  exit 1
}

answers() { curl -fsS --max-time 2 "$ISSUER/.well-known/openid-configuration" >/dev/null 2>&1; }

# Pid from the pid file when that process is alive and is our provider (guards against pid reuse).
our_pid() {
  [[ -s $PID_FILE ]] || return 1
  local pid
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'identity/provider\.mjs' || return 1
  printf '%s\n' "$pid"
}

# True when the issuer's published keys include a key of $AUTH_IDP_DATA_DIR/keys.json and the
# directory holds the client secrets.
signs_with_our_keys() {
  [[ -s $AUTH_IDP_DATA_DIR/keys.json && -s $AUTH_IDP_DATA_DIR/secrets.json ]] || return 1
  local jwks_uri published
  jwks_uri=$(curl -fsS --max-time 2 "$ISSUER/.well-known/openid-configuration" |
    node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).jwks_uri))') ||
    return 1
  published=$(curl -fsS --max-time 2 "$jwks_uri") || return 1
  PUBLISHED=$published node -e '
    const ours = new Set(require(process.argv[1]).keys.map((k) => k.kid));
    const served = JSON.parse(process.env.PUBLISHED).keys.map((k) => k.kid);
    process.exit(served.some((kid) => ours.has(kid)) ? 0 : 1);
  ' "$AUTH_IDP_DATA_DIR/keys.json"
}

cmd_up() {
  local pid
  if pid=$(our_pid) && answers; then
    log "already running (pid $pid) at $ISSUER"
    return 0
  fi
  if [[ -z ${pid:-} ]] && answers; then
    # Only a provider that signs with this data directory's keys can be used: the tools and tests
    # read the client secrets here. A provider left running by a deleted checkout answers on the
    # port but its data directory is gone.
    signs_with_our_keys || die "something answers at $ISSUER but does not sign with the keys in \
$AUTH_IDP_DATA_DIR (another checkout's provider, or one whose data directory was deleted); \
stop it or choose another AUTH_IDP_PORT"
    log "something already answers at $ISSUER (not started by this script) with our keys; using it"
    return 0
  fi
  [[ -n ${pid:-} ]] || {
    mkdir -p "$AUTH_IDP_DATA_DIR"
    chmod 700 "$AUTH_IDP_DATA_DIR"
    [[ -f $LOG_FILE ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
    # Detached like the broker: a Ctrl-C in the caller's process group must not stop it.
    # shellcheck disable=SC2016 # $0 and $$ expand in the inner shell
    nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
      node "$SCRIPT_DIR/provider.mjs" >>"$LOG_FILE" 2>&1 </dev/null &
    for _ in $(seq 1 50); do
      [[ -s $PID_FILE ]] && break
      sleep 0.1
    done
    [[ -s $PID_FILE ]] || die "the provider process did not start; see $LOG_FILE"
    pid=$(<"$PID_FILE")
    log "started pid $pid, log: ${LOG_FILE#"$REPO_ROOT"/}"
  }
  local deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      die "the provider exited during startup; full log: $LOG_FILE"
    fi
    if answers; then
      log "ready at $ISSUER"
      return 0
    fi
    sleep 0.3
  done
  die "the provider (pid $pid) did not answer at $ISSUER within ${START_TIMEOUT}s; log: $LOG_FILE"
}

cmd_down() {
  local pid
  if ! pid=$(our_pid); then
    rm -f "$PID_FILE"
    log "not running (or not started by this script)"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  if answers; then
    log "answers at $ISSUER"
    return 0
  fi
  log "not running"
  return 3
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  restart) cmd_down && cmd_up ;;
  status) cmd_status ;;
  *)
    printf 'usage: %s {up|down|restart|status}\n' "$0" >&2
    exit 2
    ;;
esac
