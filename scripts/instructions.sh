#!/usr/bin/env bash
# Instructions per operation of the host benchmarks (benches/counts.rs), counted by
# valgrind's cachegrind: unlike timings, the counts do not move with the machine's load, so
# two versions of the code compare on a shared machine. Each case runs twice, N1 and N2
# times; the difference divided by N2-N1 leaves out building the hosts.
#
# Usage: scripts/instructions.sh [CASE...]   (default: every case; needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "instructions.sh: needs valgrind" >&2; exit 2; }
bin=$(cargo bench --bench counts --no-run --message-format=json 2>/dev/null |
    grep '"name":"counts"' | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
[ -x "$bin" ] || { echo "instructions.sh: could not build benches/counts.rs" >&2; exit 1; }
cases=("$@")
[ ${#cases[@]} -gt 0 ] || read -r -a cases <<<"$("$bin" | sed -n 's/^cases: //p' | tr -d ,)"
count() {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 |
        sed -n 's/.*I *refs: *//p' | tr -d ,
}
printf '%-26s %14s\n' case instructions/op
for c in "${cases[@]}"; do
    case $c in fork-write-*|diff-*) n1=100 n2=1100 ;; *) n1=2 n2=12 ;; esac
    a=$(count "$c" $n1)
    b=$(count "$c" $n2)
    printf '%-26s %14d\n' "$c" $(((b - a) / (n2 - n1)))
done
