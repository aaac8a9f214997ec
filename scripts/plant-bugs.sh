#!/usr/bin/env bash
# Shows that the chain simulation catches real bugs. Each patch in scripts/planted-bugs plants one
# realistic bug. This script applies them one at a time to a temporary worktree of HEAD (never to
# your tree) and runs the chain simulation properties there. For each bug it prints the property
# that failed and the command that replays the failure.
#
# Usage: scripts/plant-bugs.sh [-c chains] [-s shrinks] [patch ...]
#   -c chains   chains per bug, shared among the properties as in CI (default 1000)
#   -s shrinks  shrink attempts once a property fails (default 100; the tests use 400)
#   patch       patch files to plant (default: every scripts/planted-bugs/*.patch)
# The properties run one after another, and the first that fails ends the bug's run.
# Exits with 1 if a bug went uncaught or a patch no longer applies.
set -euo pipefail

chains=1000
shrinks=100
while getopts "c:s:" option; do
    case "$option" in
        c) chains="$OPTARG" ;;
        s) shrinks="$OPTARG" ;;
        *) echo "usage: $0 [-c chains] [-s shrinks] [patch ...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))

repo=$(git rev-parse --show-toplevel)
if [ "$#" -gt 0 ]; then
    patches=("$@")
else
    patches=("$repo"/scripts/planted-bugs/*.patch)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tillsync-planted-XXXXXX")
tree="$work/tree"
cleanup() {
    git -C "$repo" worktree remove --force "$tree" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
git -C "$repo" worktree add --quiet --detach "$tree" HEAD

properties=(
    "ChainSimulationProperties#chainsConvergeUnderNetworkFaults"
    "ChainRecoveryProperties#chainsConvergeAfterRestoresCopiesAndClockJumps"
    "ChainSimulationProperties#chainsOnRocksDbConvergeUnderNetworkFaults"
)
caught=0
missed=0
summary=()
for patch in "${patches[@]}"; do
    name=$(basename "$patch" .patch)
    git -C "$tree" checkout --quiet -- .
    if ! git -C "$tree" apply "$(realpath "$patch")"; then
        echo "$name: the patch no longer applies to HEAD; update it"
        summary+=("MISSED  $name: the patch no longer applies")
        missed=$((missed + 1))
        continue
    fi
    echo "$name: planted; running the chain simulation properties ($chains chains in all)"
    log="$work/$name.log"
    started=$SECONDS
    failure=""
    for property in "${properties[@]}"; do
        rm -rf "$tree/node/target/surefire-reports"
        (cd "$tree" && mvn -B -pl proto,node -am test -Dcheckstyle.skip -Dtest="$property" \
            -Dsurefire.failIfNoSpecifiedTests=false -Dtillsync.sim.chains="$chains" \
            -Dtillsync.sim.shrinks="$shrinks" >>"$log" 2>&1) || true
        reports="$tree/node/target/surefire-reports"
        failure=$(grep -h -m1 '^failure: ' "$reports"/*.txt 2>/dev/null | head -1 || true)
        if [ -n "$failure" ]; then
            failed=$(grep -h -m1 ' failed at chain ' "$reports"/*.txt | head -1)
            replay=$(grep -h -m1 '^replay with: ' "$reports"/*.txt | head -1)
            break
        fi
    done
    elapsed=$((SECONDS - started))
    if [ -n "$failure" ]; then
        echo "  CAUGHT after ${elapsed} s by ${failed%% failed at chain*}"
        echo "  $failure" | cut -c1-300
        echo "  $failed"
        echo "  $replay"
        summary+=("CAUGHT  $name: ${failure#failure: }")
        caught=$((caught + 1))
    else
        echo "  MISSED after ${elapsed} s: no property failed (log: tail of $log below)"
        tail -n 20 "$log"
        summary+=("MISSED  $name")
        missed=$((missed + 1))
    fi
done

echo
echo "planted bugs: $caught caught, $missed missed"
for line in "${summary[@]}"; do
    echo "  $line" | cut -c1-200
done
[ "$missed" -eq 0 ]
