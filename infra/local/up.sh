#!/usr/bin/env bash
# Starts the local stack: the AWS deployment in miniature, on this machine.
#
#   infra/local/up.sh
#
#   S3Mock (S3)            http://127.0.0.1:9090  buckets coherent-models, coherent-audit-reference,
#                                                 coherent-uploads, coherent-outputs; seeded with the model set
#   Lambda runtime emulators (one per function)   http://127.0.0.1:9111-9114 (the RIE invoke endpoint)
#   the functions, each one JVM run by the AWS Java runtime interface client, as in the Lambda image,
#                          HTTP on 127.0.0.1:9101-9104 (imputation, privacy-audit, prioritization, and
#                          imputation-raw on a raw model set when COHERENT_LOCAL_RAW_MODELS names one)
#   nginx (API gateway)    http://127.0.0.1:9080  POST /v1/impute, GET /v1/models, POST /v1/audits,
#                                                 GET /v1/audits/{id}, POST /v1/prioritize
#
# On first use it builds the project (./mvnw -DskipTests package), fetches S3Mock and the Lambda
# runtime client with Maven, installs nginx from apt when missing (as root), trains the quickstart
# model set (bin/coherent quickstart) and its audit reference. A function whose jar is not built is
# skipped; its gateway routes answer 503. Then: infra/local/demo.sh, infra/local/invoke.sh,
# infra/local/down.sh. State, logs and pids live in infra/local/.run/. Settings (ports, model set,
# functions) are environment variables, listed in infra/local/lib.sh and infra/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
T0=$SECONDS

if running s3mock || running gateway; then
  die "the local stack is already running (infra/local/down.sh stops it)"
fi
mkdir -p "$RUN_DIR/pids" "$RUN_DIR/logs"
cleanup_on_failure() {
  local rc=$?
  if [[ $rc -ne 0 && "${COHERENT_LOCAL_KEEP_ON_FAILURE:-0}" != 1 ]]; then
    log "startup failed; stopping what was started (COHERENT_LOCAL_KEEP_ON_FAILURE=1 keeps it)"
    "$LOCAL_DIR/down.sh" >/dev/null 2>&1 || true
  fi
}
trap cleanup_on_failure EXIT

# ---- 1. Build ------------------------------------------------------------------------------------
if [[ -z "$(function_jar imputation)" || ! -f "$ROOT/training-tools/target/training-tools.jar" ]]; then
  [[ "${COHERENT_LOCAL_BUILD:-1}" == 1 ]] || die "the project is not built (./mvnw -DskipTests package)"
  log "building the project once: ./mvnw -B -q -DskipTests package (a few minutes)"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

# ---- 2. Tools: S3Mock and the AWS Lambda Java runtime interface client, from Maven Central --------
if [[ ! -f "$TOOLS_DIR/s3mock/s3mock-exec.jar" ]] || ! compgen -G "$TOOLS_DIR/lambda-ric/*.jar" >/dev/null; then
  log "fetching S3Mock and the Lambda runtime interface client (infra/local/pom.xml)"
  (cd "$ROOT" && ./mvnw -B -q -f infra/local/pom.xml initialize -Dtools.dir="$TOOLS_DIR")
fi

# ---- 3. nginx (Debian package) ---------------------------------------------------------------------
NGINX="${COHERENT_LOCAL_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
if [[ ! -x "$NGINX" ]]; then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing nginx (apt-get install nginx)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    log "installing nginx (sudo apt-get install nginx)"
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  fi
  NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
  [[ -x "$NGINX" ]] || die "nginx is missing: install it (apt-get install nginx) or set COHERENT_LOCAL_NGINX"
fi

# ---- 4. Model set and audit reference -------------------------------------------------------------
if [[ ! -f "$MODELS_DIR/manifest.json" ]]; then
  [[ -z "${COHERENT_LOCAL_MODELS:-}" ]] || die "no model set in $MODELS_DIR"
  log "training the quickstart model set (bin/coherent quickstart, one to three minutes)"
  (cd "$ROOT" && bin/coherent quickstart) >"$RUN_DIR/logs/quickstart.log" 2>&1 \
    || { tail -n 20 "$RUN_DIR/logs/quickstart.log" >&2; die "quickstart failed"; }
fi
# The prioritization function serves a classifier of CLASSIFIER_LABEL from the model set.
if [[ " ${FUNCTIONS[*]} " == *" prioritization "* && -n "$(function_jar prioritization)" ]] \
    && ! has_classifier "$MODELS_DIR" "$CLASSIFIER_LABEL"; then
  [[ -z "${COHERENT_LOCAL_MODELS:-}" && -d "$COHORT_DIR" ]] \
    || die "the model set $MODELS_DIR has no '$CLASSIFIER_LABEL' classifier for prioritization (bin/coherent train-classifier)"
  log "adding a '$CLASSIFIER_LABEL' classifier to $MODELS_DIR (bin/coherent train-classifier)"
  (cd "$ROOT" && bin/coherent train-classifier --cohort "$COHORT_DIR" --label "$CLASSIFIER_LABEL" --out "$MODELS_DIR") \
    >"$RUN_DIR/logs/train-classifier.log" 2>&1 \
    || { tail -n 20 "$RUN_DIR/logs/train-classifier.log" >&2; die "train-classifier failed"; }
fi
if [[ ! -d "$AUDIT_REFERENCE_DIR" && -d "$COHORT_DIR" && "${COHERENT_LOCAL_AUDIT_REFERENCE_BUILD:-1}" == 1 ]]; then
  log "writing the audit reference of $MODELS_DIR (bin/coherent audit-reference)"
  (cd "$ROOT" && bin/coherent audit-reference --cohort "$COHORT_DIR" --models "$MODELS_DIR" --out "$AUDIT_REFERENCE_DIR") \
    >"$RUN_DIR/logs/audit-reference.log" 2>&1 \
    || { tail -n 20 "$RUN_DIR/logs/audit-reference.log" >&2; die "audit-reference failed"; }
fi

# ---- 5. S3Mock --------------------------------------------------------------------------------------
rm -rf "$RUN_DIR/s3"
log "starting S3Mock on $S3_ENDPOINT"
# C1 only and the serial GC: S3Mock (Spring Boot) starts noticeably faster, and it has little to compute.
start s3mock "$RUN_DIR" java ${COHERENT_LOCAL_S3MOCK_JAVA_OPTS:--Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} -jar "$TOOLS_DIR/s3mock/s3mock-exec.jar" \
  --com.adobe.testing.s3mock.httpPort="$S3_PORT" --server.port="$S3_TLS_PORT" \
  --com.adobe.testing.s3mock.store.root="$RUN_DIR/s3" \
  --com.adobe.testing.s3mock.store.retainFilesOnExit=false \
  --com.adobe.testing.s3mock.store.initialBuckets="$MODELS_BUCKET,$AUDIT_REFERENCE_BUCKET,$UPLOADS_BUCKET,$OUTPUTS_BUCKET"

# ---- 6. Lambda runtime emulators, one per built function (while S3Mock starts) ----------------------
STARTED=()
for fn in "${FUNCTIONS[@]}"; do
  jar="$(function_jar "$fn")"
  if [[ -z "$jar" ]]; then
    log "skipping $fn: functions/$(function_module "$fn")/target/*-runner.jar is not built (its routes answer 503)"
    continue
  fi
  if [[ $fn == *-raw && ! -f "$RAW_MODELS_DIR/manifest.json" ]]; then
    log "skipping $fn: no raw model set (COHERENT_LOCAL_RAW_MODELS=DIR, a set trained on a raw cohort)"
    continue
  fi
  # The layout of the Lambda image: the runner jar and its libraries in <task root>/lib.
  task="$RUN_DIR/task/$fn"
  rm -rf "$task" && mkdir -p "$task/lib" "$RUN_DIR/work/$fn" "$RUN_DIR/cache/$fn"
  ln -s "$jar" "$(dirname "$jar")"/lib/*.jar "$task/lib/"
  start "$fn-runtime" "$RUN_DIR" java -XX:TieredStopAtLevel=1 "$LOCAL_DIR/LambdaRuntimeEmulator.java" \
    --port "$(function_runtime_port "$fn")" --function "$fn"
  STARTED+=("$fn")
done
wait_for s3mock 180 curl -sf -o /dev/null "$S3_ENDPOINT/"

# ---- 7. Seed ----------------------------------------------------------------------------------------
"$LOCAL_DIR/seed.sh" "$MODELS_DIR" "$AUDIT_REFERENCE_DIR"
if [[ " ${STARTED[*]} " == *" imputation-raw "* ]]; then
  "$LOCAL_DIR/seed.sh" --raw "$RAW_MODELS_DIR"
fi

# ---- 8. Functions: a JVM per function, polling its emulator ------------------------------------------
for fn in "${STARTED[@]}"; do
  wait_for "$fn-runtime" 120 curl -sf -o /dev/null "http://127.0.0.1:$(function_runtime_port "$fn")/status"
  mapfile -t fn_env < <(function_env "$fn")
  log "starting $fn (HTTP 127.0.0.1:$(function_http_port "$fn"), Lambda runtime API 127.0.0.1:$(function_runtime_port "$fn"))"
  # What the public.ecr.aws/lambda/java:17 image runs: the runtime interface client, with the task
  # root as working directory, calling QuarkusStreamHandler, which starts Quarkus and dispatches to
  # the bean named by quarkus.lambda.handler. Quarkus also opens its HTTP server for the gateway.
  start "$fn" "$RUN_DIR/task/$fn" env "${fn_env[@]}" java ${COHERENT_LOCAL_JAVA_OPTS:-} \
    -cp "$TOOLS_DIR/lambda-ric/*" com.amazonaws.services.lambda.runtime.api.client.AWSLambda \
    io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest
done
polling() { curl -sf "http://127.0.0.1:$(function_runtime_port "$1")/status" | grep -q '"pollers":[1-9]'; }
for fn in "${STARTED[@]}"; do
  wait_for "$fn" "${COHERENT_LOCAL_READY_TIMEOUT:-600}" curl -sf -o /dev/null "http://127.0.0.1:$(function_http_port "$fn")/q/health/ready"
  wait_for "$fn" 60 polling "$fn"
  log "$fn is ready: model set loaded, handler polling for events"
done

# ---- 9. Gateway ---------------------------------------------------------------------------------------
upstreams=()
# imputation-raw takes uploads only (the HTTP API's raw requests go to imputation's set).
for fn in "${STARTED[@]}"; do [[ $fn == *-raw ]] || upstreams+=("$fn=127.0.0.1:$(function_http_port "$fn")"); done
"$LOCAL_DIR/gateway/render.sh" "$RUN_DIR/gateway" "$GATEWAY_PORT" "${upstreams[@]}" >/dev/null
"$NGINX" -t -q -p "$RUN_DIR/gateway" -c "$RUN_DIR/gateway/nginx.conf" -e "$RUN_DIR/gateway/error.log"
start gateway "$RUN_DIR/gateway" "$NGINX" -p "$RUN_DIR/gateway" -c "$RUN_DIR/gateway/nginx.conf" -e "$RUN_DIR/gateway/error.log"
wait_for gateway 30 curl -s -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/"

trap - EXIT
cat >&2 <<EOF

The local stack is up ($((SECONDS - T0)) s):
  gateway      http://127.0.0.1:$GATEWAY_PORT   (routes: infra/local/gateway/routes.txt; access log: $RUN_DIR/gateway/access.log)
  S3Mock       $S3_ENDPOINT   (model set: $MODELS_URI)
  functions    ${STARTED[*]:-none}   (logs: $RUN_DIR/logs/<function>.log)

  infra/local/demo.sh                                         upload a cohort file, get it imputed, call the routes
  infra/local/invoke.sh imputation --s3 $UPLOADS_BUCKET uploads/<file>.tsv   deliver an S3 event to the handler
  curl -s http://127.0.0.1:$GATEWAY_PORT/v1/models                         call a route through the gateway
  infra/local/down.sh                                         stop everything
EOF
