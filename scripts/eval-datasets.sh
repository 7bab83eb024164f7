#!/usr/bin/env bash
# Scores `neardup cluster` against every labelled set in ../shared/datasets (or $DATASETS) with `neardup eval`.
# Usage: scripts/eval-datasets.sh [extra cluster options...]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
datasets=${DATASETS:-$here/../shared/datasets}
bin=${NEARDUP:-$here/.build/release/neardup}
[ -x "$bin" ] || { echo "build first: swift build -c release" >&2; exit 1; }
[ -d "$datasets" ] || { echo "no datasets at $datasets" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-34s %6s %9s %7s %7s %7s %7s %6s\n' dataset docs seconds P R F1 ARI clusters
for spec in iterater-doc-revisions:labels.tsv wikipedia-versions:labels.tsv clough-stevenson-short-answers:labels.tsv \
    clough-stevenson-short-answers:labels_strict.tsv ecbplus:labels.tsv ecbplus:labels_subtopic.tsv \
    newswcl50:labels.tsv msrp:labels.tsv; do
    name=${spec%%:*}
    labels=${spec#*:}
    [ -f "$datasets/$name/$labels" ] || continue
    start=$(date +%s.%N)
    "$bin" cluster "$datasets/$name/docs" --quiet --format tsv --report "$work/$name.json.gz" "$@" >"$work/$name.tsv" \
        || [ $? -eq 2 ]
    end=$(date +%s.%N)
    "$bin" eval --labels "$datasets/$name/$labels" "$work/$name.tsv" --format json >"$work/$name.eval.json"
    python3 - "$work/$name.eval.json" "$name/${labels%.tsv}" "$(echo "$end - $start" | bc)" "$work/$name.tsv" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
clusters = len({line.split('\t')[1] for line in open(sys.argv[4]).read().split('\n')[1:] if line})
print(f"{sys.argv[2]:<34} {e['documents']:>6} {float(sys.argv[3]):>9.2f} {e['precision']:>7.4f} {e['recall']:>7.4f} "
      f"{e['f1']:>7.4f} {e['adjustedRandIndex']:>7.4f} {clusters:>6}")
PY
done
