#!/usr/bin/env bash
# Adds an EF Core migration to the emulator's store, for both providers at once (SQLite and PostgreSQL keep one model):
#   scripts/add-emulator-migration.sh <MigrationName>
# Then `dotnet test tests/Lamba.Emulator.Tests --filter FullyQualifiedName~MigrationTests` proves neither provider
# has model changes left without a migration. The design-time package is referenced only for this build (EfDesign=true).
set -euo pipefail

name=${1:?usage: scripts/add-emulator-migration.sh <MigrationName>}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet tool restore >/dev/null
dotnet build src/Lamba.Emulator -p:EfDesign=true -v q -nologo
for provider in Sqlite Postgres; do
    dotnet ef migrations add "$name" --no-build --project src/Lamba.Emulator \
        --context "${provider}LambaDb" --output-dir "Store/Migrations/${provider}"
done
# Leave the ordinary build behind, without the design-time assemblies in bin/.
dotnet build src/Lamba.Emulator -v q -nologo >/dev/null
