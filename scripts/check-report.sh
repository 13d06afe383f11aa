#!/usr/bin/env bash
# Opens the HTML report of the Gherkin run in headless Chromium, checks that it lists every
# scenario of features/ with the failures (if any) on top, and saves a screenshot so that its
# look is reviewed, not guessed. Not part of `cargo test`.
#
# Usage: scripts/check-report.sh [REPORT.html [SCREENSHOT.png]]
# Default: the report `cargo test` leaves under the target directory ($CARGO_TARGET_DIR or
# target/); when it is missing, the Gherkin run (`cargo test --test bdd`) writes it first.
# Chromium comes from the Debian package when the machine lacks it (apt-get, as root).
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-target}"
report="${1:-$target/kbsim-report.html}"
shot="${2:-${report%.html}.png}"

if [ ! -f "$report" ]; then
  echo "== $report is missing: running the features (cargo test --test bdd)"
  # A failing feature still writes the report, which is what this script is for.
  cargo test --test bdd >/dev/null || true
fi
[ -f "$report" ] || { echo "error: no report at $report" >&2; exit 1; }

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "== installing Chromium (apt-get install chromium)"
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    browser="$(command -v chromium)"
  else
    echo "error: headless Chromium is needed (Debian: apt-get install chromium)" >&2
    exit 2
  fi
fi

url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
# --no-sandbox: the sandbox cannot start as root in a container; the page is our own file.
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run)

dom="$("$browser" "${flags[@]}" --dump-dom "$url" 2>/dev/null)"
listed="$( (grep -o '<div class="scenario[^"]*" id=' <<<"$dom" || true) | wc -l)"
# A scenario is a `Scenario:` (or `Example:`), or a row of an outline's `Examples:` table
# (the first row of each table names its columns).
written="$(find features -name '*.feature' -print0 | xargs -0 awk '
  FNR == 1 { table = 0 }
  /^[[:space:]]*(Scenario|Example):/ { n++; table = 0; next }
  /^[[:space:]]*(Scenario Outline|Scenario Template|Rule|Feature|Background):/ { table = 0; next }
  /^[[:space:]]*(Examples|Scenarios):/ { table = 1; header = 1; next }
  table && /^[[:space:]]*\|/ { if (header) header = 0; else n++; next }
  END { print n + 0 }')"
if [ "$listed" -ne "$written" ]; then
  echo "error: the report lists $listed scenarios; features/ has $written" >&2
  exit 1
fi
failed="$( (grep -o '<div class="scenario failed"' <<<"$dom" || true) | wc -l)"
if [ "$failed" -gt 0 ] && ! grep -q '<div class="failures">' <<<"$dom"; then
  echo "error: $failed scenarios failed but the report has no failures section on top" >&2
  exit 1
fi

"$browser" "${flags[@]}" --window-size=1280,2000 --screenshot="$shot" "$url" 2>/dev/null
echo "report: $report ($listed scenarios, $failed failed)"
echo "screenshot: $shot"
