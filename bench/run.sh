#!/usr/bin/env bash
# The bench in one command: bench/run.sh [--smoke] [--no-build] [--configuration Debug|Release] [--out FILE]
# Builds the driver (which builds the portal, the emulator, the bare page and the probe with it), installs wrk from
# Debian when it is missing, then runs bench/LambaPages.Bench: B1-B9 of issue 11, printed as a markdown table and
# (full run) written to docs/benchmarks.md with its chart. --smoke: a few seconds of everything, for CI; it fails
# only when a row could not be produced, never on a timing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_USE_POLLING_FILE_WATCHER=1

configuration=Release
build=1
pass=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --configuration|-c) configuration=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        *) pass+=("$1"); shift ;;
    esac
done

if ! command -v wrk >/dev/null 2>&1; then
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    echo "Installing wrk (apt-get install wrk)"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk \
        || { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }
fi

if [[ $build -eq 1 ]]; then
    dotnet build bench/LambaPages.Bench -c "$configuration" --nologo -v quiet
fi

exec dotnet "bench/LambaPages.Bench/bin/$configuration/net10.0/LambaPages.Bench.dll" "${pass[@]}"
