#!/usr/bin/env bash
# Shared by start.sh, test.sh and bench.sh: dependencies, infrastructure, build.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

# Kafka and PostgreSQL: the configured ones, or the project's own (infra/up.sh).
bring_up_infrastructure() {
  step "infrastructure"
  local exports
  exports=$(bash infra/up.sh)
  eval "$exports"
}

build_all() {
  step "build (tsc -b)"
  npx tsc -b tsconfig.build.json
}

# A development secret that survives restarts, so tokens printed earlier stay valid.
ensure_dev_secret() {
  if [[ -z ${AUTH_JWT_SECRET:-} ]]; then
    mkdir -p .data
    [[ -s .data/dev-jwt-secret ]] || head -c 48 /dev/urandom | base64 | tr -d '\n/+=' >.data/dev-jwt-secret
    AUTH_JWT_SECRET=$(cat .data/dev-jwt-secret)
    export AUTH_JWT_SECRET
  fi
  # HTTP tokens come from the identity provider infra/up.sh names (AUTH_ISSUER); the secret only
  # serves AUTH_MODE=development-hs256, when asked for by name (chaos, bench).
  export AUTH_MODE=${AUTH_MODE:-oidc}
}
