#!/usr/bin/env bash
# Reproduces docs/results/performance-steps.md: quality against the number of DDIM steps on
# synthetic-pancancer with the paper-config model set (train it first with bench/synthetic-pancancer.sh).
#
#   bench/steps-curve.sh [COHORT_DIR]     (PATIENTS=100 DRAWS=10 by default; ONLY_REPORT=1 rewrites the doc)
#
# For η = 0 and η = 1 and 10, 20, 50, 100, 250, 1000 steps: `coherent evaluate` on the same seeded
# subset of test patients with the same seed. Per row (target, condition set) the best method's r2
# and coverage90 are compared with the 1000-step run of the same η. About an hour on 2 cores.
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

# Step-major, so that the cheap points exist first; the doc uses whatever runs are complete.
for s in "${STEPS[@]}"; do
  for eta in 0 1; do
    run="eta$eta-steps$s"
    [[ -f "$OUT/$run/evaluation.tsv" || -n "${ONLY_REPORT:-}" ]] && continue
    start=$(date +%s.%N)
    bin/coherent evaluate --cohort "$COHORT" --models "$MODELS" --out "$OUT/$run" --draws "$DRAWS" \
      --max-patients "$PATIENTS" --sampler ddim --steps "$s" --eta "$eta" --seed 42 > /dev/null
    awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", b - a }' > "$OUT/$run/wall.seconds"
    echo "$run done in $(cat "$OUT/$run/wall.seconds") s" >&2
  done
done

# best.tsv per run: target condition r2 coverage90 of the method with the highest r2 per row.
best() {
  awk -F'\t' 'NR>1 { k=$1 "\t" $2; if (!(k in r) || $4 > r[k]) { r[k]=$4; c[k]=$8 } }
              END { for (k in r) print k "\t" r[k] "\t" c[k] }' "$1" | sort
}
{
  echo "# Quality against DDIM steps: synthetic-pancancer, paper config"
  echo
  echo "Produced by \`bench/steps-curve.sh\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg). $PATIENTS seeded test patients, $DRAWS antithetic draws, seed 42."
  echo "Per row (target and condition set, 28 rows) the best method's r2 and coverage90; Δ against the"
  echo "longest run with the same η (1000 steps once complete). Wall time is the whole \`coherent evaluate\`"
  echo "run (56 method rows, including reading the cohort and fitting the linear baseline)."
  for eta in 0 1; do
    refSteps=""
    for s in "${STEPS[@]}"; do [[ -f "$OUT/eta$eta-steps$s/evaluation.tsv" ]] && refSteps=$s; done
    [[ -z "$refSteps" ]] && continue
    ref="$OUT/eta$eta-steps$refSteps/evaluation.tsv"
    echo
    echo "## η = $eta"
    echo
    echo "| steps | mean r2 | min Δr2 vs $refSteps | rows with Δr2 ≥ −0.01 | mean coverage90 | min Δcoverage90 vs $refSteps | wall (s) |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    for s in "${STEPS[@]}"; do
      run="$OUT/eta$eta-steps$s"
      [[ -f "$run/evaluation.tsv" ]] || continue
      join -t $'\t' <(best "$run/evaluation.tsv" | awk -F'\t' '{print $1 "|" $2 "\t" $3 "\t" $4}') \
                    <(best "$ref" | awk -F'\t' '{print $1 "|" $2 "\t" $3 "\t" $4}') |
        awk -F'\t' -v s="$s" -v wall="$(cat "$run/wall.seconds")" '
          { n++; r+=$2; c+=$3; d=$2-$4; dc=$3-$5
            if (n==1 || d<md) md=d; if (n==1 || dc<mdc) mdc=dc; if (d >= -0.01) ok++ }
          END { printf "| %d | %.4f | %+.4f | %d/%d | %.3f | %+.3f | %.0f |\n", s, r/n, md, ok, n, c/n, mdc, wall }'
    done
  done
  if [[ -f "$OUT/eta0-steps1000/evaluation.tsv" && -f "$OUT/eta1-steps1000/evaluation.tsv" ]]; then
  echo
  echo "## Per row at 50 steps"
  echo
  echo "| target | condition | r2 η0 | r2 η0 1000 | r2 η1 | r2 η1 1000 | cov90 η1 | cov90 η1 1000 |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  join -t $'\t' <(best "$OUT/eta0-steps50/evaluation.tsv" | awk -F'\t' '{print $1 "|" $2 "\t" $3}') \
                <(best "$OUT/eta0-steps1000/evaluation.tsv" | awk -F'\t' '{print $1 "|" $2 "\t" $3}') |
    join -t $'\t' - <(best "$OUT/eta1-steps50/evaluation.tsv" | awk -F'\t' '{print $1 "|" $2 "\t" $3 "\t" $4}') |
    join -t $'\t' - <(best "$OUT/eta1-steps1000/evaluation.tsv" | awk -F'\t' '{print $1 "|" $2 "\t" $3 "\t" $4}') |
    awk -F'\t' '{ split($1, k, "|"); printf "| %s | %s | %.4f | %.4f | %.4f | %.4f | %.3f | %.3f |\n", k[1], k[2], $2, $3, $4, $6, $5, $7 }'
  fi
} > "$DOC.tmp"
if [[ -f "$DOC" ]] && grep -q '^<!-- discussion -->' "$DOC"; then
  sed -n '/^<!-- discussion -->/,$p' "$DOC" >> "$DOC.tmp"
fi
mv "$DOC.tmp" "$DOC"
echo "wrote $DOC"
