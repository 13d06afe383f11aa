#!/usr/bin/env bash
# Runs the fuzz targets (fuzz/, cargo-fuzz on the nightly toolchain) one after another and
# prints what each did. Installs cargo-fuzz if it is missing.
#
# Usage: scripts/fuzz.sh [TARGET] [SECONDS]
#   TARGET   one target (see `cargo fuzz list` in fuzz/), or `all` (the default)
#   SECONDS  how long each target runs (default 60)
#
# Each target starts from the committed seeds (fuzz/seeds/TARGET) and its own growing corpus
# (fuzz/corpus/TARGET, not committed), with one job, 2 GiB of memory and 10 seconds an input.
# A crash, timeout or out-of-memory stops that target with its input saved under
# fuzz/artifacts/TARGET/; the script then goes on and exits non-zero at the end.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

target=${1:-all}
seconds=${2:-60}
case $seconds in '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a number, not '$seconds'" >&2; exit 2 ;; esac

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz.sh: the nightly toolchain is needed: rustup toolchain install nightly" >&2
    exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing cargo-fuzz" >&2
    cargo install cargo-fuzz
fi

all=$(cargo +nightly fuzz list)
if [ "$target" = all ]; then
    targets=$all
elif grep -qx -- "$target" <<<"$all"; then
    targets=$target
else
    echo "fuzz.sh: no target '$target'; the targets are:" $all >&2
    exit 2
fi

# winsim is safe Rust: no sanitizer, so the runs measure the parsers, not the instrumentation.
if [ "$target" = all ]; then
    cargo +nightly fuzz build -s none
else
    cargo +nightly fuzz build -s none "$target"
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
failed=0
for t in $targets; do
    mkdir -p "corpus/$t" "seeds/$t"
    echo "== $t: ${seconds}s" >&2
    start=$(date +%s)
    if cargo +nightly fuzz run -s none "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$seconds" -jobs=1 -workers=1 \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 >"$logs/$t" 2>&1; then
        status=ok
    else
        status=FAILED
        failed=1
        tail -n 40 "$logs/$t" >&2
    fi
    elapsed=$(($(date +%s) - start))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t" | tail -n1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t" | tail -n1)
    cov=$(grep -oE 'cov: [0-9]+' "$logs/$t" | tail -n1 | cut -d' ' -f2)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "${runs:-?}" "${rate:-?}" "${cov:-?}" "$elapsed" "$status" >>"$logs/summary"
done

echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
{
    printf 'target\texecutions\texec/s\tcoverage\tseconds\tresult\n'
    cat "$logs/summary"
} | column -t -s "$(printf '\t')"
exit $failed
