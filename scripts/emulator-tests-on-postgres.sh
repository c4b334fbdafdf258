#!/usr/bin/env bash
# The emulator's contract tests against PostgreSQL: starts a throwaway server (scripts/postgres.sh), runs the
# contract suite with every emulator on its own fresh database there, and stops the server at the end, whatever
# happened. Extra arguments go to dotnet test (test.sh passes its TRX logger). Fails loudly when PostgreSQL cannot start.
#   scripts/emulator-tests-on-postgres.sh [dotnet test arguments]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_USE_POLLING_FILE_WATCHER=1

# The whole suite but the tests tagged Store=sqlite-file (the SQLite file itself, restarts on one file) and
# Store=own-process (the packed tool and standalone starts, which take no test database): see StoreTrait.
filter="Store!=sqlite-file&Store!=own-process"

state=$(mktemp -d -u "${TMPDIR:-/tmp}/lamba-postgres-XXXXXX")
trap '"$repo/scripts/postgres.sh" stop "$state"' EXIT
server=$("$repo/scripts/postgres.sh" start "$state")
echo "emulator-tests-on-postgres.sh: PostgreSQL at ${server}" >&2

LAMBA_EMULATOR_TEST_POSTGRES="$server" dotnet test "$repo/tests/Lamba.Emulator.Tests" --filter "$filter" "$@"
