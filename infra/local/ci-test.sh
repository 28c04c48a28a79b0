#!/usr/bin/env bash
# The CI check of the local stack (./mvnw verify runs it in infra/checks, phase integration-test):
# starts the stack on the model set the function tests trained (and an audit reference written for
# it), runs the demo (an upload's S3 event through the imputation function's Lambda handler, outputs
# read back from S3Mock, every gateway route, a small privacy audit polled until it succeeds), and
# stops the stack whatever happened. Needs the functions and training-tools packaged.
#
#   infra/local/ci-test.sh            (COHERENT_LOCAL_MODELS=DIR to serve another model set)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The functions' shared test set: the denoisers, the 'stage' classifier prioritization needs and
# the audit reference the privacy audit needs.
export COHERENT_LOCAL_MODELS="${COHERENT_LOCAL_MODELS:-$ROOT/functions/common/target/test-models/test-model-set}"
# The imputation tests' raw set (tcga-acc-mini, PCA codes) for the raw upload of demo.sh.
export COHERENT_LOCAL_RAW_MODELS="${COHERENT_LOCAL_RAW_MODELS:-$ROOT/functions/imputation/target/test-raw-model-set}"
export COHERENT_LOCAL_RUN_DIR="${COHERENT_LOCAL_RUN_DIR:-$ROOT/infra/checks/target/local-stack}"
export COHERENT_LOCAL_BUILD=0
# The fan-out step of demo.sh on 2,000 rows (its default, 100,000, is the measurement of docs/results/large-uploads.md).
export COHERENT_DEMO_LARGE_ROWS="${COHERENT_DEMO_LARGE_ROWS:-2000}"
# The privacy-audit function audits the served set against its audit reference. A set without one
# (COHERENT_LOCAL_MODELS) gets one written by up.sh into the run folder (bin/coherent
# audit-reference, a few seconds); a fresh one each run, as the set may be retrained.
if [[ -z "${COHERENT_LOCAL_AUDIT_REFERENCE:-}" && ! -d "$COHERENT_LOCAL_MODELS-audit-reference" ]]; then
  export COHERENT_LOCAL_AUDIT_REFERENCE="$COHERENT_LOCAL_RUN_DIR/audit-reference"
  rm -rf "$COHERENT_LOCAL_AUDIT_REFERENCE"
fi
source "$ROOT/infra/local/lib.sh"
T0=$SECONDS

[[ -f "$COHERENT_LOCAL_MODELS/manifest.json" ]] \
  || die "no model set in $COHERENT_LOCAL_MODELS (the function tests train it: ./mvnw verify -pl functions/imputation -am)"
[[ -f "$ROOT/training-tools/target/training-tools.jar" || -d "$AUDIT_REFERENCE_DIR" ]] \
  || die "training-tools is not packaged (bin/coherent audit-reference writes the audit reference)"

show_logs() {
  local f
  for f in "$RUN_DIR"/logs/*.log "$RUN_DIR/gateway/error.log"; do
    [[ -s "$f" ]] && { echo "---- $f (last 40 lines)"; tail -n 40 "$f"; }
  done
  return 0
}
finish() {
  local rc=$?
  [[ $rc -eq 0 ]] || show_logs
  "$LOCAL_DIR/down.sh" || true
  log "local stack check: $([[ $rc -eq 0 ]] && echo passed || echo FAILED) in $((SECONDS - T0)) s"
  exit "$rc"
}
trap finish EXIT

COHERENT_LOCAL_KEEP_ON_FAILURE=1 "$LOCAL_DIR/up.sh"
"$LOCAL_DIR/demo.sh"
