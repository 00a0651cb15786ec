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
# shellcheck disable=SC2046 # the options are words on purpose
exec node $(sed -e 's/#.*//' "$here/node-options" "$own") "$@" "$main"
