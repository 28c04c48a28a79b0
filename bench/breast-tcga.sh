#!/usr/bin/env bash
# Reproduces docs/results/breast-tcga.md: `coherent cross-validate` with its defaults only (no
# --config, no sampler flags: what a user gets) on the two real raw cohorts shipped in
# examples/data, the TCGA breast cohort (220 patients, mRNA, miRNA, RPPA) and tcga-acc-mini
# (92 patients, four omics). Per cohort: the diffusion imputation (method auto) against the
# ridge, KNN and feature-mean baselines and the autoencoder ceiling, with the wall time.
#
#   bench/breast-tcga.sh            (5 folds, the defaults; COHERENT_JAR runs a copied build, BUILD_COMMIT names its commit)
#   FOLDS=2 bench/breast-tcga.sh    (a quick check that it runs: writes under bench/tmp/ only,
#                                    never docs/results, since it is not the benchmark)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COHORTS=(breast-tcga-mixomics tcga-acc-mini)
if [[ -n "${FOLDS:-}" ]]; then
  OUT="bench/tmp/breast-tcga-folds$FOLDS"
  DOC="$OUT/breast-tcga.md"
  EXTRA=(--folds "$FOLDS")
else
  OUT=bench/results/breast-tcga
  DOC=docs/results/breast-tcga.md
  EXTRA=()
fi
mkdir -p "$OUT" "$(dirname "$DOC")"

# A run whose report exists is kept (delete $OUT/<cohort>.md to redo it); its wall time too.
for cohort in "${COHORTS[@]}"; do
  if [[ ! -f "$OUT/$cohort.md" ]]; then
    started=$(date +%s)
    bin/coherent cross-validate --cohort "examples/data/$cohort" "${EXTRA[@]}" --out "$OUT" --name "$cohort" \
      2> "$OUT/$cohort.log"
    echo $(( $(date +%s) - started )) > "$OUT/$cohort.wall"
    # Progress bars redraw with carriage returns; the log keeps only the lines.
    tr '\r' '\n' < "$OUT/$cohort.log" | grep -v '^train ' > "$OUT/$cohort.log.tmp" || true
    mv "$OUT/$cohort.log.tmp" "$OUT/$cohort.log"
  fi
done

{
  echo "# Real raw cohorts: cross-validate with its defaults"
  echo
  # COHERENT_JAR runs a build copied earlier: the commit it was built from is the one that counts.
  echo "Produced by \`bench/breast-tcga.sh\` at commit ${BUILD_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)} on"
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1)."
  echo "Each cohort is cross-validated by \`bin/coherent cross-validate --cohort examples/data/<cohort>\` with"
  echo "no other setting: the cohort's own \`cohort.json\` preprocessing, the default denoiser config,"
  echo "sampler, draws and method (\`auto\`, the product's default imputation)."
  echo
  echo "| cohort | wall time |"
  echo "|---|---|"
  for cohort in "${COHORTS[@]}"; do
    echo "| $cohort | $(cat "$OUT/$cohort.wall" 2>/dev/null || echo '?') s |"
  done
  for cohort in "${COHORTS[@]}"; do
    echo
    echo "## \`$cohort\`"
    echo
    tail -n +3 "$OUT/$cohort.md" | sed 's/^## /### /'
  done
} > "$DOC.tmp"
# Keep the hand-written discussion below the generated part, if any.
if [[ -f "$DOC" ]] && grep -q '^<!-- discussion -->' "$DOC"; then
  sed -n '/^<!-- discussion -->/,$p' "$DOC" >> "$DOC.tmp"
fi
mv "$DOC.tmp" "$DOC"
echo "wrote $DOC"
