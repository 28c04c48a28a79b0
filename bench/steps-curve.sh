#!/usr/bin/env bash
# Reproduces docs/results/performance-steps.md: quality against the number of DDIM steps on
# synthetic-pancancer with the paper-config model set (train it first with bench/synthetic-pancancer.sh).
#
#   bench/steps-curve.sh [COHORT_DIR]     (PATIENTS=100 DRAWS=10 by default; ONLY_REPORT=1 rewrites the doc)
#
# For both step variances (fixed, analytic), η = 0 and η = 1 and 10, 20, 50, 100, 250, 1000 steps:
# `coherent evaluate` on the same seeded subset of test patients with the same seed. Per row (target,
# condition set) the best method's r2 and coverage90 are compared with the 1000-step fixed-variance
# run of the same η (the reference sampler). Runs go in order of importance (the 50-step and
# 1000-step comparisons first), so an interrupted run still answers the main question; about 1.5 h on 2 cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COHORT="${1:-../shared/datasets/synthetic-pancancer}"
MODELS="${MODELS:-models/paper-synthetic}"
PATIENTS="${PATIENTS:-100}"
DRAWS="${DRAWS:-10}"
STEPS=(10 20 50 100 250 1000)
OUT=bench/results/steps-curve
DOC=docs/results/performance-steps.md
mkdir -p "$OUT"

RUNS=()
for eta in 1 0; do RUNS+=("analytic $eta 50" "fixed $eta 1000" "fixed $eta 50"); done
for variance in analytic fixed; do
  for eta in 1 0; do
    for s in 10 20 100 250; do RUNS+=("$variance $eta $s"); done
  done
done
RUNS+=("analytic 1 1000" "analytic 0 1000")

for spec in "${RUNS[@]}"; do
  read -r variance eta s <<< "$spec"
  run="$variance-eta$eta-steps$s"
  [[ -f "$OUT/$run/evaluation.tsv" || -n "${ONLY_REPORT:-}" ]] && continue
  start=$(date +%s.%N)
  bin/coherent evaluate --cohort "$COHORT" --models "$MODELS" --out "$OUT/$run" --draws "$DRAWS" \
    --max-patients "$PATIENTS" --sampler ddim --steps "$s" --eta "$eta" --variance "$variance" --seed 42 > /dev/null
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", b - a }' > "$OUT/$run/wall.seconds"
  echo "$run done in $(cat "$OUT/$run/wall.seconds") s" >&2
done

# best.tsv per run: target condition r2 coverage90 of the method with the highest r2 per row.
best() {
  awk -F'\t' 'NR>1 { k=$1 "\t" $2; if (!(k in r) || $4 > r[k]) { r[k]=$4; c[k]=$8 } }
              END { for (k in r) print k "\t" r[k] "\t" c[k] }' "$1" | sort
}
keyed() { best "$1" | awk -F'\t' '{print $1 "|" $2 "\t" $3 "\t" $4}'; }
{
  echo "# Quality against DDIM steps: synthetic-pancancer, paper config"
  echo
  echo "Produced by \`bench/steps-curve.sh\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg). $PATIENTS seeded test patients, $DRAWS antithetic draws, seed 42,"
  echo "model set \`$MODELS\` ($(grep -m1 '"version"' "$MODELS/manifest.json" | cut -d'"' -f4))."
  echo "Per row (target and condition set, 28 rows) the best method's r2 and coverage90; Δ against the"
  echo "reference sampler: 1000 steps, fixed variance, same η. Wall time is the whole \`coherent evaluate\`"
  echo "run (56 method rows, including reading the cohort and fitting the linear baseline)."
  for variance in fixed analytic; do
    for eta in 0 1; do
      ref="$OUT/fixed-eta$eta-steps1000/evaluation.tsv"
      [[ -f "$ref" ]] || continue
      ls "$OUT"/$variance-eta$eta-steps*/evaluation.tsv > /dev/null 2>&1 || continue
      echo
      echo "## $variance variance, η = $eta"
      echo
      echo "| steps | mean r2 | min Δr2 | rows with Δr2 ≥ −0.01 | mean coverage90 | Δ mean coverage90 | min Δcoverage90 | wall (s) |"
      echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
      for s in "${STEPS[@]}"; do
        run="$OUT/$variance-eta$eta-steps$s"
        [[ -f "$run/evaluation.tsv" ]] || continue
        join -t $'\t' <(keyed "$run/evaluation.tsv") <(keyed "$ref") |
          awk -F'\t' -v s="$s" -v wall="$(cat "$run/wall.seconds")" '
            { n++; r+=$2; c+=$3; cr+=$5; d=$2-$4; dc=$3-$5
              if (n==1 || d<md) md=d; if (n==1 || dc<mdc) mdc=dc; if (d >= -0.01) ok++ }
            END { printf "| %d | %.4f | %+.4f | %d/%d | %.3f | %+.3f | %+.3f | %.0f |\n", s, r/n, md, ok, n, c/n, (c-cr)/n, mdc, wall }'
      done
    done
  done
  if [[ -f "$OUT/analytic-eta1-steps50/evaluation.tsv" && -f "$OUT/fixed-eta1-steps50/evaluation.tsv" \
        && -f "$OUT/fixed-eta1-steps1000/evaluation.tsv" ]]; then
    echo
    echo "## Per row at 50 steps, η = 1"
    echo
    echo "| target | condition | r2 fixed | r2 analytic | r2 1000 | cov90 fixed | cov90 analytic | cov90 1000 |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    join -t $'\t' <(keyed "$OUT/fixed-eta1-steps50/evaluation.tsv") <(keyed "$OUT/analytic-eta1-steps50/evaluation.tsv") |
      join -t $'\t' - <(keyed "$OUT/fixed-eta1-steps1000/evaluation.tsv") |
      awk -F'\t' '{ split($1, k, "|"); printf "| %s | %s | %.4f | %.4f | %.4f | %.3f | %.3f | %.3f |\n", k[1], k[2], $2, $4, $6, $3, $5, $7 }'
  fi
} > "$DOC.tmp"
if [[ -f "$DOC" ]] && grep -q '^<!-- discussion -->' "$DOC"; then
  sed -n '/^<!-- discussion -->/,$p' "$DOC" >> "$DOC.tmp"
fi
mv "$DOC.tmp" "$DOC"
echo "wrote $DOC"
