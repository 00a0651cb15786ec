#!/usr/bin/env bash
# Stops what infra/up.sh started: the Kafka broker started by infra/kafka/kafka.sh, the private
# PostgreSQL cluster started by infra/postgres/postgres.sh and the development identity provider
# started by infra/identity/identity.sh. Servers this repo did not start (a
# system PostgreSQL on 5432, an external Kafka) are left alone. Data in .data/ is kept.
set -euo pipefail

INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$INFRA_DIR/.." && pwd)

status=0
bash "$INFRA_DIR/kafka/kafka.sh" down || status=1
bash "$INFRA_DIR/postgres/postgres.sh" down || status=1
bash "$INFRA_DIR/identity/identity.sh" down || status=1
rm -f "$REPO_ROOT/.data/infra.env"
exit "$status"
