#!/usr/bin/env bash
# Starts a PostgreSQL cluster for the sample service's tests, listening on 127.0.0.1 only, and makes sure the test
# role and database exist. Idempotent: safe to run again while the cluster is up. Needs root (Debian's
# postgresql-common tools) and the postgresql package (see install-prerequisites.sh).
#
# Prints the variable the tests read, e.g.:
#   export NODOWNTIME_TEST_POSTGRES='Host=127.0.0.1;Port=55432;Username=nodowntime;Password=nodowntime;Database=nodowntime_tests'
# Use it as: eval "$(tests/NoDowntime.SampleService.Tests/scripts/start-postgres.sh | tail -n 1)"
set -euo pipefail

CLUSTER="${ND_PG_CLUSTER:-nodowntime}"
PORT="${ND_PG_PORT:-55432}"
ROLE="${ND_PG_USER:-nodowntime}"
PASSWORD="${ND_PG_PASSWORD:-nodowntime}"
DATABASE="${ND_PG_DATABASE:-nodowntime_tests}"

if ! command -v pg_createcluster >/dev/null 2>&1; then
  echo "PostgreSQL is not installed: run $(dirname "$0")/install-prerequisites.sh" >&2
  exit 1
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"

if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
  echo "creating cluster $VERSION/$CLUSTER on port $PORT" >&2
  pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" --start-conf manual >/dev/null
fi

# Loopback only, small footprint: a test server on a shared 2-core machine. Settings go in the cluster's conf.d
# (read after postgresql.conf), rewritten each run so that the file always matches this script.
CONF_DIR="/etc/postgresql/$VERSION/$CLUSTER"
# Earlier versions of this script set listen_addresses in postgresql.conf itself: comment such a line out.
sed -i -E "s/^(listen_addresses[[:space:]]*=.*)$/#\1/" "$CONF_DIR/postgresql.conf"
mkdir -p "$CONF_DIR/conf.d"
cat > "$CONF_DIR/conf.d/nodowntime-tests.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
max_connections = 200
shared_buffers = 64MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
chown -R postgres:postgres "$CONF_DIR/conf.d"

status="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')"
if [ "$status" != "online" ]; then
  echo "starting cluster $VERSION/$CLUSTER" >&2
  pg_ctlcluster "$VERSION" "$CLUSTER" start
fi

for _ in $(seq 1 50); do
  if runuser -u postgres -- psql -p "$PORT" -tAc "SELECT 1" >/dev/null 2>&1; then break; fi
  sleep 0.2
done

psql_admin() { runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -tAc "$1"; }

if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
  psql_admin "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" >/dev/null
else
  psql_admin "ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" >/dev/null
fi

if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
  psql_admin "CREATE DATABASE $DATABASE OWNER $ROLE" >/dev/null
fi

echo "PostgreSQL $VERSION cluster '$CLUSTER' is up on 127.0.0.1:$PORT" >&2
echo "export NODOWNTIME_TEST_POSTGRES='Host=127.0.0.1;Port=$PORT;Username=$ROLE;Password=$PASSWORD;Database=$DATABASE'"
