#!/usr/bin/env bash
# Reproduces docs/results/synthetic-pancancer.md: the `paper` config on the full synthetic cohort.
#
#   bench/synthetic-pancancer.sh [COHORT_DIR]     (default ../shared/datasets/synthetic-pancancer)
#
# Trains the model set into models/paper-synthetic unless it is already there, then evaluates the
# whole test split with 20 draws and stochastic DDIM 100 steps, in antithetic pairs (the default)
# and independently; then 300 test patients with the 1000-step DDPM sampler and with deterministic
# DDIM. About an hour on 2 cores; results land in bench/results/ and the doc.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COHORT="${1:-../shared/datasets/synthetic-pancancer}"
MODELS="${MODELS:-models/paper-synthetic}"
OUT=bench/results/synthetic-pancancer
DOC=docs/results/synthetic-pancancer.md
mkdir -p "$OUT" "$(dirname "$DOC")"

timed() { # timed NAME CMD...: runs CMD, records its wall time in $OUT/NAME.seconds
  local name=$1; shift
  local start=$(date +%s)
  "$@"
  echo $(( $(date +%s) - start )) > "$OUT/$name.seconds"
}

if [[ ! -f "$MODELS/manifest.json" ]]; then
  timed train bin/coherent train --cohort "$COHORT" --out "$MODELS" --config paper --seed 42 2> "$OUT/train.progress"
fi
bin/coherent describe --models "$MODELS" > "$OUT/model-set.md"
timed ddim100-eta1 bin/coherent evaluate --cohort "$COHORT" --models "$MODELS" --out "$OUT/ddim100-eta1" \
  --draws 20 --sampler ddim --steps 100 --eta 1 --variance fixed
timed ddim100-eta1-independent bin/coherent evaluate --cohort "$COHORT" --models "$MODELS" \
  --out "$OUT/ddim100-eta1-independent" --draws 20 --sampler ddim --steps 100 --eta 1 --variance fixed --independent-draws
timed ddpm-300 bin/coherent evaluate --cohort "$COHORT" --models "$MODELS" --out "$OUT/ddpm-300" \
  --draws 20 --sampler ddpm --max-patients 300
timed ddim100-eta0-300 bin/coherent evaluate --cohort "$COHORT" --models "$MODELS" --out "$OUT/ddim100-eta0-300" \
  --draws 20 --sampler ddim --steps 100 --eta 0 --variance fixed --max-patients 300

{
  echo "# synthetic-pancancer, paper config"
  echo
  echo "Produced by \`bench/synthetic-pancancer.sh\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))."
  echo "Training wall time: $(cat "$OUT/train.seconds" 2>/dev/null || echo 'see below') s."
  echo "The summary and discussion are at the end (section \"What the numbers say\")."
  echo
  echo "## Model set"
  echo
  cat "$OUT/model-set.md"
  for run in ddim100-eta1 ddim100-eta1-independent ddpm-300 ddim100-eta0-300; do
    echo
    echo "## Run \`$run\` (wall time $(cat "$OUT/$run.seconds") s)"
    echo
    tail -n +2 "$OUT/$run/evaluation.md"
  done
} > "$DOC.tmp"
# Keep the hand-written discussion below the generated part, if any.
if [[ -f "$DOC" ]] && grep -q '^<!-- discussion -->' "$DOC"; then
  sed -n '/^<!-- discussion -->/,$p' "$DOC" >> "$DOC.tmp"
fi
mv "$DOC.tmp" "$DOC"
echo "wrote $DOC"
