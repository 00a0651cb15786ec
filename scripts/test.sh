#!/usr/bin/env bash
# npm test: on a fresh clone, with nothing running. Installs what is missing, brings up Kafka and
# PostgreSQL (unless KAFKA_BROKERS / DATABASE_URL are set), then format, lint, type check, unit
# and integration suites against the real broker and database. Exits non-zero on any failure and
# ends with the line "N passed, N failed".
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started=$(date +%s)
results=.data/test-results
mkdir -p "$results"
rm -f "$results"/*.json

summary() {
  local status=$?
  node scripts/test-summary.js "$results" || true
  echo "npm test took $(($(date +%s) - started)) s" >&2
  exit "$status"
}
trap summary EXIT

echo "runtime: node $(node --version), npm $(npm --version), $(java -version 2>&1 | head -n1)" >&2
bash scripts/ensure-deps.sh
bring_up_infrastructure
export DATABASE_URL=${TEST_DATABASE_URL:-$DATABASE_URL}
export AUTH_JWT_SECRET=${AUTH_JWT_SECRET:-integration-test-secret-at-least-32-chars}
# AUTH_MODE=oidc and AUTH_ISSUER come from infra/up.sh: the services trust the development
# identity provider, and the test kit gets its tokens there.
export LOG_LEVEL=${LOG_LEVEL:-warn}
[[ -f scripts/ensure-chromium.sh ]] && bash scripts/ensure-chromium.sh

step "format (prettier --check)"
npx prettier --check . --log-level warn
step "engines (every locked package accepts the oldest Node in package.json's engines)"
node scripts/check-engines.js

# Build, lint and unit tests through the Nx task graph: each project's targets run after those of
# the projects it depends on (type-aware lint reads the libraries' compiled declarations), and a
# project whose inputs did not change answers from the Nx cache (.nx/cache) with its test report.
step "build, lint (eslint, zero warnings; Nx module boundaries) and unit tests (Nx task graph)"
NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build lint test --parallel=2 --outputStyle=static
step "type check tests and tools"
npx tsc -p tsconfig.json

step "integration tests (real Kafka and PostgreSQL)"
npx jest --selectProjects integration --runInBand --json --outputFile="$results/integration.json"
