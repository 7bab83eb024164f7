#!/usr/bin/env bash
# Scores `neardup cluster` on a grid of generated reprint corpora: 12 edit mixes x 2 seeds, built from real base
# articles (default: Reuters-21578 in ../shared). Prints each corpus's pairwise P/R/F1, then the minimum and the mean.
# Bases are chosen and labelled by the generator's own rule (word 8-grams, see `neardup generate --help`), never by
# NearDup. Usage: scripts/eval-grid.sh [extra cluster options...]   (STORIES=N, SEEDS="1 2", BASE=DIR to change)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
base=${BASE:-$here/../shared/datasets/reuters21578/docs}
bin=${NEARDUP:-$here/.build/release/neardup}
stories=${STORIES:-1000}
seeds=${SEEDS:-"1 2"}
[ -x "$bin" ] || { echo "build first: swift build -c release" >&2; exit 1; }
[ -d "$base" ] || { echo "no base articles at $base" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mixes=(
    "default|"
    "heavy-updates|--variants update,word-edits --edits 1-2"
    "cut-short|--variants wire-short,drop-reorder --edits 1-2"
    "lost-breaks-ocr|--variants lost-breaks,ocr-noise --edits 2"
    "many-versions|--reprints 4-8"
    "templated-bases|--keep-all-bases"
    "treebank-quotes|--variants treebank,curly-quotes,word-edits --edits 1-3"
    "boilerplate-edits|--variants boilerplate,word-edits,update --edits 2-3"
    "one-edit|--edits 1"
    "three-edits|--edits 3"
    "many-templated|--reprints 2-8 --keep-all-bases"
    "hard-negatives|--negative-rate 0.9 --variants update,wire-short,word-edits"
)
printf '%-18s %4s %6s %7s %7s %7s\n' mix seed docs P R F1
results=()
for mix in "${mixes[@]}"; do
    name=${mix%%|*}
    options=${mix#*|}
    for seed in $seeds; do
        out="$work/$name-$seed"
        # shellcheck disable=SC2086
        "$bin" generate --base "$base" --out "$out" --stories "$stories" --seed "$seed" $options >/dev/null
        "$bin" cluster "$out/docs" --quiet --format tsv --report "$out/report.json.gz" "$@" >"$out/pred.tsv" \
            || [ $? -eq 2 ]
        "$bin" eval --labels "$out/labels.tsv" "$out/pred.tsv" --format json >"$out/eval.json"
        line=$(python3 -c "
import json, sys
e = json.load(open(sys.argv[1]))
print(f\"{e['documents']} {e['precision']:.4f} {e['recall']:.4f} {e['f1']:.4f}\")" "$out/eval.json")
        read -r docs p r f1 <<<"$line"
        printf '%-18s %4s %6s %7s %7s %7s\n' "$name" "$seed" "$docs" "$p" "$r" "$f1"
        results+=("$f1")
        rm -rf "$out/docs"
    done
done
printf '%s\n' "${results[@]}" | python3 -c "
import sys
values = [float(v) for v in sys.stdin.read().split()]
print(f'F1 minimum {min(values):.4f}, mean {sum(values) / len(values):.4f} over {len(values)} corpora')"
