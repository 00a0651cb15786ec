#!/usr/bin/env bash
# Installs npm dependencies when they are missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

stamp=node_modules/.careflow-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" && -d node_modules/@careflow ]]; then
  exit 0
fi
echo "deps: installing npm dependencies" >&2
# `npm install` rather than `npm ci`: npm 11 records only the platform's optional native packages
# of some tools (@swc/core) in the lock file and then refuses `npm ci` on that lock. The lock file
# still pins every version.
npm install --no-audit --no-fund --loglevel=error
echo "$want" >"$stamp"
