#!/usr/bin/env bash
# Mutation testing with cargo-mutants: changes the code one small edit at a time (a `!`
# deleted, `&&` made `||`, a function made to return a default) and runs the whole
# workspace's tests against each change. A change that no test notices ("missed") is
# behaviour nothing checks. Installs cargo-mutants if it is missing.
#
# Usage: scripts/mutants.sh [PATH...] [-- CARGO-MUTANTS-ARGS...]
#   PATH   source files or folders to mutate (default: the behaviour and rule modules,
#          sim/src/rdp sim/src/faults sim/src/security sim/src/services, the operations
#          layer sim/src/ops, and the knowledge base and its judge, src/kb)
#   after `--`, arguments for cargo-mutants itself, e.g. `-- --re server_credential` or
#   `-- --baseline=skip --iterate`
#
# MUTANTS_PASS chooses the tests each mutant runs (TESTING.md, "cheaper passes first"):
#   all       every test of the workspace (the default; what "missed" finally means)
#   unit      only the unit tests of the mutated file's package (`--lib`), with that build
#             at opt-level 0 and without debug info (a mutant builds in seconds), and a
#             60 s timeout (a mutant that makes a loop endless hangs)
#   features  only the Gherkin features (tests/bdd.rs)
#
# The source tree is never touched: the script copies the tracked and untracked (not
# ignored) files to a scratch tree that stays at the same place between runs
# ($MUTANTS_TREE, default $CARGO_TARGET_DIR/mutants-tree), and runs cargo-mutants there
# with --in-place, building into $CARGO_TARGET_DIR (default target/). The second run then
# builds incrementally, and the dependencies are shared with the ordinary build.
# MUTANTS_IN_PLACE=1 mutates the working tree itself instead (cargo-mutants puts each file
# back after its mutants), reusing the build you already have: edit nothing while it runs.
# One mutant at a time (cargo-mutants cannot run several in one tree): each builds winsim and every test
# binary, then runs every test. Configuration, with the reason for each exclusion:
# .cargo/mutants.toml. Results: $MUTANTS_OUT (default $CARGO_TARGET_DIR/mutants)/mutants.out,
# and the summary printed at the end (also in summary.txt there). Exit code: cargo-mutants'
# (0 all caught, 2 some missed, 3 some timed out, 4 the unmutated tests fail).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

paths=()
extra=()
while [ $# -gt 0 ]; do
    if [ "$1" = -- ]; then
        shift
        extra=("$@")
        break
    fi
    paths+=("$1")
    shift
done
if [ ${#paths[@]} -eq 0 ]; then
    paths=(sim/src/rdp sim/src/faults sim/src/security sim/src/services sim/src/ops)
    [ -d src/kb ] && paths+=(src/kb)
fi

case "${MUTANTS_PASS:-all}" in
    all) pass=() ;;
    unit)
        pass=(--test-workspace=false --cargo-arg=--lib
            --cargo-arg=--config=profile.dev.package.winsim.opt-level=0
            --cargo-arg=--config=profile.dev.package.winsim.debug=0)
        [[ " ${extra[*]} " == *" --timeout"* ]] || pass+=(--timeout 60)
        ;;
    features) pass=(--cargo-arg=--test=bdd) ;;
    *)
        echo "mutants.sh: MUTANTS_PASS is all, unit or features, not '$MUTANTS_PASS'" >&2
        exit 2
        ;;
esac

files=()
for p in "${paths[@]}"; do
    p=${p%/}
    if [ -d "$p" ]; then
        files+=(--file "$p/**/*.rs")
    elif [ -f "$p" ]; then
        files+=(--file "$p")
    else
        echo "mutants.sh: no file or folder '$p'" >&2
        exit 2
    fi
done

if ! cargo mutants --version >/dev/null 2>&1; then
    echo "mutants.sh: installing cargo-mutants" >&2
    cargo install --locked cargo-mutants
fi

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
tree=${MUTANTS_TREE:-$CARGO_TARGET_DIR/mutants-tree}
out=${MUTANTS_OUT:-$CARGO_TARGET_DIR/mutants}

mkdir -p "$out"
# proptest records every failure it finds, a mutant's too, under proptest-regressions/:
# in place, the files that were not there or not changed before the run are put back.
regressions() { git status --porcelain --untracked-files=all -- '*proptest-regressions/*' | cut -c4-; }
kept=$(regressions)
if [ "${MUTANTS_IN_PLACE:-0}" != 1 ]; then
    # A fresh copy each run (tar keeps the modification times, so cargo rebuilds only what
    # changed since the last run).
    rm -rf "$tree"
    mkdir -p "$tree"
    git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
        tar --null -T - -cf - | tar -xf - -C "$tree"
    cd "$tree"
fi
# The mutants the configuration leaves out, counted per file for the summary.
cargo mutants --workspace --list "${files[@]}" >"$out/listed.txt"
cargo mutants --workspace --list --no-config "${files[@]}" >"$out/all.txt"

start=$(date +%s)
status=0
cargo mutants --workspace --in-place --output "$out" \
    "${files[@]}" "${pass[@]}" "${extra[@]}" || status=$?
seconds=$(($(date +%s) - start))
if [ "${MUTANTS_IN_PLACE:-0}" = 1 ]; then
    regressions | grep -vxF -e "$kept" -e '' | while IFS= read -r f; do
        git ls-files --error-unmatch -- "$f" >/dev/null 2>&1 && git checkout -- "$f" || rm -f -- "$f"
    done || true
fi

# One row per file: caught, missed, unviable, timeout, and excluded by the configuration.
summary() {
    local dir=$out/mutants.out
    echo "cargo-mutants $(cargo mutants --version | awk '{print $2}'), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${seconds}s"
    printf '%-40s %7s %7s %9s %8s %9s\n' file caught missed unviable timeout excluded
    {
        for kind in caught missed unviable timeout; do
            if [ -f "$dir/$kind.txt" ]; then
                sed "s/^\([^:]*\):.*/\1 $kind/" "$dir/$kind.txt"
            fi
        done
        { grep -vxF -f "$out/listed.txt" "$out/all.txt" || true; } |
            sed 's/^\([^:]*\):.*/\1 excluded/'
    } | sort | awk '
        { n[$1, $2]++; total[$2]++; if ($1 != last) { files[++m] = $1; last = $1 } }
        function row(name, a, b, c, d, e) {
            printf "%-40s %7d %7d %9d %8d %9d\n", name, a, b, c, d, e
        }
        END {
            for (i = 1; i <= m; i++) {
                f = files[i]
                row(f, n[f, "caught"], n[f, "missed"], n[f, "unviable"], n[f, "timeout"],
                    n[f, "excluded"])
            }
            row("total", total["caught"], total["missed"], total["unviable"],
                total["timeout"], total["excluded"])
        }'
    # rustc's incremental builds at opt-level 1 now and then fail to link a mutant
    # (rust-lang/rust#81280): cargo-mutants calls that unviable, but nothing was learned.
    local linkfail
    linkfail=$(grep -l 'undefined hidden symbol' "$dir"/log/*.log 2>/dev/null |
        xargs -r sed -n '2s/^\*\*\* //p' || true)
    if [ -n "$linkfail" ]; then
        echo
        echo "unviable only because the build failed to link (rerun them alone):"
        echo "$linkfail"
    fi
    if [ -s "$dir/missed.txt" ]; then
        echo
        echo "missed:"
        cat "$dir/missed.txt"
    fi
}
summary | tee "$out/summary.txt"
exit "$status"
