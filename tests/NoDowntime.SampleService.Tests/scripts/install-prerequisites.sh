#!/usr/bin/env bash
# Installs what the sample service's tests use beyond the .NET SDK: a PostgreSQL server, nginx (the rolling-restart
# test puts two instances behind it) and promtool (checks the /metrics exposition). Idempotent; needs root.
set -euo pipefail

missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)

if [ ${#missing[@]} -eq 0 ]; then
  echo "prerequisites present: postgresql, nginx, promtool"
  exit 0
fi

echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# --no-install-recommends keeps the prometheus package to its binaries; no service is started by the tests' use of them.
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
