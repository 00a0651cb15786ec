#!/usr/bin/env bash
# npm run chaos / npm run fuzz: dependencies, shared infrastructure (PostgreSQL), build, then the
# runner. The runner starts its own Kafka broker (port 19092) and its own database, so it never
# disturbs `npm start` or `npm test`.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
what=$1
shift
bash scripts/ensure-deps.sh
bring_up_infrastructure
ensure_dev_secret
build_all
step "$what"
exec node "chaos/dist/src/cli-$what.js" "$@"
