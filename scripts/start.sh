#!/usr/bin/env bash
# npm start: the whole platform on this machine. Installs what is missing, brings up Kafka and
# PostgreSQL unless KAFKA_BROKERS / DATABASE_URL point elsewhere, builds, starts the four
# services and the interop gateway (they create topics and migrate their schemas), waits until each is ready, prints the
# URLs and development tokens, and on Ctrl-C stops everything it started.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=(eligibility:3001 authorization-routing:3002 case-management:3003 pcp-notification:3004 interop-gateway:3005)
pids=()
kafka_was_running=false
(exec 3<>/dev/tcp/127.0.0.1/9092) 2>/dev/null && kafka_was_running=true

shutdown() {
  trap - INT TERM EXIT
  step "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -z ${KEEP_INFRA:-} && $kafka_was_running == false && -z ${KAFKA_BROKERS_FROM_USER:-} ]]; then
    bash infra/down.sh || true
  fi
  echo "stopped" >&2
  exit 0
}

KAFKA_BROKERS_FROM_USER=${KAFKA_BROKERS:-}
bash scripts/ensure-deps.sh
bring_up_infrastructure
ensure_dev_secret
build_all

trap shutdown INT TERM EXIT
mkdir -p .data/logs
step "starting services (logs in .data/logs/)"
# The workspace (case-management's page) calls pcp-notification for letter previews and PCP calls.
export CORS_ALLOWED_ORIGINS=${CORS_ALLOWED_ORIGINS:-http://127.0.0.1:3003}
for entry in "${SERVICES[@]}"; do
  name=${entry%%:*}
  port=${entry##*:}
  PORT=$port sh services/run-service.sh "$name" >".data/logs/$name.log" 2>&1 &
  pids+=($!)
  echo "  $name: pid $!" >&2
done

for index in "${!SERVICES[@]}"; do
  entry=${SERVICES[$index]}
  name=${entry%%:*}
  port=${entry##*:}
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
    kill -0 "${pids[$index]}" 2>/dev/null || break
    sleep 1
  done
  if ! curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then
    echo "$name did not become ready; see .data/logs/$name.log:" >&2
    tail -n 20 ".data/logs/$name.log" >&2
    exit 1
  fi
done

# How to sign in and get tokens, for the identity provider in use.
sign_in_help() {
  if [[ $AUTH_MODE == development-hs256 ]]; then
    printf "Development tokens (HS256; send as 'Authorization: Bearer <token>'):\n"
    node tools/dist/dev-token.js
    return
  fi
  printf 'Identity provider      %s\n' "$AUTH_ISSUER"
  if [[ -z ${AUTH_IDP_DATA_DIR:-} ]]; then
    printf 'Sign in with your identity provider; see README "Plugging in a real identity provider".\n'
    return
  fi
  local secret
  secret=$(node -e 'console.log(require(process.argv[1]).clients["careflow-integrator"])' "$AUTH_IDP_DATA_DIR/secrets.json")
  cat <<HELP
Sign in to the worklist at http://127.0.0.1:3004/ (development users; passwords kept in .data/identity):
$(AUTH_IDP_DATA_DIR=$AUTH_IDP_DATA_DIR node infra/identity/provider.mjs users 2>/dev/null | grep -v 'integrator client')

An integrator token (client credentials, one service per token):
  curl -s -u careflow-integrator:$secret -d grant_type=client_credentials \\
    -d resource=urn:careflow:authorization-routing $AUTH_ISSUER/token

Any role for every service:  npm run -s token -- <role> [--sub <id>]
HELP
}

step "Careflow is up"
cat <<INFO
  eligibility            http://127.0.0.1:3001   docs: http://127.0.0.1:3001/docs
  authorization-routing  http://127.0.0.1:3002   docs: http://127.0.0.1:3002/docs
  case-management        http://127.0.0.1:3003   docs: http://127.0.0.1:3003/docs
  pcp-notification       http://127.0.0.1:3004   the case managers' feed: http://127.0.0.1:3004/
  interop-gateway        http://127.0.0.1:3005   X12 834 upload: POST /x12 (npm run send-834 -- <file>); HL7 v2 MLLP on port 2575 (npm run send-hl7 -- <file>)
  Kafka                  $KAFKA_BROKERS
  PostgreSQL             $DATABASE_URL

$(sign_in_help)

Publish sample events:  npm run publish-events -- --samples
Press Ctrl-C to stop everything.
INFO

# Stay in the foreground while the services run; a service that exits stops the platform.
wait -n "${pids[@]}" || true
echo "a service exited; see .data/logs/" >&2
exit 1
