#!/usr/bin/env bash
# End-to-end `neardup cluster` at growing corpus sizes: wall time, peak RSS and documents/s, to show how cost grows.
#
#   bench/scale.sh [SIZES...]        default: 10000 100000 1000000
#
# Corpora are synthetic reprint corpora (`neardup generate --synthetic`, word model trained on Reuters-21578 when
# ../shared/datasets is present), written once to ${NEARDUP_SCALE_DIR:-/tmp/neardup-scale} as JSON Lines.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
neardup=${NEARDUP:-$root/.build/release/neardup}
[ -x "$neardup" ] || (cd "$root" && swift build -c release >&2)
dir=${NEARDUP_SCALE_DIR:-/tmp/neardup-scale}
base=()
[ -d "$root/../shared/datasets/reuters21578/docs" ] && base=(--base "$root/../shared/datasets/reuters21578/docs")
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
echo "| documents | MB | wall s | documents/s | peak RSS MB | F1 | ARI |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for size in "${sizes[@]}"; do
    corpus=$dir/$size
    if [ ! -f "$corpus/corpus.jsonl" ]; then
        rm -rf "$corpus"
        "$neardup" generate "${base[@]}" --synthetic "$size" --layout jsonl --out "$corpus" --seed 1 >&2
    fi
    /usr/bin/time -f "%e %M" -o "$corpus/time" "$neardup" cluster "$corpus/corpus.jsonl" --quiet --format tsv \
        --report "$corpus/report.json.gz" > "$corpus/prediction.tsv" || [ $? -eq 2 ]
    read -r seconds kilobytes < <(tail -n 1 "$corpus/time")
    megabytes=$(( $(stat -c %s "$corpus/corpus.jsonl") / 1000000 ))
    score=$("$neardup" eval --labels "$corpus/labels.tsv" "$corpus/prediction.tsv" --format json \
        | python3 -c 'import json,sys; e=json.load(sys.stdin); print("%.4f | %.4f" % (e["f1"], e["adjustedRandIndex"]))')
    python3 -c "print(f'| {$size:,} | {$megabytes:,} | {$seconds:.1f} | {$size/$seconds:,.0f} | {$kilobytes/1024:,.0f} | $score |')"
done
