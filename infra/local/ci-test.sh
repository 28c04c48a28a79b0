#!/usr/bin/env bash
# The CI check of the local stack (./mvnw verify runs it in infra/checks, phase integration-test):
# starts the stack on the model set the function tests trained, runs the demo (an upload's S3
# event through the imputation function's Lambda handler, outputs read back from S3Mock, every
# gateway route), and stops the stack whatever happened. Needs the functions packaged.
#
#   infra/local/ci-test.sh            (COHERENT_LOCAL_MODELS=DIR to serve another model set)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The prioritization tests' set has the imputation models plus the 'stage' classifier prioritization needs.
for candidate in "$ROOT/functions/prioritization/target/test-model-set" "$ROOT/functions/imputation/target/test-model-set"; do
  [[ -n "${COHERENT_LOCAL_MODELS:-}" || ! -f "$candidate/manifest.json" ]] || export COHERENT_LOCAL_MODELS="$candidate"
done
export COHERENT_LOCAL_MODELS="${COHERENT_LOCAL_MODELS:-$ROOT/functions/imputation/target/test-model-set}"
export COHERENT_LOCAL_RUN_DIR="${COHERENT_LOCAL_RUN_DIR:-$ROOT/infra/checks/target/local-stack}"
export COHERENT_LOCAL_BUILD=0 COHERENT_LOCAL_AUDIT_REFERENCE_BUILD=0
source "$ROOT/infra/local/lib.sh"
T0=$SECONDS

[[ -f "$COHERENT_LOCAL_MODELS/manifest.json" ]] \
  || die "no model set in $COHERENT_LOCAL_MODELS (the imputation tests train it: ./mvnw verify -pl functions/imputation -am)"

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
