#!/usr/bin/env bash
# NearDup beside its peers on one corpus, in one run.
#
#   bench/peers/run.sh CORPUS [LABELS.tsv] [--threshold T] [--methods "datasketch rensa ..."]
#
# CORPUS is a folder with docs/*.txt (or *.txt directly) or a .jsonl file. The script makes its own venv
# (${NEARDUP_PEERS_VENV:-bench/peers/.venv}) with datasketch, rensa, gaoya and simhash from PyPI, runs each peer with
# the same shingles, threshold and union-find, runs NearDup, scores every result with `neardup eval` when labels are
# given, and prints docs/s, peak RSS, P/R/F1/ARI and NearDup's speed ratio to each peer, with the read-only floor
# (cat of every input file).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=${1:?usage: run.sh CORPUS [LABELS] [--threshold T] [--methods "..."]}
shift
labels=""
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then labels=$1; shift; fi
threshold=0.5
methods="datasketch rensa gaoya simhash exact-jaccard exact-containment"
while [ $# -gt 0 ]; do
    case $1 in
        --threshold) threshold=$2; shift 2 ;;
        --methods) methods=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
    esac
done
venv=${NEARDUP_PEERS_VENV:-$here/.venv}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check datasketch rensa simhash redis
    "$venv/bin/pip" install -q --disable-pip-version-check gaoya || echo "gaoya did not install; skipping it" >&2
fi
neardup=${NEARDUP:-$root/.build/release/neardup}
[ -x "$neardup" ] || (cd "$root" && swift build -c release >&2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

files=$corpus
[ -d "$corpus/docs" ] && files=$corpus/docs
floor=""
if [ -d "$files" ]; then
    start=$(date +%s.%N); find "$files" -name '*.txt' -exec cat {} + > /dev/null; end=$(date +%s.%N)
    floor=$(echo "$end - $start" | bc)
fi

rows=()
for method in $methods; do
    if ! "$venv/bin/python" -c "import ${method%%-*}" 2>/dev/null && [ "${method#exact}" = "$method" ]; then
        echo "skipping $method (not installed)" >&2; continue
    fi
    "$venv/bin/python" "$here/peers.py" "$method" "$corpus" "$work/$method.tsv" --threshold "$threshold" >&2
    rows+=("$method")
done
/usr/bin/time -f "%e %M" -o "$work/neardup.time" "$neardup" cluster "$files" --quiet --format tsv \
    --report "$work/neardup.json.gz" > "$work/neardup.tsv" || [ $? -eq 2 ]
read -r seconds kilobytes < <(tail -n 1 "$work/neardup.time")
documents=$(($(wc -l < "$work/neardup.tsv") - 1))
printf '{"method": "neardup", "documents": %d, "seconds": %s, "peakBytes": %d}\n' "$documents" "$seconds" \
    $((kilobytes * 1024)) > "$work/neardup.tsv.json"
rows+=("neardup")

for method in "${rows[@]}"; do
    if [ -n "$labels" ]; then
        "$neardup" eval --labels "$labels" "$work/$method.tsv" --format json > "$work/$method.eval.json"
    else
        echo '{}' > "$work/$method.eval.json"
    fi
done
python3 - "$work" "$floor" "${rows[@]}" <<'PY'
import json, sys
work, floor, methods = sys.argv[1], sys.argv[2], sys.argv[3:]
stats = {m: json.load(open(f"{work}/{m}.tsv.json")) for m in methods}
scores = {m: json.load(open(f"{work}/{m}.eval.json")) for m in methods}
ours = stats["neardup"]["documents"] / max(stats["neardup"]["seconds"], 1e-9)
def f(value): return f"{value:.4f}" if isinstance(value, (int, float)) else "—"
print(f"| method | docs | seconds | docs/s | peak RSS MB | P | R | F1 | ARI | NearDup speed ratio |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for m in methods:
    s, e = stats[m], scores[m]
    rate = s["documents"] / max(s["seconds"], 1e-9)
    ratio = "—" if m == "neardup" else f"{ours / rate:.1f}×"
    print(f"| {m} | {s['documents']} | {s['seconds']:.2f} | {rate:,.0f} | {s['peakBytes'] / 2**20:,.0f} | "
          f"{f(e.get('precision'))} | {f(e.get('recall'))} | {f(e.get('f1'))} | {f(e.get('adjustedRandIndex'))} | {ratio} |")
if floor:
    print(f"\nread-only floor (cat of every input file): {float(floor):.2f} s")
PY
