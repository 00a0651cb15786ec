#!/usr/bin/env bash
# Brings up the local platform (Kafka + PostgreSQL) and writes <repo>/.data/infra.env:
#
#   export KAFKA_BROKERS=127.0.0.1:9092
#   export DATABASE_URL=postgres://postgres@127.0.0.1:5432/careflow
#   export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/careflow_test
#   export KAFKA_SASL_SSL_BROKERS=127.0.0.1:9094          (the project's own broker only:)
#   export KAFKA_SASL_SSL_CA_FILE=<repo>/.data/kafka/security/ca.pem
#   export KAFKA_SASL_SSL_CREDENTIALS_DIR=<repo>/.data/kafka/security/credentials
#   (with KAFKA_PLAINTEXT_LISTENER=off, KAFKA_BROKERS is the SASL_SSL address)
#
# With the project's own broker it also creates the SCRAM principals of the contract's ACL model
# and applies its ACLs (npm run kafka:acls -- apply, as the admin, over SASL_SSL): idempotent.
# The KAFKA_SASL_SSL_* names are not the clients' own variables on purpose: a client opts in by
# setting KAFKA_SECURITY_PROTOCOL=sasl_ssl, KAFKA_SSL_CA_FILE and its KAFKA_SASL_* from them.
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
  # Written through too (a second `eval "$(bash infra/up.sh)"` in the same shell keeps them).
  if [[ -n ${KAFKA_SASL_SSL_BROKERS:-} ]]; then
    sasl_exports=$(for name in KAFKA_SASL_SSL_BROKERS KAFKA_SASL_SSL_CA_FILE KAFKA_SASL_SSL_CREDENTIALS_DIR; do
      printf 'export %s=%q\n' "$name" "${!name:-}"
    done)
  fi
else
  # The principals come from the contract (libs/contracts/src/kafka-access.ts), via the tool.
  (cd "$REPO_ROOT" && npx tsc -b tools) >&2 || {
    printf 'kafka: building tools/ failed (npm ci first?)\n' >&2
    exit 1
  }
  KAFKA_SCRAM_USERS=$(node "$REPO_ROOT/tools/dist/kafka-acls.js" principals | tr '\n' ' ') \
    bash "$INFRA_DIR/kafka/kafka.sh" up
  kafka_brokers=127.0.0.1:${KAFKA_PORT:-9092}
  sasl_exports=$(bash "$INFRA_DIR/kafka/kafka.sh" sasl-env)
  if [[ -n $sasl_exports ]]; then
    eval "$sasl_exports"
    env -u KAFKA_SSL_CERT_FILE -u KAFKA_SSL_KEY_FILE -u KAFKA_SASL_PASSWORD \
      KAFKA_BROKERS="$KAFKA_SASL_SSL_BROKERS" KAFKA_SECURITY_PROTOCOL=sasl_ssl \
      KAFKA_SSL_CA_FILE="$KAFKA_SASL_SSL_CA_FILE" KAFKA_SASL_USERNAME=admin \
      KAFKA_SASL_PASSWORD_FILE="$KAFKA_SASL_SSL_CREDENTIALS_DIR/admin.password" \
      node "$REPO_ROOT/tools/dist/kafka-acls.js" apply >&2
    # A broker without the development listener is reached over SASL_SSL only.
    if [[ ${KAFKA_PLAINTEXT_LISTENER:-on} == off ]]; then kafka_brokers=$KAFKA_SASL_SSL_BROKERS; fi
  fi
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
  if [[ -n ${sasl_exports:-} ]]; then printf '%s\n' "$sasl_exports"; fi
  printf 'export AUTH_MODE=%q\n' "${AUTH_MODE:-oidc}"
  printf 'export AUTH_ISSUER=%q\n' "$auth_issuer"
  [[ -z $idp_data_dir ]] || printf 'export AUTH_IDP_DATA_DIR=%q\n' "$idp_data_dir"
} >"$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"

grep '^export ' "$ENV_FILE"
printf 'infra: ready; wrote %s\n' "${ENV_FILE#"$REPO_ROOT"/}" >&2
