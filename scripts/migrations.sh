#!/usr/bin/env bash
# Adds a migration to both providers' migration sets, so that SQLite and PostgreSQL stay in step with the model:
#   scripts/migrations.sh AddResolutions
# Needs no database server. Then run the MigrationTests (both providers must have no pending model changes).
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/migrations.sh <MigrationName>}"

dotnet tool restore >/dev/null
cd CongressHub.Domain
# Both snapshots are named CongressDbContextModelSnapshot.cs and `dotnet ef` rewrites the first file of that name it
# finds, so the other provider's snapshot is set aside while one provider's migration is added.
snapshot=CongressDbContextModelSnapshot.cs
restore() {
  for p in Sqlite Postgres; do
    [ -f "Migrations/$p/$snapshot.aside" ] && mv "Migrations/$p/$snapshot.aside" "Migrations/$p/$snapshot"
  done
  rm -f design.db
}
trap restore EXIT
add() { # provider, then arguments for the design-time factory
  local provider=$1 other
  shift
  other=$([ "$provider" = Sqlite ] && echo Postgres || echo Sqlite)
  [ -f "Migrations/$other/$snapshot" ] && mv "Migrations/$other/$snapshot" "Migrations/$other/$snapshot.aside"
  dotnet ef migrations add "$name" -o "Migrations/$provider" --namespace "CongressHub.Domain.Migrations.$provider" "$@"
  # A first snapshot lands in a folder named after its namespace: keep it beside its migrations.
  if [ -f "CongressHub/Domain/Migrations/$provider/$snapshot" ]; then
    mv "CongressHub/Domain/Migrations/$provider/$snapshot" "Migrations/$provider/$snapshot"
    rm -r CongressHub
  fi
  restore
}
add Sqlite
add Postgres -- Postgres

# Secret ballots and anonymous ratings live in tables that SQLite must keep WITHOUT ROWID (no hidden arrival order).
# EF Core cannot say WITHOUT ROWID: a new table of that kind, or a change that makes SQLite rebuild one of these, has
# to be written as raw SQL in the SQLite migration (see Migrations/Sqlite/*_Motions_Votes_Audit.cs and *_Reviews.cs).
# MigrationTests fails if a rebuilt table lost it.
sqlite_new=$(ls -t Migrations/Sqlite/*_"$name".cs | grep -v Designer | head -1)
if grep -Eq '"(Ballots|ReportRatings)"' "$sqlite_new"; then
  echo "migrations.sh: $sqlite_new touches Ballots or ReportRatings: write that change as raw SQL that keeps WITHOUT ROWID." >&2
  exit 1
fi
echo "migrations.sh: added $name to Migrations/Sqlite and Migrations/Postgres"
