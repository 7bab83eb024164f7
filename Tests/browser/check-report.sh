#!/usr/bin/env bash
# Renders the seeds' HTML report in headless Chromium, asserts on the DOM after its script ran, and saves a
# screenshot.
#
#   Tests/browser/check-report.sh [--install] [--screenshot FILE.png]
#
# Without a browser it says so and exits 0 (unless --install, which installs Debian's chromium first).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
install=0
screenshot=""
while [ $# -gt 0 ]; do
    case $1 in
        --install) install=1; shift ;;
        --screenshot) screenshot=$2; shift 2 ;;
        *) echo "usage: $0 [--install] [--screenshot FILE.png]" >&2; exit 64 ;;
    esac
done
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] && [ "$install" = 1 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq chromium || { apt-get update -qq && apt-get install -y -qq chromium; }
    browser=$(command -v chromium)
fi
if [ -z "$browser" ]; then
    echo "browser check skipped: no chromium installed (run with --install)"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
swift build -c release >&2
.build/release/neardup cluster corpora/seeds --quiet --report "$work/seeds.json.gz" --html "$work/seeds.html" >/dev/null
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1300)
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$work/seeds.html" > "$work/dom.html" 2>/dev/null
python3 - "$work/dom.html" <<'PY'
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
def between(start, end):
    i = dom.index(start)
    return dom[i:dom.index(end, i)]
rows = between('<tbody id="cluster-rows">', "</tbody>")
detail = between('<div id="cluster-detail"', "</section>")
checks = {
    "one multi-member cluster listed (singletons hidden)": rows.count("<tr") == 1,
    "its row names the BBC pair's cluster": "c3bcb0256b41ebcc4" in rows,
    "the status line counts it": "1 cluster matches" in dom,
    "the BBC pair is opened side by side": "003_51a1bab3c6050887 (reprint) beside 004_9d74470b06875570" in detail,
    "shared passages highlighted (>= 15 <mark>)": detail.count("<mark>") >= 15,
    "paragraphs in one version only are marked": detail.count("only in 0") >= 10,
    "two histograms": dom.count('role="img"') == 2,
    "four paragraph links": dom.count('class="open-link"') == 4,
    "no unescaped document markup": "<script>alert" not in dom,
}
failed = [name for name, ok in checks.items() if not ok]
for name, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + name)
sys.exit(1 if failed else 0)
PY
if [ -n "$screenshot" ]; then
    timeout 120 "$browser" "${flags[@]}" --screenshot="$screenshot" "file://$work/seeds.html" 2>/dev/null
    echo "screenshot: $screenshot"
fi
echo "browser check passed"
