#!/usr/bin/env bash
# Runs every test in the solution, fast tier and browser tier: ./test.sh [extra dotnet test arguments]
# Needs the .NET 10 SDK. On Debian it installs Chromium (for the Playwright journeys) when it is missing.
# Prints one summary line per test project, then "N passed, N failed, N skipped" and the wall time.
# Exits non-zero when the build fails, any test fails, or a test project produced no results.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
started=$(date +%s)
solution=LambaPages.sln
results_dir=TestResults/run

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Every test host watches its config files; inotify instances are few (128 per user by default), so poll instead.
export DOTNET_USE_POLLING_FILE_WATCHER=1

say() { printf '\n== %s\n' "$*"; }

# Chromium for the browser tier: Debian's packages, /usr/bin/chromium and its headless shell
# /usr/bin/chromium-headless-shell (the same engine without the browser UI; playwright.config.json points at both).
ensure_chromium() {
    if [[ -n "${PLAYWRIGHT_EXECUTABLE_PATH:-}" && -x "${PLAYWRIGHT_EXECUTABLE_PATH}" ]]; then
        return
    fi
    if [[ -x /usr/bin/chromium && -x /usr/bin/chromium-headless-shell ]]; then
        return
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "warning: /usr/bin/chromium is missing and apt-get is not available; the browser tier will try Playwright's own Chromium." >&2
        return
    fi
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "error: /usr/bin/chromium is missing; run as root or install sudo (needed for apt-get install chromium)." >&2
            exit 2
        fi
        sudo=(sudo)
    fi
    say "Installing Chromium (apt-get install chromium chromium-headless-shell fonts-liberation)"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-headless-shell fonts-liberation
}

# Test projects of the solution (IsTestProject=true), so a project that produced no results is noticed.
test_projects() {
    dotnet sln "$solution" list | tr '\\' '/' | grep -E '\.csproj$' | while read -r project; do
        if grep -q '<IsTestProject>true</IsTestProject>' "$project"; then
            basename "$project" .csproj
        fi
    done
}

# attr NAME FILE: the value of NAME="..." on the <Counters> element of a TRX file (0 when absent).
counter() {
    local value
    value=$(grep -o '<Counters [^>]*>' "$2" | head -n 1 | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || true)
    echo "${value:-0}"
}

# The test project a TRX file belongs to: the test assembly's codeBase (".../LambaPages.E2E.dll"), or for a
# run without tests the xunit discovery line or VSTest's "No test is available in ....dll".
project_of() {
    local name
    name=$(grep -o 'codeBase="[^"]*"' "$1" | head -n 1 | sed -e 's/^codeBase="//' -e 's/"$//' || true)
    [[ -n "$name" ]] || name=$(grep -o 'Discovering: [^ <]*' "$1" | head -n 1 | sed -e 's/^Discovering: //' || true)
    [[ -n "$name" ]] || name=$(grep -o 'No test is available in [^ ]*\.dll' "$1" | head -n 1 | sed -e 's/^No test is available in //' || true)
    [[ -n "$name" ]] || name=$1
    basename "$name" | sed -e 's/\.dll$//' -e 's/\.trx$//'
}

if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK (dotnet) is not on PATH." >&2
    exit 2
fi

ensure_chromium

say "dotnet test $solution"
rm -rf "$results_dir"
mkdir -p "$results_dir"
set +e
dotnet test "$solution" --logger trx --results-directory "$results_dir" "$@"
test_exit=$?
set -e

# The emulator's contract suite again, against PostgreSQL (a throwaway server started and stopped by
# the script; installed from Debian when missing; a server that cannot start fails the run).
say "Emulator contract tests on PostgreSQL (scripts/emulator-tests-on-postgres.sh)"
postgres_exit=0
scripts/emulator-tests-on-postgres.sh --no-build --logger "trx;LogFilePrefix=postgres" --results-directory "$results_dir" "$@" || postgres_exit=$?
[[ $postgres_exit -eq 0 ]] || echo "  emulator on PostgreSQL: FAILED (exit code $postgres_exit)"
test_exit=$(( test_exit != 0 ? test_exit : postgres_exit ))

# The library ships as a package: it must pack (from the build just made) with its README inside.
say "dotnet pack src/Lamba.AspNetCore"
pack_dir=$(mktemp -d)
pack_ok=1
if dotnet pack src/Lamba.AspNetCore -c Debug --no-build -o "$pack_dir" >"$pack_dir/pack.log" 2>&1 \
    && unzip -l "$pack_dir"/Lamba.AspNetCore.*.nupkg | grep -qE ' README\.md$'; then
    echo "  Lamba.AspNetCore packs, with README.md inside"
else
    cat "$pack_dir/pack.log" >&2
    echo "  Lamba.AspNetCore did not pack, or its package has no README.md" >&2
    pack_ok=0
fi
rm -rf "$pack_dir"

say "Summary"
total_passed=0 total_failed=0 total_skipped=0 missing=0
declare -A seen=()
shopt -s nullglob
for trx in "$results_dir"/*.trx; do
    project=$(project_of "$trx")
    passed=$(counter passed "$trx")
    failed=$(( $(counter failed "$trx") + $(counter error "$trx") + $(counter timeout "$trx") + $(counter aborted "$trx") ))
    skipped=$(counter notExecuted "$trx")
    total=$(counter total "$trx")
    seen[$project]=1
    note=""
    [[ $total -gt 0 ]] || note="  <- no tests ran"
    label=$project
    [[ $(basename "$trx") != postgres* ]] || label="$project (PostgreSQL)"
    printf '  %-24s %4d passed, %d failed, %d skipped (of %d)%s\n' "$label:" "$passed" "$failed" "$skipped" "$total" "$note"
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    total_skipped=$((total_skipped + skipped))
done
while read -r project; do
    if [[ -n "$project" && -z "${seen[$project]:-}" ]]; then
        printf '  %-24s no results (build failure or crashed test host?)\n' "$project:"
        missing=$((missing + 1))
    fi
done < <(test_projects)

# The bench's smoke run (issue 11): the portal, the bare page and the emulator as three processes under wrk for a
# few seconds. `dotnet test` builds only the test projects and what they reference, so the bench driver (and the bare
# page and probe it references) is built here, incrementally, in Debug. It fails only when a row of B1-B9 is missing.
say "Bench smoke (bench/run.sh --smoke)"
bench_exit=0
bench/run.sh --smoke --configuration Debug || bench_exit=$?
[[ $bench_exit -eq 0 ]] || echo "  bench smoke: FAILED (exit code $bench_exit)"

echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
elapsed=$(( $(date +%s) - started ))
printf 'Wall time: %dm%02ds (%d s)\n' $((elapsed / 60)) $((elapsed % 60)) "$elapsed"
echo "TRX files: $results_dir"

if [[ $((total_passed + total_failed + total_skipped)) -eq 0 ]]; then
    echo "RESULT: FAILED (no test ran at all)"
    exit 1
fi
if [[ $pack_ok -ne 1 ]]; then
    echo "RESULT: FAILED (the Lamba.AspNetCore package)"
    exit 1
fi
if [[ $bench_exit -ne 0 ]]; then
    echo "RESULT: FAILED (bench smoke exit code $bench_exit)"
    exit 1
fi
if [[ $test_exit -ne 0 || $total_failed -ne 0 || $missing -ne 0 ]]; then
    echo "RESULT: FAILED (dotnet test exit code $test_exit)"
    exit 1
fi
echo "RESULT: PASSED"
