#!/usr/bin/env bash
# Uploads the model set (and its audit reference) into the local stack's S3Mock, with the key
# layout the AWS deployment uses:
#
#   s3://coherent-models/models/quickstart/...                             the model set
#   s3://coherent-audit-reference/models/quickstart-audit-reference/...    its audit reference
#
#   infra/local/seed.sh [MODELS_DIR [AUDIT_REFERENCE_DIR]]
#   infra/local/seed.sh --raw RAW_MODELS_DIR      the raw set imputation-raw serves (s3://coherent-models/models/raw/)
#
# Defaults: quickstart-output/models and <models>-audit-reference (COHERENT_LOCAL_MODELS,
# COHERENT_LOCAL_AUDIT_REFERENCE). No AWS CLI needed: S3Mock takes unsigned path-style PUTs, so
# this is plain curl (several uploads per connection). up.sh runs it; rerun it after retraining.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RAW=0
if [[ "${1:-}" == --raw ]]; then RAW=1; shift; fi
MODELS="${1:-$MODELS_DIR}"
REFERENCE="${2:-$AUDIT_REFERENCE_DIR}"
curl -sf -o /dev/null "$S3_ENDPOINT/" || die "S3Mock is not answering on $S3_ENDPOINT (run infra/local/up.sh)"

# upload_tree DIR BUCKET PREFIX: every file of DIR under PREFIX/, in batches of 50 per curl.
upload_tree() {
  local dir="$1" bucket="$2" prefix="$3" count=0 args=() file key
  while IFS= read -r -d '' file; do
    key="$prefix/${file#"$dir"/}"
    args+=(-o /dev/null -T "$file" "$(s3_url "$bucket" "$key")")
    count=$((count + 1))
    if (( ${#args[@]} >= 200 )); then curl -sS -f "${args[@]}"; args=(); fi
  done < <(find "$dir" -type f -print0 | sort -z)
  (( ${#args[@]} == 0 )) || curl -sS -f "${args[@]}"
  log "uploaded $count files of $dir to s3://$bucket/$prefix/"
}

[[ -f "$MODELS/manifest.json" ]] || die "no model set in $MODELS (train one with bin/coherent quickstart)"
MODELS="$(cd "$MODELS" && pwd)"
if [[ $RAW == 1 ]]; then
  upload_tree "$MODELS" "$MODELS_BUCKET" "$RAW_MODEL_SET_PREFIX"
  exit 0
fi
upload_tree "$MODELS" "$MODELS_BUCKET" "$MODEL_SET_PREFIX"
if [[ -d "$REFERENCE" ]]; then
  REFERENCE="$(cd "$REFERENCE" && pwd)"
  upload_tree "$REFERENCE" "$AUDIT_REFERENCE_BUCKET" "$MODEL_SET_PREFIX-audit-reference"
else
  log "no audit reference in $REFERENCE: the privacy-audit function will have none"
fi
