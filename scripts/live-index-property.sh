#!/bin/sh
# Runs the live index's exactness property test with more random batch/removal sequences than CI does.
#   scripts/live-index-property.sh [SEQUENCES]     (default 1000 per configuration; CI runs 70)
set -eu
cd "$(dirname "$0")/.."
NEARDUP_LIVE_SEQUENCES="${1:-1000}" swift test --filter "LiveIndexTests/randomBatchesAndRemovalsMatchTheOneShotEngine"
