#!/bin/sh
# Starts one service with the Node options of services/node-options, then those of
# services/<service>/node-options if it has one (a later V8 option overrides an earlier one), then
# any given after the service's name: scripts/start.sh, the Docker image, `nx serve`, the
# benchmarks and the chaos runs all launch services through it, so the options files have one reader.
# POSIX sh (the image has no bash); exec, so the pid is node's and signals go straight to it.
#   sh services/run-service.sh <service> [node option...]   e.g. sh services/run-service.sh eligibility
set -eu
here=$(dirname "$0")
service=${1:?usage: run-service.sh <service> [node option...]}
shift
main="$here/$service/dist/main.js"
[ -f "$main" ] || { echo "run-service: $main is not built (npm run build)" >&2; exit 1; }
own="$here/$service/node-options"
[ -f "$own" ] || own=/dev/null
# Two malloc arenas instead of glibc's default of up to 8 per core: memory outside the V8 heap
# (libuv's thread pool, the GC's helper threads) is then kept in fewer arenas. case-management's
# peak RSS in the replay of 200,000 events fell from 228 to 207 MiB (seeding 193 to 186), CPU per
# event unchanged within noise (npm run bench -- case-management with BENCH_CCM_MEMBERS and
# BENCH_CCM_EVENTS 200000, back to back, 2026-12-07 23:40-23:58 UTC). Set it to override.
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
export MALLOC_ARENA_MAX
# shellcheck disable=SC2046 # the options are words on purpose
exec node $(sed -e 's/#.*//' "$here/node-options" "$own") "$@" "$main"
