#!/usr/bin/env bash
# npm start: the whole platform on this machine. Installs what is missing, brings up Kafka and
# PostgreSQL unless KAFKA_BROKERS / DATABASE_URL point elsewhere, builds, starts the four
# services (they create topics and migrate their schemas), waits until each is ready, prints the
# URLs and development tokens, and on Ctrl-C stops everything it started.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=(eligibility:3001 authorization-routing:3002 case-management:3003 pcp-notification:3004)
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

step "Careflow is up"
cat <<INFO
  eligibility            http://127.0.0.1:3001   docs: http://127.0.0.1:3001/docs
  authorization-routing  http://127.0.0.1:3002   docs: http://127.0.0.1:3002/docs
  case-management        http://127.0.0.1:3003   docs: http://127.0.0.1:3003/docs
  pcp-notification       http://127.0.0.1:3004   the case managers' feed: http://127.0.0.1:3004/
  Kafka                  $KAFKA_BROKERS
  PostgreSQL             $DATABASE_URL

Development tokens (HS256, valid 12 h; send as 'Authorization: Bearer <token>'):
$(node tools/dist/dev-token.js)

Publish sample events:  npm run publish-events -- --samples
Press Ctrl-C to stop everything.
INFO

# Stay in the foreground while the services run; a service that exits stops the platform.
wait -n "${pids[@]}" || true
echo "a service exited; see .data/logs/" >&2
exit 1
