#!/usr/bin/env bash
# NearDup and every peer on each labelled set in ../shared/datasets (or $DATASETS): one table per set.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
datasets=${DATASETS:-$here/../../../shared/datasets}
for spec in iterater-doc-revisions:labels.tsv wikipedia-versions:labels.tsv clough-stevenson-short-answers:labels.tsv \
    ecbplus:labels_subtopic.tsv ecbplus:labels.tsv newswcl50:labels.tsv; do
    name=${spec%%:*}
    labels=${spec#*:}
    [ -f "$datasets/$name/$labels" ] || { echo "skipping $name (not present)" >&2; continue; }
    echo "### $name ($labels)"
    echo
    "$here/run.sh" "$datasets/$name/docs" "$datasets/$name/$labels" "$@" 2>/dev/null
    echo
done
