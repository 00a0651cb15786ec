#!/usr/bin/env bash
# Local Apache Kafka for development and integration tests: one combined broker+controller in
# KRaft mode, assembled from Maven Central jars (see pom.xml), no Docker needed. Kafka 4.4.0 by
# default; KAFKA_VERSION=3.9.1 runs the last 3.x (each version has its own jars and log dir).
#
#   infra/kafka/kafka.sh up       start (idempotent; exits 0 at once if the port already answers)
#   infra/kafka/kafka.sh down     stop the broker this script started (SIGTERM, then SIGKILL after 30 s)
#   infra/kafka/kafka.sh status   exit 0 if the port answers, 3 if not
#   infra/kafka/kafka.sh sasl-env print (stdout) the export lines a client needs for the
#                                 SASL_SSL listener: brokers, CA file, credentials folder
#
# Two client listeners on 127.0.0.1: PLAINTEXT (development; its unauthenticated ANONYMOUS
# principal is a super user) and SASL_SSL (TLS + SCRAM-SHA-512, ACLs enforced by the
# StandardAuthorizer). The CA, the broker certificate and the SCRAM passwords are generated into
# $KAFKA_DATA_DIR/security on the first 'up' (see infra/README.md for rotation).
#
# Environment (all optional):
#   KAFKA_VERSION=4.4.0                           a 4.x or 3.x release on Maven Central
#   KAFKA_PORT=9092  KAFKA_CONTROLLER_PORT=9093   listeners on 127.0.0.1
#   KAFKA_SASL_SSL_PORT=<KAFKA_PORT+2>            the SASL_SSL listener; 0 turns it (and ACLs) off
#   KAFKA_PLAINTEXT_LISTENER=on                   off: no development listener, so no anonymous
#                                                 super user (a production-like broker; clients
#                                                 then need the KAFKA_SASL_* settings)
#   KAFKA_SCRAM_USERS="a b c"                     SCRAM principals besides admin (infra/up.sh
#                                                 passes those of the contract's ACL model)
#   KAFKA_DATA_DIR=<repo>/.data/kafka             config, cluster id, pid, server.log, gc.log, partitions
#   KAFKA_HEAP_OPTS="-Xms512m -Xmx512m"           JVM heap
#   KAFKA_JVM_PERFORMANCE_OPTS="-XX:+UseG1GC ..."   collector options (Kafka's own scripts' name)
#   KAFKA_START_TIMEOUT=90                        seconds to wait for "Kafka Server started"
#
# Messages go to stderr; nothing is printed on stdout.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)

KAFKA_HOST=127.0.0.1
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
DATA_DIR=${KAFKA_DATA_DIR:-$REPO_ROOT/.data/kafka}
KAFKA_SASL_SSL_PORT=${KAFKA_SASL_SSL_PORT:-$((KAFKA_PORT + 2))}
PLAINTEXT_LISTENER=${KAFKA_PLAINTEXT_LISTENER:-on}
case $PLAINTEXT_LISTENER in
  on) CLIENT_PORT=$KAFKA_PORT ;;
  off) CLIENT_PORT=$KAFKA_SASL_SSL_PORT ;;
  *) printf 'kafka: ERROR: KAFKA_PLAINTEXT_LISTENER must be on or off (got %s)\n' "$PLAINTEXT_LISTENER" >&2 && exit 1 ;;
esac
if [[ $PLAINTEXT_LISTENER == off ]] && ((KAFKA_SASL_SSL_PORT <= 0)); then
  printf 'kafka: ERROR: KAFKA_PLAINTEXT_LISTENER=off needs the SASL_SSL listener (KAFKA_SASL_SSL_PORT > 0)\n' >&2
  exit 1
fi
SCRAM_USERS=${KAFKA_SCRAM_USERS:-}
START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}
STOP_TIMEOUT=30

KAFKA_VERSION=${KAFKA_VERSION:-4.4.0}
[[ $KAFKA_VERSION =~ ^([34])\.[0-9]+\.[0-9]+$ ]] ||
  { printf 'kafka: ERROR: KAFKA_VERSION must be a 3.x or 4.x release (got %s)\n' "$KAFKA_VERSION" >&2 && exit 1; }
KAFKA_MAJOR=${BASH_REMATCH[1]}
# 4.x: log4j2, the tools in their own jar; 3.x: reload4j, the tools in the core jar.
if ((KAFKA_MAJOR >= 4)); then
  MAVEN_PROFILE=kafka4 CONFIG_COMMAND=org.apache.kafka.tools.ConfigCommand
else
  MAVEN_PROFILE=kafka3 CONFIG_COMMAND=kafka.admin.ConfigCommand
fi
POM=$SCRIPT_DIR/pom.xml
LIBS_DIR=$SCRIPT_DIR/.cache/libs-$KAFKA_VERSION
LIBS_MARKER=$LIBS_DIR/.complete
CONFIG_DIR=$DATA_DIR/config
SERVER_PROPERTIES=$CONFIG_DIR/server.properties
LOG4J_PROPERTIES=$CONFIG_DIR/log4j.properties
TOOLS_LOG4J_PROPERTIES=$CONFIG_DIR/tools-log4j.properties
LOG4J2_PROPERTIES=$CONFIG_DIR/log4j2.properties
TOOLS_LOG4J2_PROPERTIES=$CONFIG_DIR/tools-log4j2.properties
# One log dir per major version: a 4.x broker upgrades a 3.x log dir's metadata, which 3.x could
# not read back.
if ((KAFKA_MAJOR >= 4)); then LOG_DIRS=$DATA_DIR/kraft-logs-4; else LOG_DIRS=$DATA_DIR/kraft-combined-logs; fi
CLUSTER_ID_FILE=$DATA_DIR/cluster.id
PID_FILE=$DATA_DIR/kafka.pid
LOG_FILE=$DATA_DIR/server.log
STARTED_LINE='Kafka Server started'
SECURITY_DIR=$DATA_DIR/security

log() { printf 'kafka: %s\n' "$*" >&2; }
die() {
  printf 'kafka: ERROR: %s\n' "$*" >&2
  exit 1
}

usage() {
  printf 'usage: %s {up|down|status|sasl-env}\n' "$0" >&2
  exit 2
}

# True when something accepts TCP connections on host:port (bash /dev/tcp, bounded by timeout).
port_open() {
  # shellcheck disable=SC2016 # $0/$1 expand in the inner shell
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# The listener clients use first: the development one, or SASL_SSL without it.
broker_answers() { port_open "$KAFKA_HOST" "$CLIENT_PORT"; }

# Pid from the pid file when that process is alive and is our broker (guards against pid reuse).
our_pid() {
  [[ -s $PID_FILE ]] || return 1
  local pid
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r /proc/$pid/cmdline ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'kafka\.Kafka' || return 1
  fi
  printf '%s\n' "$pid"
}

elapsed() { printf '%ss' "$((SECONDS - START_SECONDS))"; }

require_java() {
  if ! command -v java >/dev/null 2>&1; then
    die "java not found on PATH. Kafka needs a Java 11+ runtime; on Debian/Ubuntu:
  sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless"
  fi
}

pom_hash() { { cat "$POM" && echo "$KAFKA_VERSION"; } | sha256sum | cut -d' ' -f1; }

# The JVM flag that points the logging of the broker, or of a tool, at its file.
broker_logging() {
  if ((KAFKA_MAJOR >= 4)); then
    printf '%s\n' "-Dlog4j2.configurationFile=file:$LOG4J2_PROPERTIES"
  else printf '%s\n' "-Dlog4j.configuration=file:$LOG4J_PROPERTIES"; fi
}
tools_logging() {
  if ((KAFKA_MAJOR >= 4)); then
    printf '%s\n' "-Dlog4j2.configurationFile=file:$TOOLS_LOG4J2_PROPERTIES"
  else printf '%s\n' "-Dlog4j.configuration=file:$TOOLS_LOG4J_PROPERTIES"; fi
}

# The marker holds the pom hash and the jar list written after a successful copy; the cache is
# complete when the hash matches and every listed jar is still there.
libs_complete() {
  [[ -s $LIBS_MARKER ]] || return 1
  [[ $(head -n1 "$LIBS_MARKER") == "$(pom_hash)" ]] || return 1
  local jar count=0
  while IFS= read -r jar; do
    [[ -f $LIBS_DIR/$jar ]] || return 1
    count=$((count + 1))
  done < <(tail -n +2 "$LIBS_MARKER")
  ((count > 0))
}

ensure_libs() {
  libs_complete && return 0
  command -v mvn >/dev/null 2>&1 ||
    die "the Kafka jars are not in $LIBS_DIR and mvn is not installed (sudo apt-get install -y maven)"
  log "assembling Kafka $KAFKA_VERSION jars from Maven Central into ${LIBS_DIR#"$REPO_ROOT"/} ..."
  # A changed pom must not leave jars of another version on the classpath.
  rm -rf "$LIBS_DIR"
  # Debian's Maven 3.8 prints ANSI resets even in batch mode; strip them from the output.
  mvn -q -B -Dstyle.color=never -f "$POM" -Dkafka.version="$KAFKA_VERSION" -P "$MAVEN_PROFILE" \
    dependency:copy-dependencies 2>&1 |
    sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d' >&2 ||
    die "mvn dependency:copy-dependencies failed (see output above)"
  compgen -G "$LIBS_DIR/kafka_2.13-*.jar" >/dev/null || die "mvn ran but no kafka_2.13 jar in $LIBS_DIR"
  {
    pom_hash
    (cd "$LIBS_DIR" && ls -1 -- *.jar)
  } >"$LIBS_MARKER.tmp"
  mv "$LIBS_MARKER.tmp" "$LIBS_MARKER"
}

write_config() {
  mkdir -p "$CONFIG_DIR" "$LOG_DIRS"
  local listeners=PLAINTEXT://${KAFKA_HOST}:${KAFKA_PORT} map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
  local inter_broker=PLAINTEXT
  if sasl_ssl_enabled; then
    listeners+=,SASL_SSL://${KAFKA_HOST}:${KAFKA_SASL_SSL_PORT}
    map+=,SASL_SSL:SASL_SSL
  fi
  if [[ $PLAINTEXT_LISTENER == off ]]; then
    # Nothing unauthenticated: the controller listener asks for the broker's certificate.
    listeners=SASL_SSL://${KAFKA_HOST}:${KAFKA_SASL_SSL_PORT} map=CONTROLLER:SSL,SASL_SSL:SASL_SSL
    inter_broker=SASL_SSL
  fi
  cat >"$SERVER_PROPERTIES.tmp" <<EOF
# Generated by infra/kafka/kafka.sh on every 'up'; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT}
listeners=${listeners},CONTROLLER://${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT}
advertised.listeners=${listeners}
controller.listener.names=CONTROLLER
listener.security.protocol.map=${map}
inter.broker.listener.name=${inter_broker}

log.dirs=${LOG_DIRS}
num.partitions=6
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true

# Retention: one week, smaller segments than the 1 GiB default for a dev disk.
log.retention.hours=168
log.segment.bytes=268435456
log.retention.check.interval.ms=300000

# Compacted topics need the cleaner; keep its buffer small for a 512 MiB heap.
log.cleaner.enable=true
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=33554432

# Sized for a 2-core machine.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
background.threads=4
EOF
  if sasl_ssl_enabled; then security_config >>"$SERVER_PROPERTIES.tmp"; fi
  chmod 600 "$SERVER_PROPERTIES.tmp" # it holds the keystore password
  mv "$SERVER_PROPERTIES.tmp" "$SERVER_PROPERTIES"

  # reload4j: root at WARN, but the lines that tell a human the broker is up stay at INFO.
  # The console appender writes to stdout, which 'up' redirects to server.log.
  cat >"$LOG4J_PROPERTIES" <<'EOF'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.Kafka=INFO
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
log4j.logger.kafka.server.ControllerServer=INFO
EOF
  # Command-line tools (StorageTool): warnings to stderr so stdout carries only the result.
  cat >"$TOOLS_LOG4J_PROPERTIES" <<'EOF'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
  # The same for Kafka 4.x, which logs through log4j2.
  cat >"$LOG4J2_PROPERTIES" <<'EOF'
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka.Kafka
logger.kafka.level = INFO
logger.raft.name = kafka.server.KafkaRaftServer
logger.raft.level = INFO
logger.broker.name = kafka.server.BrokerServer
logger.broker.level = INFO
logger.controller.name = kafka.server.ControllerServer
logger.controller.level = INFO
EOF
  cat >"$TOOLS_LOG4J2_PROPERTIES" <<'EOF'
status = warn
appender.stderr.type = Console
appender.stderr.name = STDERR
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = STDERR
EOF
}

# shellcheck source=infra/kafka/security.sh
source "$SCRIPT_DIR/security.sh"

storage_tool() {
  java -Xmx256m -Djava.awt.headless=true "$(tools_logging)" -cp "$LIBS_DIR/*" kafka.tools.StorageTool "$@"
}

# The cluster id is generated once and kept in the data folder; an already formatted log dir wins.
cluster_id() {
  local id=""
  if [[ -s $LOG_DIRS/meta.properties ]]; then
    id=$(sed -n 's/^cluster\.id=//p' "$LOG_DIRS/meta.properties")
  elif [[ -s $CLUSTER_ID_FILE ]]; then
    id=$(<"$CLUSTER_ID_FILE")
  else
    id=$(storage_tool random-uuid | tail -n1)
  fi
  [[ $id =~ ^[A-Za-z0-9_-]{22}$ ]] || die "could not obtain a valid cluster id (got '$id')"
  [[ -s $CLUSTER_ID_FILE && $(<"$CLUSTER_ID_FILE") == "$id" ]] || printf '%s\n' "$id" >"$CLUSTER_ID_FILE"
  printf '%s\n' "$id"
}

format_storage() {
  local id
  id=$(cluster_id)
  if [[ -s $LOG_DIRS/meta.properties ]]; then
    return 0 # formatted before; skip a JVM start
  fi
  log "formatting KRaft storage (cluster id $id)"
  local scram=()
  if sasl_ssl_enabled; then mapfile -t scram < <(scram_format_args); fi
  local output
  # Kafka 4.x prints the bootstrap records, SCRAM salts and keys included: kept out of the log.
  output=$(storage_tool format -t "$id" -c "$SERVER_PROPERTIES" --ignore-formatted "${scram[@]}" 2>&1) ||
    die "kafka.tools.StorageTool format failed: $(grep -v '^Bootstrap metadata' <<<"$output")"
  grep -v '^Bootstrap metadata' <<<"$output" >&2 || true
  if sasl_ssl_enabled; then mark_scram_applied; fi
}

start_broker() {
  local heap_opts gc_opts
  read -r -a heap_opts <<<"${KAFKA_HEAP_OPTS:--Xms512m -Xmx512m}"
  read -r -a gc_opts <<<"${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent}"
  local jvm_opts=(
    "${gc_opts[@]}" -XX:+ExitOnOutOfMemoryError
    # Pauses with wall-clock times, as Kafka's own start scripts keep them (two files of 10 MB).
    "-Xlog:gc:file=$DATA_DIR/gc.log:time,uptime:filecount=2,filesize=10M"
    -Djava.awt.headless=true
    "$(broker_logging)"
  )
  # Keep the previous run's log for post-mortems; the readiness check reads a fresh file.
  [[ -f $LOG_FILE ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  rm -f "$PID_FILE"
  # setsid detaches the broker from the caller's process group (Ctrl-C or a job runner killing the
  # group must not take it down); the inner shell records its own pid, which exec hands to java.
  # shellcheck disable=SC2016 # $0 and $$ expand in the inner shell
  nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
    java "${heap_opts[@]}" "${jvm_opts[@]}" -cp "$LIBS_DIR/*" kafka.Kafka "$SERVER_PROPERTIES" \
    >>"$LOG_FILE" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $PID_FILE ]] && break
    sleep 0.1
  done
  [[ -s $PID_FILE ]] || die "the broker process did not start; see $LOG_FILE"
  log "started Kafka $KAFKA_VERSION, pid $(<"$PID_FILE"), log: ${LOG_FILE#"$REPO_ROOT"/}"
}

wait_ready() {
  local pid=$1 deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 30 "$LOG_FILE" >&2 || true
      die "the broker exited during startup; full log: $LOG_FILE"
    fi
    if grep -q "$STARTED_LINE" "$LOG_FILE" 2>/dev/null && broker_answers; then
      log "ready on $KAFKA_HOST:$CLIENT_PORT after $(elapsed)"
      return 0
    fi
    sleep 0.5
  done
  tail -n 30 "$LOG_FILE" >&2 || true
  die "the broker (pid $pid) did not report '$STARTED_LINE' and answer on $KAFKA_HOST:$CLIENT_PORT within ${START_TIMEOUT}s; full log: $LOG_FILE (it is still running; 'kafka.sh down' stops it)"
}

cmd_up() {
  local pid
  if pid=$(our_pid); then
    if broker_answers && grep -q "$STARTED_LINE" "$LOG_FILE" 2>/dev/null; then
      log "already running (pid $pid) on $KAFKA_HOST:$CLIENT_PORT"
    else
      log "pid $pid is still starting; waiting"
      wait_ready "$pid"
    fi
    # A principal added to the contract since the broker started gets its credentials now.
    if sasl_ssl_enabled && [[ -s $SECURITY_DIR/ca.pem ]]; then
      ensure_passwords
      apply_missing_scram
    fi
    return 0
  fi
  if broker_answers; then
    log "something already answers on $KAFKA_HOST:$CLIENT_PORT (not started by this script); using it"
    return 0
  fi
  rm -f "$PID_FILE"
  require_java
  ensure_libs
  mkdir -p "$DATA_DIR"
  if sasl_ssl_enabled; then ensure_security_material; fi
  write_config
  format_storage
  if port_open "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
    die "port $KAFKA_HOST:$KAFKA_CONTROLLER_PORT (controller) is taken by another process; set KAFKA_CONTROLLER_PORT"
  fi
  start_broker
  wait_ready "$(<"$PID_FILE")"
  if sasl_ssl_enabled; then apply_missing_scram verify; fi
}

cmd_down() {
  local pid
  if ! pid=$(our_pid); then
    rm -f "$PID_FILE"
    if broker_answers; then
      log "$KAFKA_HOST:$CLIENT_PORT answers but was not started by this script; leaving it alone"
    else
      log "not running"
    fi
    return 0
  fi
  log "stopping pid $pid (SIGTERM, up to ${STOP_TIMEOUT}s)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  log "stopped after $(elapsed)"
}

cmd_status() {
  local pid
  if pid=$(our_pid); then
    if broker_answers; then
      log "running (pid $pid) on $KAFKA_HOST:$CLIENT_PORT; data: ${DATA_DIR#"$REPO_ROOT"/}"
      return 0
    fi
    log "pid $pid is alive but $KAFKA_HOST:$CLIENT_PORT does not answer (starting?); log: $LOG_FILE"
    return 3
  fi
  if broker_answers; then
    log "$KAFKA_HOST:$CLIENT_PORT answers (not started by this script)"
    return 0
  fi
  log "not running"
  return 3
}

START_SECONDS=$SECONDS
case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  sasl-env) cmd_sasl_env ;;
  *) usage ;;
esac
