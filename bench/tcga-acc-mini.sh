#!/usr/bin/env bash
# Reproduces docs/results/tcga-acc-mini.md: 5-fold cross-validation over the 92 patients of the real
# TCGA ACC cohort, raw-space R² of every target from every condition set, next to a feature-mean
# and a KNN baseline, once with PCA codes (the shipped examples/data/tcga-acc-mini/cohort.json)
# and once with the paper's autoencoders (preprocessing-autoencoder.json).
#
#   bench/tcga-acc-mini.sh            (about 10-20 min on 2 cores; COHERENT_JAR runs a copied build)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COHORT=examples/data/tcga-acc-mini
OUT=bench/results/tcga-acc-mini
DOC=docs/results/tcga-acc-mini.md
mkdir -p "$OUT" "$(dirname "$DOC")"
# Small denoisers, 10 antithetic draws of stochastic DDIM 50 steps: the cohort is tiny, the point
# is an honest comparison with the baselines, not the paper's budget.
COMMON=(--cohort "$COHORT" --folds 5 --config small --draws 10 --sampler ddim --steps 50 --eta 1 --variance fixed --seed 42)

# A run whose report exists is kept (delete bench/results/tcga-acc-mini/<run>.md to redo it).
if [[ ! -f "$OUT/pca.md" ]]; then
  bin/coherent cross-validate "${COMMON[@]}" --out "$OUT" --name pca 2> "$OUT/pca.log"
fi
if [[ ! -f "$OUT/autoencoder.md" ]]; then
  bin/coherent cross-validate "${COMMON[@]}" --preprocessing "$COHORT/preprocessing-autoencoder.json" \
    --out "$OUT" --name autoencoder 2> "$OUT/autoencoder.log"
fi
# Progress bars redraw with carriage returns; the logs keep only the lines.
for log in "$OUT"/pca.log "$OUT"/autoencoder.log; do
  if [[ -f "$log" ]]; then tr '\r' '\n' < "$log" | grep -v '^train ' > "$log.tmp" || true; mv "$log.tmp" "$log"; fi
done

{
  echo "# tcga-acc-mini: raw data end to end, 5-fold cross-validation"
  echo
  echo "Produced by \`bench/tcga-acc-mini.sh\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))."
  echo "Two runs with the same folds and seeds: PCA codes (\`cohort.json\`) and the paper's autoencoders"
  echo "(\`preprocessing-autoencoder.json\`). The discussion is at the end (section \"What the numbers say\")."
  for run in pca autoencoder; do
    echo
    echo "## Run \`$run\`"
    echo
    tail -n +3 "$OUT/$run.md"
  done
} > "$DOC.tmp"
# Keep the hand-written discussion below the generated part, if any.
if [[ -f "$DOC" ]] && grep -q '^<!-- discussion -->' "$DOC"; then
  sed -n '/^<!-- discussion -->/,$p' "$DOC" >> "$DOC.tmp"
fi
mv "$DOC.tmp" "$DOC"
echo "wrote $DOC"
