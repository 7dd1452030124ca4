#!/usr/bin/env bash
# Installs what the tests need on a fresh machine, starts PostgreSQL and Redis for them, checks the house style, then
# runs every test of the solution on SQLite, and the service tests again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# CJK fonts so that the browser tests' screenshots show the Chinese interface, not empty boxes.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${missing[*]} from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: the browser tests need ${missing[*]}; install with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# PostgreSQL and Redis on free loopback ports in a folder of their own (installed from Debian when missing), stopped
# on exit whatever happens. The tests find them through the variables in $services/env and fail without them.
services=$(mktemp -d /tmp/congresshub-services.XXXXXX)
trap 'scripts/services.sh stop "$services"' EXIT
scripts/services.sh start "$services"
# shellcheck disable=SC1091
. "$services/env"

# The house style (.editorconfig): its layout is checked here, before any test runs (seconds: no compiling); its
# language rules fail the build itself (EnforceCodeStyleInBuild in Directory.Build.props).
dotnet format whitespace CongressHub.sln --verify-no-changes --exclude CongressHub.Domain/Migrations
dotnet build CongressHub.sln
# The service tests again on PostgreSQL, beside the whole suite on SQLite: they wait on the database server much of the
# time, so the two passes together take little longer than the SQLite pass alone.
CONGRESSHUB_TEST_DATABASE=Postgres dotnet test CongressHub.sln --no-build --filter "Database=Both" "$@" > "$services/postgres-pass.log" 2>&1 &
postgres_pass=$!
sqlite=0
dotnet test CongressHub.sln --no-build "$@" || sqlite=$?
postgres=0
wait "$postgres_pass" || postgres=$?
echo "test.sh: the service tests again, on PostgreSQL"
cat "$services/postgres-pass.log"
if [ "$sqlite" -ne 0 ] || [ "$postgres" -ne 0 ]; then
  echo "test.sh: failed (SQLite pass: $sqlite, PostgreSQL pass: $postgres)" >&2
  exit 1
fi
