#!/usr/bin/env bash
# Reproduces docs/results/cohort-size.md: synthetic-pancancer subsampled to the sizes real studies
# have (250, 500, 1,000, 2,500) and whole (10,098 patients), all scored on the same 1,377 test
# patients, with the defaults only: `coherent train` without --config (auto) and `coherent
# evaluate --draws 20 --sampler ddim --steps 100` (the rest default).
#
#   bench/cohort-size.sh [SOURCE_DIR]     (default ../shared/datasets/synthetic-pancancer)
#   SIZES="250 1000" bench/cohort-size.sh  (a subset of the sizes; BUILD_COMMIT names the commit of a
#                                           build copied for COHERENT_JAR)
#
# About 1-1.5 h on 2 cores, most of it the whole cohort. A size whose evaluation exists is kept
# (delete bench/results/cohort-size/eval-<n> to redo it). Needs python3 (subsampling, the report).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SOURCE="${1:-../shared/datasets/synthetic-pancancer}"
SIZES="${SIZES:-250 500 1000 2500 10098}"
OUT=bench/results/cohort-size
DOC=docs/results/cohort-size.md
WORK="${WORK:-bench/tmp/cohort-size}"
mkdir -p "$OUT" "$WORK" "$(dirname "$DOC")"

for n in $SIZES; do
  if [[ -f "$OUT/eval-$n/evaluation.tsv" ]]; then
    continue
  fi
  cohort="$WORK/cohort-$n"
  rm -rf "$cohort" "$WORK/models-$n" "$WORK/models-$n-audit-reference"
  bench/subsample-cohort.py "$SOURCE" "$n" "$cohort" --seed 42
  start=$(date +%s)
  bin/coherent train --cohort "$cohort" --out "$WORK/models-$n" --seed 42 2> "$OUT/train-$n.log" \
    | tail -n 3 > "$OUT/train-$n.out"
  echo $(( $(date +%s) - start )) > "$OUT/train-$n.seconds"
  bin/coherent describe --models "$WORK/models-$n" > "$OUT/model-set-$n.md"
  cp "$WORK/models-$n/manifest.json" "$OUT/manifest-$n.json"
  start=$(date +%s)
  bin/coherent evaluate --cohort "$cohort" --models "$WORK/models-$n" --out "$OUT/eval-$n" \
    --draws 20 --sampler ddim --steps 100 2> "$OUT/eval-$n.log"
  echo $(( $(date +%s) - start )) > "$OUT/eval-$n.seconds"
  # Progress bars redraw with carriage returns; the logs keep only the lines.
  tr '\r' '\n' < "$OUT/train-$n.log" | grep -v '^train ' > "$OUT/train-$n.log.tmp" || true
  mv "$OUT/train-$n.log.tmp" "$OUT/train-$n.log"
done

python3 bench/cohort-size-report.py "$OUT" $SIZES > "$DOC.tmp"
# Keep the hand-written discussion below the generated part, if any.
if [[ -f "$DOC" ]] && grep -q '^<!-- discussion -->' "$DOC"; then
  sed -n '/^<!-- discussion -->/,$p' "$DOC" >> "$DOC.tmp"
fi
mv "$DOC.tmp" "$DOC"
echo "wrote $DOC"
