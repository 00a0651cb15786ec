#!/bin/sh
# Starts one service with the Node options of services/node-options: used by scripts/start.sh,
# the Docker image and `nx serve`, so there is one way to launch a service from a shell.
# POSIX sh (the image has no bash); exec, so signals go straight to node.
#   sh services/run-service.sh <service>      e.g. sh services/run-service.sh eligibility
set -eu
here=$(dirname "$0")
service=${1:?usage: run-service.sh <service>}
main="$here/$service/dist/main.js"
[ -f "$main" ] || { echo "run-service: $main is not built (npm run build)" >&2; exit 1; }
# shellcheck disable=SC2046 # the options are words on purpose
exec node $(sed -e 's/#.*//' "$here/node-options") "$main"
