#!/usr/bin/env bash
# Brings up the local platform (Kafka + PostgreSQL) and writes <repo>/.data/infra.env:
#
#   export KAFKA_BROKERS=127.0.0.1:9092
#   export DATABASE_URL=postgres://postgres@127.0.0.1:5432/careflow
#   export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/careflow_test
#   export AUTH_MODE=oidc
#   export AUTH_ISSUER=http://127.0.0.1:9400
#   export AUTH_IDP_DATA_DIR=<repo>/.data/identity
#
# Use it with `. .data/infra.env`, or `eval "$(bash infra/up.sh)"` (the same lines go to stdout;
# progress messages go to stderr). Idempotent and fast when everything is already up.
#
# Environment: KAFKA_BROKERS set -> Kafka is not started, the value is passed through.
#              DATABASE_URL set  -> PostgreSQL is not touched, the value is passed through
#                                   (TEST_DATABASE_URL defaults to the same server, db careflow_test).
#              AUTH_ISSUER set   -> the development identity provider is not started, the
#                                   value is passed through (a real IdP; see the README).
#              Everything infra/kafka/kafka.sh, infra/postgres/postgres.sh and
#              infra/identity/identity.sh accept.
set -euo pipefail

INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$INFRA_DIR/.." && pwd)
ENV_FILE=$REPO_ROOT/.data/infra.env

if [[ -n ${KAFKA_BROKERS:-} ]]; then
  printf 'kafka: KAFKA_BROKERS is set (%s); not starting Kafka\n' "$KAFKA_BROKERS" >&2
  kafka_brokers=$KAFKA_BROKERS
else
  bash "$INFRA_DIR/kafka/kafka.sh" up
  kafka_brokers=127.0.0.1:${KAFKA_PORT:-9092}
fi

database_url=$(bash "$INFRA_DIR/postgres/postgres.sh" up)
test_database_url=${TEST_DATABASE_URL:-$(DATABASE_URL=$database_url bash "$INFRA_DIR/postgres/postgres.sh" url careflow_test)}

if [[ -n ${AUTH_ISSUER:-} ]]; then
  printf 'identity: AUTH_ISSUER is set (%s); not starting the development provider\n' "$AUTH_ISSUER" >&2
  auth_issuer=$AUTH_ISSUER
  idp_data_dir=""
else
  bash "$INFRA_DIR/identity/identity.sh" up
  auth_issuer=${AUTH_IDP_ISSUER:-http://${AUTH_IDP_HOST:-127.0.0.1}:${AUTH_IDP_PORT:-9400}}
  idp_data_dir=${AUTH_IDP_DATA_DIR:-$REPO_ROOT/.data/identity}
fi

mkdir -p "$(dirname "$ENV_FILE")"
{
  printf '# Written by infra/up.sh; source it: . .data/infra.env\n'
  printf 'export KAFKA_BROKERS=%q\n' "$kafka_brokers"
  printf 'export DATABASE_URL=%q\n' "$database_url"
  printf 'export TEST_DATABASE_URL=%q\n' "$test_database_url"
  printf 'export AUTH_MODE=%q\n' "${AUTH_MODE:-oidc}"
  printf 'export AUTH_ISSUER=%q\n' "$auth_issuer"
  [[ -z $idp_data_dir ]] || printf 'export AUTH_IDP_DATA_DIR=%q\n' "$idp_data_dir"
} >"$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"

grep '^export ' "$ENV_FILE"
printf 'infra: ready; wrote %s\n' "${ENV_FILE#"$REPO_ROOT"/}" >&2
