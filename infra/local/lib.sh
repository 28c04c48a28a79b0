# Shared settings and helpers of the local stack scripts (sourced, not run).
#
# Every setting can be overridden from the environment, e.g.
#   COHERENT_LOCAL_GATEWAY_PORT=9080 infra/local/up.sh
# The stack keeps its state (pids, logs, S3 data, rendered nginx config) in $RUN_DIR.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCAL_DIR="$ROOT/infra/local"
RUN_DIR="${COHERENT_LOCAL_RUN_DIR:-$LOCAL_DIR/.run}"
TOOLS_DIR="${COHERENT_LOCAL_TOOLS_DIR:-$LOCAL_DIR/.run/tools}"

# ---- Ports --------------------------------------------------------------------------------------
GATEWAY_PORT="${COHERENT_LOCAL_GATEWAY_PORT:-9080}"
S3_PORT="${COHERENT_LOCAL_S3_PORT:-9090}"
S3_TLS_PORT="${COHERENT_LOCAL_S3_TLS_PORT:-9191}"
HTTP_PORT_BASE="${COHERENT_LOCAL_HTTP_PORT_BASE:-9100}"
RUNTIME_PORT_BASE="${COHERENT_LOCAL_RUNTIME_PORT_BASE:-9110}"
S3_ENDPOINT="http://127.0.0.1:$S3_PORT"

# ---- Buckets and keys: the same layout as terraform/modules/storage ------------------------------
MODELS_BUCKET="${COHERENT_LOCAL_MODELS_BUCKET:-coherent-models}"
AUDIT_REFERENCE_BUCKET="${COHERENT_LOCAL_AUDIT_REFERENCE_BUCKET:-coherent-audit-reference}"
UPLOADS_BUCKET="${COHERENT_LOCAL_UPLOADS_BUCKET:-coherent-uploads}"
OUTPUTS_BUCKET="${COHERENT_LOCAL_OUTPUTS_BUCKET:-coherent-outputs}"
MODEL_SET_PREFIX="${COHERENT_LOCAL_MODEL_SET_PREFIX:-models/quickstart}"
MODELS_URI="s3://$MODELS_BUCKET/$MODEL_SET_PREFIX"
AUDIT_REFERENCE_URI="s3://$AUDIT_REFERENCE_BUCKET/$MODEL_SET_PREFIX-audit-reference"
# Where POST /v1/audits writes <id>/report.json|html: the outputs bucket's audits/ prefix, which the
# privacy-audit function's role may write in terraform (the function's default, <models>-audits,
# would be in the models bucket).
AUDIT_OUTPUT_URI="s3://$OUTPUTS_BUCKET/audits"

# The model set to serve (a folder; trained by `bin/coherent quickstart` when it is the default and missing).
MODELS_DIR="${COHERENT_LOCAL_MODELS:-$ROOT/quickstart-output/models}"
# A model set trained on a raw cohort (with encoders), served by a second imputation function
# (imputation-raw) that takes raw uploads under uploads-raw/; none by default (e.g. bin/coherent
# train --cohort examples/data/tcga-acc-mini --out models/acc, then COHERENT_LOCAL_RAW_MODELS=models/acc).
RAW_MODELS_DIR="${COHERENT_LOCAL_RAW_MODELS:-}"
RAW_MODEL_SET_PREFIX="${COHERENT_LOCAL_RAW_MODEL_SET_PREFIX:-models/raw}"
AUDIT_REFERENCE_DIR="${COHERENT_LOCAL_AUDIT_REFERENCE:-$MODELS_DIR-audit-reference}"
COHORT_DIR="${COHERENT_LOCAL_COHORT:-$ROOT/examples/data/synthetic-pancancer-small}"
# The label the prioritization function predicts (its coherent.defaults.label).
CLASSIFIER_LABEL="${COHERENT_LOCAL_CLASSIFIER_LABEL:-stage}"

# ---- Functions ----------------------------------------------------------------------------------
# name  module folder  handler  upload prefix  output prefix
# imputation-raw: the imputation function again, on the raw model set (started only with one).
ALL_FUNCTIONS=(imputation privacy-audit prioritization imputation-raw)
# Which to start (space separated); a function whose jar is not built is skipped either way.
read -r -a FUNCTIONS <<< "${COHERENT_LOCAL_FUNCTIONS:-${ALL_FUNCTIONS[*]}}"

function_index() {
  local i
  for i in "${!ALL_FUNCTIONS[@]}"; do
    [[ "${ALL_FUNCTIONS[$i]}" == "$1" ]] && { echo $((i + 1)); return; }
  done
  echo "unknown function '$1' (known: ${ALL_FUNCTIONS[*]})" >&2
  return 1
}

# Port of a function's HTTP server, e.g. COHERENT_LOCAL_IMPUTATION_HTTP_PORT.
function_http_port() {
  local var="COHERENT_LOCAL_$(echo "$1" | tr 'a-z-' 'A-Z_')_HTTP_PORT"
  echo "${!var:-$((HTTP_PORT_BASE + $(function_index "$1")))}"
}

# Port of the Lambda runtime emulator in front of a function, e.g. COHERENT_LOCAL_IMPUTATION_RUNTIME_PORT.
function_runtime_port() {
  local var="COHERENT_LOCAL_$(echo "$1" | tr 'a-z-' 'A-Z_')_RUNTIME_PORT"
  echo "${!var:-$((RUNTIME_PORT_BASE + $(function_index "$1")))}"
}

# The module of a function (imputation-raw runs the imputation function's jar).
function_module() { echo "${1%-raw}"; }

# The runner jar of a function (legacy-jar layout forced by the Lambda extension), or nothing.
function_jar() {
  local jar module; module="$(function_module "$1")"
  for jar in "$ROOT/functions/$module/target/$module-function-"*-runner.jar; do
    [[ -f "$jar" ]] && { echo "$jar"; return 0; }
  done
  return 0
}

function_upload_prefix() {
  case "$1" in
    imputation) echo "uploads/" ;;
    imputation-raw) echo "uploads-raw/" ;;
    privacy-audit) echo "models/" ;;
    prioritization) echo "cohorts/" ;;   # terraform: var.cohort_prefix
  esac
}

function_output_prefix() {
  case "$1" in
    imputation) echo "imputed/" ;;
    imputation-raw) echo "imputed-raw/" ;;
    privacy-audit) echo "audits/" ;;
    prioritization) echo "prioritized/" ;;
  esac
}

# The environment of a function process: the same variables terraform sets on the Lambda
# (terraform/examples/complete/main.tf), pointed at S3Mock, and the oneDNN cap the images set.
function_env() {
  local fn="$1"
  cat <<EOF
AWS_LAMBDA_RUNTIME_API=127.0.0.1:$(function_runtime_port "$fn")
AWS_LAMBDA_FUNCTION_NAME=$fn
AWS_LAMBDA_FUNCTION_MEMORY_SIZE=3008
AWS_LAMBDA_FUNCTION_VERSION=\$LATEST
AWS_REGION=us-east-1
AWS_ACCESS_KEY_ID=local
AWS_SECRET_ACCESS_KEY=local
ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-AVX}
QUARKUS_HTTP_PORT=$(function_http_port "$fn")
QUARKUS_HTTP_HOST=127.0.0.1
COHERENT_FUNCTION_NAME=$fn
COHERENT_MODELS_URI=$([[ $fn == *-raw ]] && echo "s3://$MODELS_BUCKET/$RAW_MODEL_SET_PREFIX" || echo "$MODELS_URI")
COHERENT_MODELS_CACHE_DIR=$RUN_DIR/cache/$fn
COHERENT_AUDIT_REFERENCE_URI=$AUDIT_REFERENCE_URI
COHERENT_AUDIT_OUTPUT_URI=$AUDIT_OUTPUT_URI
COHERENT_S3_ENDPOINT=$S3_ENDPOINT
COHERENT_S3_REGION=us-east-1
COHERENT_S3_PATH_STYLE=true
COHERENT_S3_ACCESS_KEY=local
COHERENT_S3_SECRET_KEY=local
COHERENT_UPLOAD_INPUT_PREFIX=$(function_upload_prefix "$fn")
COHERENT_UPLOAD_OUTPUT_PREFIX=$(function_output_prefix "$fn")
COHERENT_UPLOAD_ERROR_PREFIX=errors/
COHERENT_UPLOAD_OUTPUT_BUCKET=$OUTPUTS_BUCKET
COHERENT_UPLOAD_WORK_DIR=$RUN_DIR/work/$fn
TF_CPP_MIN_LOG_LEVEL=2
EOF
}

# ---- Helpers ------------------------------------------------------------------------------------
log() { printf '%s [local] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

pid_file() { echo "$RUN_DIR/pids/$1.pid"; }

# has_classifier MODELS_DIR LABEL: whether the model set's manifest lists a classifier of LABEL.
has_classifier() {
  [[ -f "$1/manifest.json" ]] && tr -d ' \n\t' < "$1/manifest.json" | grep -q "\"classifiers\":\[[^]]*\"label\":\"$2\""
}

# Whether the process recorded under a name is alive.
running() {
  local f; f="$(pid_file "$1")"
  [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

# start NAME WORKDIR COMMAND...: runs COMMAND in the background from WORKDIR, logs to $RUN_DIR/logs/NAME.log.
start() {
  local name="$1" dir="$2"; shift 2
  mkdir -p "$RUN_DIR/pids" "$RUN_DIR/logs"
  (cd "$dir" && exec "$@") > "$RUN_DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$name")"
}

# stop NAME: ends the process recorded under NAME (TERM, then KILL after 15 s).
stop() {
  local f pid i; f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    log "stopped $1 (pid $pid)"
  fi
  rm -f "$f"
}

# wait_for NAME SECONDS COMMAND...: retries COMMAND until it succeeds; fails when NAME's process died.
wait_for() {
  local name="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! running "$name"; then
      tail -n 30 "$RUN_DIR/logs/$name.log" >&2 2>/dev/null || true
      die "$name exited; log: $RUN_DIR/logs/$name.log"
    fi
    (( SECONDS < deadline )) || die "$name not ready after ${seconds}s; log: $RUN_DIR/logs/$name.log"
    sleep 0.5
  done
}

# Path-style S3 URL of a key in S3Mock (S3Mock accepts unsigned requests, so plain curl works).
s3_url() { echo "$S3_ENDPOINT/$1/$2"; }

# s3_put BUCKET KEY FILE: uploads one object and prints its ETag (without quotes).
s3_put() {
  curl -sS -f -X PUT --data-binary "@$3" -D - -o /dev/null "$(s3_url "$1" "$2")" \
    | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" { gsub(/"/, "", $2); print $2 }'
}

# s3_get BUCKET KEY [FILE]: downloads one object (to stdout without FILE).
s3_get() {
  if [[ $# -ge 3 ]]; then curl -sS -f -o "$3" "$(s3_url "$1" "$2")"; else curl -sS -f "$(s3_url "$1" "$2")"; fi
}

# s3_keys BUCKET PREFIX: lists keys under a prefix (one per line).
s3_keys() {
  curl -sS -f "$S3_ENDPOINT/$1?list-type=2&prefix=$2" | grep -o '<Key>[^<]*</Key>' | sed -e 's/<Key>//' -e 's#</Key>##'
}
