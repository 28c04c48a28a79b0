#!/usr/bin/env bash
# Reproduces docs/results/out-of-distribution.md: how well the out-of-distribution verdict tells
# broken inputs from clean test patients (evaluate's ood.md: clean patients flagged; AUROC for
# three times the units, a shift of 2 standard deviations, a random rotation of the codes; patients
# of cancer types the set never saw), for model sets trained here with the defaults on
# synthetic-pancancer (1,000 patients and whole; the subsample as bench/cohort-size.sh makes it; and
# both again without three cancer types), and on both real cohorts (raw).
#
#   bench/out-of-distribution.sh [SOURCE_DIR]    (about 35 min on 2 cores, most of it training)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT=bench/results/out-of-distribution
DOC=docs/results/out-of-distribution.md
SOURCE="${1:-../shared/datasets/synthetic-pancancer}"
WORK="${WORK:-bench/tmp/out-of-distribution}"
mkdir -p "$OUT" "$WORK" "$(dirname "$DOC")"

# name cohort models: sets trained here with the defaults (kept between runs)
runs=()
for n in 1000 10098; do
  if [[ ! -f "$WORK/models-$n/manifest.json" ]]; then
    rm -rf "$WORK/cohort-$n" "$WORK/models-$n" "$WORK/models-$n-audit-reference"
    bench/subsample-cohort.py "$SOURCE" "$n" "$WORK/cohort-$n" --seed 42
    bin/coherent train --cohort "$WORK/cohort-$n" --out "$WORK/models-$n" --seed 42 > "$OUT/train-$n.log" 2>&1
  fi
  runs+=("synthetic-$n $WORK/cohort-$n $WORK/models-$n")
done
# (d) another cohort: sets trained without three cancer types (seeded), against those types' test
# patients (as a TCGA project is one cancer type).
if [[ ! -f "$WORK/other-types/samples.tsv" ]]; then
  rm -rf "$WORK/kept-types" "$WORK/other-types"
  bench/hold-out-types.py "$SOURCE" "$WORK/kept-types" "$WORK/other-types" --types 3 --seed 42 > "$OUT/held-out-types.txt"
fi
held=$(cut -d: -f1 "$OUT/held-out-types.txt" | sed 's/held out //; s/, /-/g')
for n in 1000 all; do
  if [[ ! -f "$WORK/models-without-types-$n/manifest.json" ]]; then
    rm -rf "$WORK/cohort-without-types-$n" "$WORK/models-without-types-$n"
    bench/subsample-cohort.py "$WORK/kept-types" "$([[ $n == all ]] && echo 999999 || echo "$n")" \
      "$WORK/cohort-without-types-$n" --seed 42
    bin/coherent train --cohort "$WORK/cohort-without-types-$n" --out "$WORK/models-without-types-$n" --seed 42 \
      > "$OUT/train-without-types-$n.log" 2>&1
  fi
  runs+=("synthetic-$n-without-$held $WORK/cohort-without-types-$n $WORK/models-without-types-$n $WORK/other-types")
done
# Both real cohorts (raw: thresholds from training patients its encoders, refitted per fold, did not see).
for real in breast-tcga-mixomics tcga-acc-mini; do
  if [[ ! -f "$WORK/models-$real/manifest.json" ]]; then
    rm -rf "$WORK/models-$real"
    bin/coherent train --cohort "examples/data/$real" --out "$WORK/models-$real" --seed 42 > "$OUT/train-$real.log" 2>&1
  fi
  runs+=("$real examples/data/$real $WORK/models-$real")
done
for run in "${runs[@]}"; do
  read -r name cohort models other <<< "$run"
  # A set trained before the factor model existed gets it as training now fits it (same patients, seed).
  if [[ ! -f "$models/linear/factor-model.json" && ! -d "$models/encoders" ]]; then
    bin/coherent calibrate --cohort "$cohort" --models "$models" --out-of-distribution-only > "$OUT/$name-factor.log" 2>&1
  fi
  # The check scores every test patient without sampling; the evaluation around it is kept tiny.
  rm -rf "${OUT:?}/$name"
  bin/coherent evaluate --cohort "$cohort" --models "$models" --out "$OUT/$name" --draws 2 --steps 5 \
    --max-patients 4 ${other:+--other-cohort "$other"} > "$OUT/$name.log" 2>&1
done

{
  echo "# Out-of-distribution verdict: broken inputs against clean test patients"
  echo
  echo "Produced by \`bench/out-of-distribution.sh\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "model sets trained with the defaults. Each clean test patient is scored with every modality it has"
  echo "(\`OutOfDistributionScorer\`: the largest, over the patient's modalities, of the log-likelihood ratio"
  echo "log p(m) − log p(m | the others) under the set's factor model, set against the same largest ratio"
  echo "on held-out training patients with the same modalities (its median to its 99th percentile), or a"
  echo "modality's own distance from the training patients where it is beyond its 99.9th percentile), then"
  echo "with one modality's vector in three times its units, shifted by two standard deviations per feature,"
  echo "or rotated by a random orthogonal matrix (as codes of another encoder); *alone*: the rotated vector"
  echo "sent without the patient's other modalities (scored by its distance over its 99th percentile)."
  echo "*Other cohort*: sets trained without three cancer types (\`bench/hold-out-types.py\`, seed 42), whose"
  echo "clean test patients are set against the test patients of those types, each with all its modalities."
  for run in "${runs[@]}"; do
    read -r name cohort models other <<< "$run"
    echo
    echo "## $name"
    echo
    if [[ -f "$OUT/$name/ood.md" ]]; then
      tail -n +5 "$OUT/$name/ood.md"
    else
      echo "No verdict: $(grep -o 'no out-of-distribution verdict: [^;]*' "$OUT/train-$name.log" | head -1 | sed 's/no out-of-distribution verdict: //')."
    fi
  done
} > "$DOC.tmp"
if [[ -f "$DOC" ]] && grep -q '^<!-- discussion -->' "$DOC"; then
  sed -n '/^<!-- discussion -->/,$p' "$DOC" >> "$DOC.tmp"
fi
mv "$DOC.tmp" "$DOC"
echo "wrote $DOC"
