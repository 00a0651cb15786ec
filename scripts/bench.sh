#!/usr/bin/env bash
# npm run bench [-- <name>...] [--quick]: builds, starts what the benchmarks need, runs them and
# writes bench/results/<timestamp>.md and .png (and latest.md / latest.png). Stops everything it
# started, also on failure or Ctrl-C.
#
# Kafka: by default the benchmarks get their own Kafka 4.4.0 broker (KAFKA_VERSION=3.9.1: 3.x; the project's
# infra/kafka/kafka.sh, port BENCH_KAFKA_PORT=49092, data in .data/bench-kafka), wiped before each
# Kafka benchmark. The services' consumer groups are fixed ("eligibility", ...): on the shared
# broker a developer's `npm start` or an integration test would join the same groups and the
# benchmark's million events would flood their databases. Every figure and its baseline are
# measured on that one broker in the same run.
# PostgreSQL: the one infra/ brings up (or DATABASE_URL's server), database careflow_bench,
# dropped and recreated before each Kafka benchmark.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_KAFKA_PORT=${BENCH_KAFKA_PORT:-49092}
BENCH_KAFKA_CONTROLLER_PORT=${BENCH_KAFKA_CONTROLLER_PORT:-49093}
BENCH_KAFKA_DATA_DIR=${BENCH_KAFKA_DATA_DIR:-$REPO_ROOT/.data/bench-kafka}
# Two runs at once (e.g. two developers on one machine) need their own broker port, data dir,
# database, pid file and log folder: every BENCH_* below can be set.
BENCH_PID_FILE=${BENCH_PID_FILE:-$REPO_ROOT/bench/results/.children}
BENCH_LOGS_DIR=${BENCH_LOGS_DIR:-$REPO_ROOT/bench/results/logs}
mkdir -p "$BENCH_LOGS_DIR"
bench_pid=""

# No SASL_SSL listener (nor its authorizer) on the benchmark's broker: the figures stay comparable
# with the earlier runs, and nothing of the benchmark logs in.
kafka_env() { env KAFKA_PORT="$BENCH_KAFKA_PORT" KAFKA_CONTROLLER_PORT="$BENCH_KAFKA_CONTROLLER_PORT" KAFKA_DATA_DIR="$BENCH_KAFKA_DATA_DIR" KAFKA_HEAP_OPTS="${BENCH_KAFKA_HEAP_OPTS:--Xms1g -Xmx1g}" KAFKA_SASL_SSL_PORT=0 "$@"; }

cleanup() {
  local status=$?
  trap - INT TERM EXIT
  step "stopping what the benchmark started"
  if [[ -n $bench_pid ]] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$bench_pid" 2>/dev/null || true
  fi
  # Services the benchmark runner started, should it have died without stopping them.
  if [[ -s $BENCH_PID_FILE ]]; then
    while read -r pid; do
      [[ $pid =~ ^[0-9]+$ ]] || continue
      if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'services/.*/dist/main.js'; then
        kill -TERM "$pid" 2>/dev/null || true
      fi
    done <"$BENCH_PID_FILE"
  fi
  kafka_env bash infra/kafka/kafka.sh down || true
  echo "stopped" >&2
  exit "$status"
}
trap cleanup INT TERM EXIT

# Dependencies: installed by scripts/ensure-deps.sh on a fresh clone; an existing node_modules is
# used as it is (the workspace's node_modules is shared; the benchmark never reinstalls it).
[[ -d node_modules/@careflow && -d node_modules/kafkajs ]] || bash scripts/ensure-deps.sh
# PostgreSQL as infra/ brings it up (idempotent). infra/up.sh itself is not used: it would also
# rewrite .data/infra.env, which the rest of the team sources.
step "infrastructure (PostgreSQL, benchmark Kafka on 127.0.0.1:$BENCH_KAFKA_PORT)"
DATABASE_URL=$(bash infra/postgres/postgres.sh up)
bench_db_url=${BENCH_DATABASE_URL:-${DATABASE_URL%/*}/careflow_bench}
if (exec 3<>"/dev/tcp/127.0.0.1/$BENCH_KAFKA_PORT") 2>/dev/null; then
  trap - INT TERM EXIT
  echo "bench: port $BENCH_KAFKA_PORT is taken by another process; the benchmark needs a broker of its own (set BENCH_KAFKA_PORT and BENCH_KAFKA_CONTROLLER_PORT)" >&2
  exit 1
fi
rm -rf "$BENCH_KAFKA_DATA_DIR" # every run starts from an empty broker
kafka_env bash infra/kafka/kafka.sh up
ensure_dev_secret
# The report's chart is drawn by Chromium; without it the report says so and has no chart.
bash scripts/ensure-chromium.sh || echo "bench: no Chromium, so the report will have no chart" >&2

# Build every project; one that does not build yet only skips the benchmarks that need it.
step "build (tsc -b)"
npx tsc -b bench
build_failed=()
if ! npx tsc -b tsconfig.build.json >"$BENCH_LOGS_DIR/build.log" 2>&1; then
  # Which services have errors (an error in a library fails every service).
  for service in eligibility authorization-routing case-management pcp-notification interop-gateway; do
    if grep -Eq "^(services/$service|libs)/[^ ]*\([0-9]+,[0-9]+\): error" "$BENCH_LOGS_DIR/build.log"; then
      build_failed+=("$service")
    fi
  done
  echo "build: errors in: ${build_failed[*]:-(none of the services)}; see $BENCH_LOGS_DIR/build.log" >&2
fi

step "benchmarks"
BENCH_BUILD_FAILED=$(IFS=,; echo "${build_failed[*]:-}") \
  KAFKA_BROKERS=127.0.0.1:$BENCH_KAFKA_PORT \
  BENCH_DATABASE_URL=$bench_db_url \
  BENCH_KAFKA_PORT=$BENCH_KAFKA_PORT BENCH_KAFKA_CONTROLLER_PORT=$BENCH_KAFKA_CONTROLLER_PORT \
  BENCH_KAFKA_DATA_DIR=$BENCH_KAFKA_DATA_DIR BENCH_PID_FILE=$BENCH_PID_FILE BENCH_LOGS_DIR=$BENCH_LOGS_DIR \
  node --max-old-space-size=4096 bench/dist/main.js "$@" &
bench_pid=$!
wait "$bench_pid"
# A full run (every benchmark, full size) is what the root README's table shows: regenerate it
# from the new latest.md (npm run bench:readme).
full=1
prev=""
for arg in "$@"; do
  if [[ $arg == --quick ]]; then
    full=0
  elif [[ $arg != -* && $prev != --minutes ]]; then
    full=0 # a benchmark named: not every one ran
  fi
  prev=$arg
done
if ((full)); then node bench/dist/readme.js; fi
