#!/usr/bin/env bash
# Makes a throwaway PostgreSQL server available on 127.0.0.1 for the store tests.
#
#   scripts/ensure-postgres.sh           start it (or reuse the running one); print its SQLAlchemy URL
#   scripts/ensure-postgres.sh --status  exit 0 when this project's server is running, 1 otherwise
#   scripts/ensure-postgres.sh --stop    stop it and delete its data (nothing to do when it is not running)
#
# Needs Debian's `postgresql` package (scripts/install-system-deps.sh installs it). The cluster is
# initialised in $WORKBENCH_PG_DIR (default: a folder under $TMPDIR named after this checkout), listens
# on 127.0.0.1 on a free port only, and has a role and database `workbench` (password `workbench`).
# Run as root, the server runs as the `postgres` OS user: PostgreSQL refuses to run as root.
# Safe to run again and from parallel sessions (a lock file serialises them).
set -euo pipefail

project=$(cd "$(dirname "$0")/.." && pwd)
dir=${WORKBENCH_PG_DIR:-${TMPDIR:-/tmp}/workbench-pg-$(printf %s "$project" | md5sum | cut -c1-10)}
data=$dir/data
role=workbench

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [[ -z $bin || ! -x $bin/pg_ctl ]]; then
  echo "ensure-postgres: PostgreSQL is not installed; run scripts/install-system-deps.sh" \
       "(Debian package postgresql) or set WORKBENCH_TEST_POSTGRES_URL" >&2
  exit 1
fi

if [[ $(id -u) -eq 0 ]]; then
  owner=postgres
  as_owner() { runuser -u "$owner" -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

running() { [[ -f $data/PG_VERSION ]] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

port_in_use() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  for port in $(seq 55432 55531); do
    port_in_use "$port" || { echo "$port"; return; }
  done
  echo "ensure-postgres: no free port between 55432 and 55531" >&2
  exit 1
}

psql_owner() { as_owner "$bin/psql" -X -q -h "$dir" -p "$(cat "$dir/port")" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

case ${1:-} in
  --status)
    running
    exit
    ;;
  --stop)
    [[ -d $dir ]] || exit 0
    exec 9>"$dir.lock"
    flock 9
    if running; then
      as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
      echo "ensure-postgres: stopped the server in $data" >&2
    fi
    rm -rf "$dir" "$dir.lock"
    exit 0
    ;;
  "") ;;
  *)
    echo "usage: $0 [--status|--stop]" >&2
    exit 2
    ;;
esac

mkdir -p "$dir"
[[ $owner == "$(id -un)" ]] || chown "$owner" "$dir"
exec 9>"$dir.lock"
flock 9

if ! running; then
  if [[ ! -f $data/PG_VERSION ]]; then
    as_owner "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  port=$(free_port)
  echo "$port" >"$dir/port"
  # 9>&- : the server must not inherit the lock, or the next caller would wait for it forever
  as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null 9>&- || { cat "$dir/server.log" >&2; exit 1; }
  echo "ensure-postgres: started PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $data)" >&2
fi

if [[ -z $(psql_owner -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'") ]]; then
  psql_owner -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$role'"
fi
if [[ -z $(psql_owner -tAc "SELECT 1 FROM pg_database WHERE datname = '$role'") ]]; then
  psql_owner -c "CREATE DATABASE $role OWNER $role"
fi

echo "postgresql+psycopg://$role:$role@127.0.0.1:$(cat "$dir/port")/$role"
