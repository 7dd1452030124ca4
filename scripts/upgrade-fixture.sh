#!/usr/bin/env bash
# Makes the upgrade fixtures from this checkout: its schema with the demo city, as an office's `backup` of it, one per
# engine, into CongressHub.Tests/Fixtures/upgrade/<migration>/{sqlite,postgres}. The upgrade tests restore each fixture
# and start the newest app on it. Run it when a release's schema is final (needs PostgreSQL: it starts its own through
# scripts/services.sh), commit the folder, and keep the older fixtures: each is a version an office may upgrade from.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/congresshub-fixture.XXXXXX)
chmod 755 "$work" # PostgreSQL runs as its own user and must reach its folder inside
trap 'scripts/services.sh stop "$work/services" >/dev/null 2>&1 || true; kill "${app:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build CongressHub.Web -v q -nologo >/dev/null
dll=CongressHub.Web/bin/Debug/net10.0/CongressHub.Web.dll
migration=$(ls CongressHub.Domain/Migrations/Sqlite | grep -E '^[0-9]{14}_[A-Za-z]+\.cs$' | sort | tail -1 | sed 's/\.cs$//')
out=CongressHub.Tests/Fixtures/upgrade/$migration
rm -rf "$out"
mkdir -p "$out"
export Secrecy__KeyFile="$work/secrecy.key" Demo__Seed=true

port() { echo $((20000 + RANDOM % 40000)); }

# Starts the app on the given settings until it has seeded the demo and listens, then stops it.
seed() {
  local url="http://127.0.0.1:$(port)"
  dotnet "$dll" --urls "$url" "$@" >"$work/app.log" 2>&1 &
  app=$!
  until curl -sf "$url/health/ready" >/dev/null; do
    kill -0 "$app" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
    sleep 0.5
  done
  kill "$app"
  wait "$app" || true
}

seed --ConnectionStrings:CongressHub="Data Source=$work/sqlite/congresshub.db" --DataProtection:KeysFolder="$work/sqlite/keys"
dotnet "$dll" backup "$out/sqlite" --ConnectionStrings:CongressHub="Data Source=$work/sqlite/congresshub.db" --DataProtection:KeysFolder="$work/sqlite/keys"

scripts/services.sh start "$work/services" >/dev/null
# shellcheck disable=SC1091
. "$work/services/env"
postgres="$CONGRESSHUB_TEST_POSTGRES;Database=fixture"
psql -h 127.0.0.1 -p "$(echo "$CONGRESSHUB_TEST_POSTGRES" | sed -E 's/.*Port=([0-9]+).*/\1/')" -U postgres -q -c 'CREATE DATABASE fixture'
seed --Database:Provider=Postgres --ConnectionStrings:CongressHub="$postgres"
dotnet "$dll" backup "$out/postgres" --Database:Provider=Postgres --ConnectionStrings:CongressHub="$postgres"
echo "upgrade-fixture.sh: $out"
