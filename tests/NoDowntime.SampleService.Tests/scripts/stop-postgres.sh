#!/usr/bin/env bash
# Stops the test cluster started by start-postgres.sh (keeps its data). Idempotent.
set -euo pipefail
CLUSTER="${ND_PG_CLUSTER:-nodowntime}"
command -v pg_lsclusters >/dev/null 2>&1 || exit 0
VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
status="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')"
if [ "$status" = "online" ]; then
  pg_ctlcluster "$VERSION" "$CLUSTER" stop
fi
