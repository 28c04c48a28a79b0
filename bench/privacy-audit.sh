#!/usr/bin/env bash
# Reproduces docs/results/privacy-audit.md: the privacy audit of the paper-config model set on
# synthetic-pancancer (train it first with bench/synthetic-pancancer.sh). About 10 minutes on 2 cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODELS="${MODELS:-models/paper-synthetic}"
COHORT="${1:-../shared/datasets/synthetic-pancancer}"
OUT=bench/results/privacy-audit
DOC=docs/results/privacy-audit.md
if [[ ! -f "$MODELS-audit-reference/reference.json" ]]; then
  bin/coherent audit-reference --cohort "$COHORT" --models "$MODELS"
fi
start=$(date +%s)
bin/coherent audit --models "$MODELS" --out "$OUT" --samples 1350 --k 10 --sampler ddim --steps 100 --eta 1 --variance fixed
seconds=$(( $(date +%s) - start ))
cp "$OUT/report.html" docs/results/privacy-audit-report.html
{
  echo "# Privacy audit: synthetic-pancancer, paper config"
  echo
  echo "Produced by \`bench/privacy-audit.sh\` in ${seconds} s on $(nproc) cores; the HTML report is"
  echo "[privacy-audit-report.html](privacy-audit-report.html)."
  echo
  cat "$OUT/report.md"
} > "$DOC.tmp"
# Keep the hand-written discussion below the generated part, if any.
if [[ -f "$DOC" ]] && grep -q '^<!-- discussion -->' "$DOC"; then
  sed -n '/^<!-- discussion -->/,$p' "$DOC" >> "$DOC.tmp"
fi
mv "$DOC.tmp" "$DOC"
echo "wrote $DOC"
