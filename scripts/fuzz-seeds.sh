#!/usr/bin/env bash
# Rebuilds the fuzzers' seed corpus (fuzz/seeds/TARGET/) from the project's own inputs: the
# fixtures, the command lines and scripts of the features, and logs and fixtures that kbsim
# itself generates (`kbsim exec ... wevtutil qe /f:xml`, `kbsim export`). Seeds are kept small:
# a fuzzer grows its own corpus (fuzz/corpus/, not committed) from them.
#
# Usage: scripts/fuzz-seeds.sh   (from anywhere; needs a stable toolchain, iconv and sha1sum)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seeds=$root/fuzz/seeds
rm -rf "$seeds"
mkdir -p "$seeds"

cargo build --quiet --bin kbsim
kbsim() { "${CARGO_TARGET_DIR:-$root/target}/debug/kbsim" "$@"; }

# seed TARGET < bytes: stores stdin under its SHA-1, as libFuzzer names corpus files.
seed() {
    local dir=$seeds/$1 tmp
    mkdir -p "$dir"
    tmp=$(mktemp)
    cat >"$tmp"
    if [ -s "$tmp" ]; then
        chmod 644 "$tmp"
        mv "$tmp" "$dir/$(sha1sum "$tmp" | cut -c1-40)"
    else
        rm -f "$tmp"
    fi
}
utf16() { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE; }
as_utf8() { # a file that may be UTF-16 LE (BOM or not) as UTF-8
    if head -c2 "$1" | od -An -tx1 | grep -q 'ff fe'; then
        tail -c +3 "$1" | iconv -f UTF-16LE -t UTF-8
    elif [ "$(head -c2 "$1" | od -An -tx1 | awk '{print $2}')" = 00 ]; then
        iconv -f UTF-16LE -t UTF-8 <"$1"
    else
        cat "$1"
    fi
}

generated=$(mktemp -d)
trap 'rm -rf "$generated"' EXIT
kbsim export --fault machinekeys-deny-ace "$generated/fx" >/dev/null

# Fixture files, as they are and in the other encoding.
for f in fixtures/*/acl.txt tests/data/*/acl.txt; do seed icacls_save <"$f"; done
head -c 2000 "$generated/fx/acl.txt" | seed icacls_save
for f in fixtures/*/registry.reg tests/data/*/registry.reg; do
    seed regfile <"$f"
    as_utf8 "$f" | utf16 | seed regfile
done
as_utf8 "$generated/fx/registry.reg" | head -n 60 | utf16 | seed regfile
for f in fixtures/*/host.toml tests/data/*/host.toml "$generated/fx/host.toml"; do
    seed host_toml <"$f"
done
for f in fixtures/*/events.xml; do seed events_xml <"$f"; done

# SDDL: the DACL lines of the ACL files, and the descriptors the features name.
{
    for f in fixtures/*/acl.txt "$generated/fx/acl.txt"; do as_utf8 "$f" | tr -d '\r' | grep -E '^[OGD]:' | head -n 8; done
    grep -rhoE '`[OGD]:[^`]*`' features | tr -d '`'
} | sort -u | while IFS= read -r line; do printf '%s' "$line" | seed sddl; done

# Command lines and scripts of the features.
grep -rhoE 'I run `[^`]+`' features | sed -e 's/^I run `//' -e 's/`$//' | sort -u |
    while IFS= read -r line; do printf '%s' "$line" | seed cmd_line; done
for f in features/*/*.feature; do
    awk '/I run the cmd script:/ {want=1; next}
         want && /"""/ { if (inside) { exit } inside=1; next }
         inside { sub(/^      /, ""); print }' "$f" | seed batch
done
grep -rhoE 'I run `[^`]+`' features/shell | sed -e 's/^I run `//' -e 's/`$//' | seed batch

# PowerShell: the article's and published scripts, and the features' PowerShell scripts.
for f in fixtures/scripts/*.ps1; do seed powershell <"$f"; done
for f in features/*/*.feature; do
    awk '/I run the PowerShell script:/ {want=1; next}
         want && /"""/ { if (inside) { exit } inside=1; next }
         inside { sub(/^      /, ""); print }' "$f" | seed powershell
done

# Queries: the /q: selectors of the features, and a QueryList.
grep -rhoE '/q:"[^"]+"' features | sed -e 's/^\/q:"//' -e 's/"$//' | sort -u |
    while IFS= read -r q; do printf '%s' "$q" | seed xpath; done
printf '%s' '<QueryList><Query Id="0"><Select Path="System">*[System[EventID=36870]]</Select><Suppress Path="System">*[System[Level=4]]</Suppress></Query></QueryList>' | seed xpath

# Generated logs: what the host logs when faults break it, as wevtutil prints it.
for fault in machinekeys-acl certstore-deny rsa-key-missing tls10-disabled broker-renamed; do
    kbsim exec --fault "$fault" -- 'wevtutil qe System /c:4 /rd:true /f:xml' | seed events_xml || true
done

# EVTX: a real log (CC0, see FUZZING.md) kept under fuzz/evtx-seed, and its header alone.
for f in fuzz/evtx-seed/*.evtx; do seed evtx <"$f"; head -c 4096 "$f" | seed evtx; done

# Whole fixture directories, in the fuzz target's layout (`--- PATH` before each file).
for d in fixtures/*/ tests/data/*/; do
    {
        cat "$d/host.toml"
        for f in "$d"*; do
            name=${f#"$d"}
            [ "$name" = host.toml ] && continue
            printf '\n--- %s\n' "$name"
            cat "$f"
        done
    } | seed fixture_dir
done
printf '%s\n--- files/C/Data/note.txt\nhello\n--- acl.txt\nC:\\Data\\note.txt\nD:PAI(A;;FA;;;SY)\n' \
    "$(cat fixtures/healthy/host.toml)" | seed fixture_dir

du -sh "$seeds"
for d in "$seeds"/*/; do printf '%-12s %3d seeds\n' "$(basename "$d")" "$(ls "$d" | wc -l)"; done
