#!/usr/bin/env bash
# Reproduces the tables of docs/results/divergence.md, the measurement behind the divergence guard
# (dev.coherent.metrics.Divergence): in a model set's standardized space, the mean square per
# feature of real patients and of single draws, and the guard's spread (variance across one
# patient's draws, averaged over the features) for the default, DDPM and deterministic DDIM.
#
#   bench/divergence.sh [MODELS] [COHORT] [PATIENTS] [DRAWS] [SAMPLERS]
#
# Defaults: the quickstart model set (bin/coherent quickstart trains it, about 30 s) on
# examples/data/synthetic-pancancer-small, 40 patients per target and condition set, 10 draws, every
# sampler (SAMPLERS: comma-separated prefixes of the row names, e.g. "default,ddpm"). About 2 min on
# 2 cores with every sampler (DDPM is most of it). Needs the built CLI (training-tools/target/lib).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODELS="${1:-quickstart-output/models}"
COHORT="${2:-examples/data/synthetic-pancancer-small}"
PATIENTS="${3:-40}"
DRAWS="${4:-10}"
if [[ ! -d training-tools/target/lib ]]; then
  echo "divergence.sh: build the CLI first (./mvnw -q -pl training-tools -am package -DskipTests)" >&2
  exit 2
fi
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
java -cp 'training-tools/target/lib/*' bench/DivergenceSpread.java "$MODELS" "$COHORT" "$PATIENTS" "$DRAWS" \
  ${5:+"$5"} 2> >(grep -v -e '^\[main\] INFO' -e '^WARNING: All log' -e '^I0000' >&2)
