#!/usr/bin/env bash
# The production paths, end to end, on the local stack (start it with infra/local/up.sh):
#
#   1. a lab uploads a cohort file to s3://coherent-uploads/uploads/<name>.tsv;
#   2. the S3 event notification of that upload is delivered to the imputation function's Lambda
#      handler (through its Lambda runtime emulator and the AWS Java runtime interface client:
#      the code path of an S3 event in AWS);
#   3. the imputed table and its report are read back from s3://coherent-outputs/imputed/;
#   4. the same upload is redelivered the way AWS delivers it in production (an EventBridge
#      "Object Created" event inside an SQS message) and is answered without new work;
#      4b. with a raw model set (COHERENT_LOCAL_RAW_MODELS), a raw table (<modality>:<feature>
#      columns) uploaded under uploads-raw/ comes back imputed in raw features;
#   5. the gateway routes: GET /v1/models, POST /v1/impute, POST /v1/audits + GET /v1/audits/{id},
#      POST /v1/prioritize (a function whose jar is not built is skipped, with its 503 shown), and
#      a cohort upload through the prioritization function's Lambda handler.
#
#   9. a large upload through the fan-out: a generated table of COHERENT_DEMO_LARGE_ROWS rows
#      (default 100000; 0 skips it) cut into Distributed Map batches by infra/local/FanOutDriver.java
#      (the state machine's stand-in), each batch and then the assembly sent to the same Lambda
#      handler; the same table as one S3 event (one invocation) must give the same bytes. Then its
#      first 2,000 rows as a .csv upload (the state machine's comma reader), compared the same way.
#      Prints rows/s and rows per CPU-second of the function (COHERENT_DEMO_LARGE_COMPARE=0 skips
#      the one-invocation runs).
#
#   infra/local/demo.sh [--input FILE]     (default: infra/local/examples/upload.tsv, 12 patients
#                                          of the synthetic cohort, one modality missing each)
#   infra/local/demo.sh --large-only       only step 9
#
# Exits non-zero when a step that ran failed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
T0=$SECONDS

INPUT="$LOCAL_DIR/examples/upload.tsv"
LARGE_ONLY=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --input) INPUT="$2"; shift 2 ;;
    --large-only) LARGE_ONLY=1; shift ;;
    *) sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
[[ -f "$INPUT" ]] || die "no input table $INPUT"
running s3mock && running gateway || die "the local stack is not running (infra/local/up.sh)"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
OUT="$RUN_DIR/demo"
mkdir -p "$OUT"
FAILURES=0
step() { if [[ -t 1 ]]; then printf '\n\033[1m== %s\033[0m\n' "$*"; else printf '\n== %s\n' "$*"; fi; }
fail() { printf 'FAILED: %s\n' "$*"; FAILURES=$((FAILURES + 1)); }
short() { head -c "${1:-400}"; echo; }

# call METHOD PATH [BODY]: one request through the gateway; sets STATUS and BODY.
call() {
  local args=(-sS -o "$OUT/body" -w '%{http_code}' -X "$1" "$GATEWAY$2")
  [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
  STATUS="$(curl "${args[@]}")" || STATUS=000
  BODY="$(cat "$OUT/body" 2>/dev/null || true)"
  printf '%s %s -> HTTP %s\n' "$1" "$2" "$STATUS"
}

# The first N patients of the input table as the "patients" JSON array of the HTTP API
# (columns <modality>_<kk>; empty or NA cells are missing).
patients_json() {
  awk -F'\t' -v n="$1" '
    NR == 1 { for (i = 2; i <= NF; i++) { m = $i; sub(/_[^_]*$/, "", m); mod[i] = m } next }
    NR > n + 1 { exit }
    {
      out = out (NR > 2 ? "," : "") "{\"id\":\"" $1 "\",\"modalities\":{"
      delete vals; order = ""
      for (i = 2; i <= NF; i++) {
        if ($i == "" || $i == "NA") continue
        if (!(mod[i] in vals)) { order = order " " mod[i]; vals[mod[i]] = $i } else vals[mod[i]] = vals[mod[i]] "," $i
      }
      k = split(order, names, " "); sep = ""
      for (j = 1; j <= k; j++) { out = out sep "\"" names[j] "\":[" vals[names[j]] "]"; sep = "," }
      out = out "}}"
    }
    END { print "[" out "]" }' "$INPUT"
}

NAME="demo-$(date +%Y%m%d-%H%M%S)"
KEY="uploads/$NAME.tsv"

if running imputation && [[ $LARGE_ONLY == 0 ]]; then
  step "1. upload $(basename "$INPUT") ($(($(wc -l < "$INPUT") - 1)) patients) to s3://$UPLOADS_BUCKET/$KEY"
  etag="$(s3_put "$UPLOADS_BUCKET" "$KEY" "$INPUT")"
  echo "stored, ETag $etag"

  step "2. deliver the S3 event notification to the imputation function's Lambda handler (imputation-s3)"
  t=$SECONDS
  if ANSWER="$("$LOCAL_DIR/invoke.sh" imputation --s3 "$UPLOADS_BUCKET" "$KEY")"; then
    echo "$ANSWER" | short 600
    echo "(handled in $((SECONDS - t)) s)"
    grep -q '"status":"imputed"' <<< "$ANSWER" || fail "the upload was not imputed"
  else
    echo "$ANSWER" | short 600
    fail "the handler failed"
  fi

  step "3. read the outputs back from s3://$OUTPUTS_BUCKET/$(function_output_prefix imputation)"
  s3_keys "$OUTPUTS_BUCKET" "$(function_output_prefix imputation)$NAME" | sed 's/^/  /'
  if s3_get "$OUTPUTS_BUCKET" "$(function_output_prefix imputation)$NAME.imputed.tsv" "$OUT/$NAME.imputed.tsv" \
      && s3_get "$OUTPUTS_BUCKET" "$(function_output_prefix imputation)$NAME.report.json" "$OUT/$NAME.report.json"; then
    rows=$(($(wc -l < "$OUT/$NAME.imputed.tsv") - 1))
    gaps="$(awk -F'\t' 'NR > 1 { for (i = 2; i <= NF; i++) if ($i == "" || $i == "NA") g++ } END { print g + 0 }' "$OUT/$NAME.imputed.tsv")"
    echo "$OUT/$NAME.imputed.tsv: $rows patients, $gaps gaps left; first row:"
    sed -n 2p "$OUT/$NAME.imputed.tsv" | cut -c1-150 | sed 's/$/ …/'
    echo "report: $(grep -o '"patient_count"[^,]*' "$OUT/$NAME.report.json" | head -1), $(grep -o '"version"[^,]*' "$OUT/$NAME.report.json" | head -1)"
    [[ "$gaps" == 0 ]] || fail "the imputed table still has gaps"
  else
    fail "the outputs are missing"
  fi

  step "4. redeliver the upload as AWS does in production: EventBridge 'Object Created' inside an SQS message"
  if ANSWER="$("$LOCAL_DIR/invoke.sh" imputation --eventbridge-sqs "$UPLOADS_BUCKET" "$KEY")"; then
    echo "$ANSWER" | short 400
    grep -q '"status":"already-imputed"' <<< "$ANSWER" || fail "the redelivery was not recognised as already imputed"
  else
    fail "the handler failed on the redelivery"
  fi
elif [[ $LARGE_ONLY == 0 ]]; then
  step "1-4. skipped: the imputation function is not running (its jar is not built)"
fi

if running imputation-raw && [[ $LARGE_ONLY == 0 ]]; then
  RAW_INPUT="$LOCAL_DIR/examples/upload-raw.tsv"
  RAW_KEY="$(function_upload_prefix imputation-raw)$NAME-raw.tsv"
  RAW_OUT="$(function_output_prefix imputation-raw)$NAME-raw"
  step "4b. a raw table ($(basename "$RAW_INPUT"): $(($(wc -l < "$RAW_INPUT") - 1)) tcga-acc-mini patients, <modality>:<feature> columns) through imputation-raw"
  s3_put "$UPLOADS_BUCKET" "$RAW_KEY" "$RAW_INPUT" >/dev/null
  if ANSWER="$("$LOCAL_DIR/invoke.sh" imputation-raw --s3 "$UPLOADS_BUCKET" "$RAW_KEY")"; then
    echo "$ANSWER" | short 400
    grep -q '"status":"imputed"' <<< "$ANSWER" || fail "the raw upload was not imputed"
  else
    echo "$ANSWER" | short 400
    fail "the handler failed on the raw upload"
  fi
  if s3_get "$OUTPUTS_BUCKET" "$RAW_OUT.imputed.tsv" "$OUT/$NAME-raw.imputed.tsv"; then
    # Every kept feature of every modality, in raw space (log2 CPM, calls, centered RPPA), no gaps.
    header="$(head -1 "$OUT/$NAME-raw.imputed.tsv")"
    gaps="$(awk -F'\t' 'NR > 1 { for (i = 2; i <= NF; i++) if ($i == "" || $i == "NA") g++ } END { print g + 0 }' "$OUT/$NAME-raw.imputed.tsv")"
    echo "$OUT/$NAME-raw.imputed.tsv: $(($(wc -l < "$OUT/$NAME-raw.imputed.tsv") - 1)) patients, $(($(awk -F'\t' 'NR == 1 { print NF }' "$OUT/$NAME-raw.imputed.tsv") - 1)) raw features, $gaps gaps left"
    for m in rnaseq cna rppa mirna; do
      grep -q $'\t'"$m:" <<< "$header" || fail "the imputed raw table has no $m:<feature> columns"
    done
    [[ "$gaps" == 0 ]] || fail "the imputed raw table still has gaps"
  else
    fail "the raw outputs are missing"
  fi
elif [[ $LARGE_ONLY == 0 ]]; then
  step "4b. skipped: imputation-raw is not running (COHERENT_LOCAL_RAW_MODELS names no raw model set)"
fi

if [[ $LARGE_ONLY == 0 ]]; then
step "5. through the gateway ($GATEWAY): the imputation routes"
call GET /v1/models
echo "$BODY" | short 300
[[ "$STATUS" == 200 ]] || running imputation || echo "(imputation is not running)"
[[ "$STATUS" == 200 ]] || ! running imputation || fail "GET /v1/models"
REQUEST="{\"patients\":$(patients_json 2),\"draws\":4,\"seed\":7}"
call POST /v1/impute "$REQUEST"
echo "$BODY" | short 400
[[ "$STATUS" == 200 ]] || ! running imputation || fail "POST /v1/impute"

step "6. the privacy-audit routes: start an audit of the served set, poll it until it ends"
if running privacy-audit; then
  # Small settings by default so that the demo (and the CI check) stay quick; '{}' audits with the
  # function's defaults (1000 samples per target and method, 50 DDIM steps: minutes on 2 cores).
  AUDIT_REQUEST='{"samples":100,"steps":10}'
  call POST /v1/audits "${COHERENT_DEMO_AUDIT:-$AUDIT_REQUEST}"
  echo "$BODY" | short 400
  [[ "$STATUS" == 202 ]] || fail "POST /v1/audits answered $STATUS instead of 202"
  id="$(grep -o '"id" *: *"[^"]*"' <<< "$BODY" | head -1 | sed 's/.*"\([^"]*\)"$/\1/')"
  if [[ -n "$id" ]]; then
    t=$SECONDS
    deadline=$((SECONDS + ${COHERENT_DEMO_AUDIT_WAIT:-300}))
    while :; do
      call GET "/v1/audits/$id" >/dev/null
      grep -Eq '"status" *: *"(queued|running)"' <<< "$BODY" && [[ "$STATUS" == 200 ]] && (( SECONDS < deadline )) || break
      sleep 2
    done
    echo "GET /v1/audits/$id -> HTTP $STATUS after $((SECONDS - t)) s of polling"
    echo "$BODY" | short 600
    if [[ "$STATUS" != 200 ]]; then
      fail "GET /v1/audits/$id answered $STATUS"
    elif grep -Eq '"status" *: *"succeeded"' <<< "$BODY"; then
      echo "verdict: $(grep -o '"verdict" *: *"[^"]*"' <<< "$BODY" | head -1 | sed 's/.*"\([^"]*\)"$/\1/')"
      echo "reports in s3://$OUTPUTS_BUCKET/$(function_output_prefix privacy-audit)$id/:"
      s3_keys "$OUTPUTS_BUCKET" "$(function_output_prefix privacy-audit)$id/" | sed 's/^/  /'
      s3_get "$OUTPUTS_BUCKET" "$(function_output_prefix privacy-audit)$id/report.json" /dev/null \
        || fail "no report.json in s3://$OUTPUTS_BUCKET/$(function_output_prefix privacy-audit)$id/"
    elif grep -Eq '"status" *: *"(queued|running)"' <<< "$BODY"; then
      fail "the audit $id did not finish within ${COHERENT_DEMO_AUDIT_WAIT:-300} s (COHERENT_DEMO_AUDIT_WAIT)"
    else
      fail "the audit $id did not succeed"
    fi
  else
    fail "POST /v1/audits answered no audit id"
  fi
else
  echo "skipped: privacy-audit is not running (functions/privacy-audit/target/privacy-audit-function-*-runner.jar is not built)"
  call GET /v1/audits/example
  echo "$BODY" | short 300
fi

step "7. prioritization: the route, and a cohort upload through the Lambda handler"
if running prioritization; then
  call POST /v1/prioritize "{\"patients\":$(patients_json 4),\"draws\":4,\"seed\":7}"
  echo "$BODY" | short 600
  [[ "$STATUS" == 200 ]] || fail "POST /v1/prioritize"
  grep -q '"ranking"' <<< "$BODY" || fail "POST /v1/prioritize answered no ranking"
  PKEY="$(function_upload_prefix prioritization)$NAME.tsv"
  s3_put "$UPLOADS_BUCKET" "$PKEY" "$INPUT" >/dev/null
  echo "uploaded to s3://$UPLOADS_BUCKET/$PKEY; its S3 event to the prioritization handler:"
  if ANSWER="$("$LOCAL_DIR/invoke.sh" prioritization --s3 "$UPLOADS_BUCKET" "$PKEY")"; then
    echo "$ANSWER" | short 400
    s3_keys "$OUTPUTS_BUCKET" "$(function_output_prefix prioritization)$NAME" | sed 's/^/  /'
    [[ -n "$(s3_keys "$OUTPUTS_BUCKET" "$(function_output_prefix prioritization)$NAME")" ]] || fail "no prioritization output in s3://$OUTPUTS_BUCKET"
  else
    echo "$ANSWER" | short 400
    fail "the prioritization handler failed"
  fi
else
  echo "skipped: prioritization is not running (functions/prioritization/target/prioritization-function-*-runner.jar is not built)"
  call POST /v1/prioritize '{}'
  echo "$BODY" | short 300
fi

step "8. what the API does not have: an unknown path, a known path with the wrong method"
call GET /v1/nothing-here
echo "$BODY" | short 200
[[ "$STATUS" == 404 ]] || fail "an unknown route answered $STATUS instead of 404"
call GET /v1/impute
echo "$BODY" | short 200
[[ "$STATUS" == 404 ]] || fail "GET /v1/impute answered $STATUS instead of 404"

fi

# Sends TABLE (ROWS rows) through the fan-out's stand-in and, unless COHERENT_DEMO_LARGE_COMPARE=0,
# as one invocation; the two outputs must be the same bytes.
fan_out_and_compare() {
  local table="$1" rows="$2" file fkey ikey fetag pid cpu0 t answer same suffix base
  file="$(basename "$table")"; base="${file%.*}"
  fkey="uploads/fan-out/$file"; ikey="uploads/one-invocation/$file"
  fetag="$(s3_put "$UPLOADS_BUCKET" "$fkey" "$table")"
  pid="$(cat "$(pid_file imputation)")"
  if java -cp "$(function_jar imputation)" "$LOCAL_DIR/FanOutDriver.java" --table "$table" --bucket "$UPLOADS_BUCKET" \
      --key "$fkey" --etag "$fetag" --output-bucket "$OUTPUTS_BUCKET" --pid "$pid" \
      --invoke "http://127.0.0.1:$(function_runtime_port imputation)/2015-03-31/functions/function/invocations" \
      --batch-rows "${COHERENT_DEMO_LARGE_BATCH_ROWS:-256}" --batch-bytes "${COHERENT_DEMO_LARGE_BATCH_BYTES:-196608}" \
      > "$OUT/fan-out-$base.log"; then
    tail -n 3 "$OUT/fan-out-$base.log" | short 900
  else
    short 900 < "$OUT/fan-out-$base.log"
    fail "the fan-out of $file failed"
    return
  fi
  [[ "${COHERENT_DEMO_LARGE_COMPARE:-1}" == 1 ]] || return 0
  s3_put "$UPLOADS_BUCKET" "$ikey" "$table" >/dev/null
  cpu0="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
  t=$(date +%s.%N)
  if ! answer="$("$LOCAL_DIR/invoke.sh" imputation --s3 "$UPLOADS_BUCKET" "$ikey")"; then
    echo "$answer" | short 400
    fail "the one-invocation upload of $file failed (a table this large may pass the emulator's 900 s, as on Lambda)"
    return
  fi
  awk -v t0="$t" -v t1="$(date +%s.%N)" -v c0="$cpu0" -v c1="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")" -v n="$rows" \
    'BEGIN { printf "one invocation: %d rows in %.1f s (%.1f rows/s), function CPU %.1f s: %.1f rows per CPU-second\n", n, t1 - t0, n / (t1 - t0), (c1 - c0) / 100, n / ((c1 - c0) / 100) }'
  grep -q '"status":"imputed"' <<< "$answer" || fail "the one-invocation upload of $file was not imputed"
  same=1
  for suffix in .imputed.tsv .report.json; do
    s3_get "$OUTPUTS_BUCKET" "imputed/fan-out/$base$suffix" "$OUT/fan-out-$base$suffix"
    s3_get "$OUTPUTS_BUCKET" "imputed/one-invocation/$base$suffix" "$OUT/one-invocation-$base$suffix"
    if cmp -s "$OUT/fan-out-$base$suffix" "$OUT/one-invocation-$base$suffix"; then
      echo "$base$suffix: identical bytes ($(wc -c < "$OUT/fan-out-$base$suffix") bytes, sha256 $(sha256sum < "$OUT/fan-out-$base$suffix" | cut -c1-16)…)"
    else
      same=0; echo "$base$suffix: DIFFERENT ($(cmp "$OUT/fan-out-$base$suffix" "$OUT/one-invocation-$base$suffix" | head -1))"
    fi
  done
  [[ $same == 1 ]] || fail "the fan-out's outputs of $file differ from one invocation's"
}

step "9. a large upload through the fan-out (the Distributed Map's stand-in) and as one invocation"
LARGE_ROWS="${COHERENT_DEMO_LARGE_ROWS:-100000}"
if [[ "$LARGE_ROWS" == 0 ]]; then
  echo "skipped (COHERENT_DEMO_LARGE_ROWS=0)"
elif ! running imputation; then
  echo "skipped: the imputation function is not running"
else
  LARGE="$OUT/$NAME-large.tsv"
  "$LOCAL_DIR/large-table.sh" "$LARGE_ROWS" "$LARGE"
  echo "generated $LARGE: $LARGE_ROWS rows, $(wc -c < "$LARGE") bytes (the synthetic cohort's codes, one modality blanked per row)"
  fan_out_and_compare "$LARGE" "$LARGE_ROWS"
  # The comma reader: the first rows again, as a .csv upload.
  CSV_ROWS=$(( LARGE_ROWS < 2000 ? LARGE_ROWS : 2000 ))
  LARGE_CSV="$OUT/$NAME-large-comma.csv"
  head -n $(( CSV_ROWS + 1 )) "$LARGE" | tr '\t' ',' > "$LARGE_CSV"
  echo "and its first $CSV_ROWS rows comma-separated: $LARGE_CSV"
  fan_out_and_compare "$LARGE_CSV" "$CSV_ROWS"
fi

echo
if [[ $FAILURES -eq 0 ]]; then
  echo "demo finished in $((SECONDS - T0)) s; outputs in $OUT, gateway access log in $RUN_DIR/gateway/access.log"
else
  echo "demo finished in $((SECONDS - T0)) s with $FAILURES failed step(s)"
  exit 1
fi
