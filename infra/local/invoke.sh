#!/usr/bin/env bash
# Invokes a function of the local stack through its Lambda handler, as AWS does.
#
#   infra/local/invoke.sh FUNCTION EVENT.json                    an event file (- for stdin)
#   infra/local/invoke.sh FUNCTION --s3 BUCKET KEY               an S3 event notification for an object in S3Mock
#   infra/local/invoke.sh FUNCTION --eventbridge-sqs BUCKET KEY  the production shape: an EventBridge
#                                                                "Object Created" event inside an SQS message
#   infra/local/invoke.sh FUNCTION --print --s3 BUCKET KEY       print the event instead of sending it
#
# The event goes to the function's Lambda runtime emulator (the RIE invoke endpoint), which hands
# it to the AWS Java runtime interface client in the function process, which calls the function's
# handler (QuarkusStreamHandler -> the `<function>-s3` bean). Prints the handler's answer; exits 1
# when the handler failed (X-Amz-Function-Error), like `aws lambda invoke`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
shopt -u patsub_replacement 2>/dev/null || true

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[[ $# -ge 2 ]] || usage
FN="$1"; shift
function_index "$FN" >/dev/null || exit 2
PRINT=0
if [[ "$1" == "--print" ]]; then PRINT=1; shift; fi

# Percent-encodes a key the way S3 event notifications do (space as +).
urlencode() {
  local s="$1" out="" c i
  for (( i = 0; i < ${#s}; i++ )); do
    c="${s:i:1}"
    case "$c" in
      [a-zA-Z0-9.~_/-]) out+="$c" ;;
      " ") out+="+" ;;
      *) out+="$(printf '%%%02X' "'$c")" ;;
    esac
  done
  printf '%s' "$out"
}

# JSON string literal of a text (for the SQS body).
json_string() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr -d '\n')"
}

# render TEMPLATE BUCKET KEY: fills an event template with the object's details from S3Mock.
render() {
  local template="$1" bucket="$2" key="$3" head etag size
  head="$(curl -sS -f -I "$(s3_url "$bucket" "$(urlencode "$key" | sed 's/+/%20/g')")" | tr -d '\r')" \
    || die "no object s3://$bucket/$key in S3Mock"
  etag="$(awk -F': ' 'tolower($1) == "etag" { gsub(/"/, "", $2); print $2 }' <<< "$head")"
  size="$(awk -F': ' 'tolower($1) == "content-length" { print $2 }' <<< "$head")"
  local encoded; encoded="$(urlencode "$key")"
  [[ "$template" == eventbridge* ]] && encoded="$key"   # EventBridge events carry the key as is
  sed -e "s|\${bucket}|$bucket|g" -e "s|\${key}|$encoded|g" -e "s|\${etag}|$etag|g" -e "s|\${size}|${size:-0}|g" \
      -e "s|\${time}|$(date -u +%Y-%m-%dT%H:%M:%S.000Z)|g" -e "s|\${request_id}|local-$RANDOM$RANDOM|g" \
      -e "s|\${sequencer}|$(printf '%016X' "$(date +%s%N | cut -c1-15)")|g" "$LOCAL_DIR/events/$template"
}

case "$1" in
  --s3)
    [[ $# -eq 3 ]] || usage
    EVENT="$(render s3-object-created.json "$2" "$3")" ;;
  --eventbridge-sqs)
    [[ $# -eq 3 ]] || usage
    inner="$(render eventbridge-object-created.json "$2" "$3")"
    body="$(json_string "$inner")"
    EVENT="$(sed -e "s|\${request_id}|local-$RANDOM$RANDOM|g" -e "s|\${epoch_ms}|$(date +%s%3N)|g" \
                 -e "s|\${queue}|coherent-$FN-events|g" "$LOCAL_DIR/events/sqs-message.json")"
    EVENT="${EVENT/\$\{body\}/$body}" ;;
  -) EVENT="$(cat)" ;;
  *) [[ -f "$1" ]] || die "no event file $1"; EVENT="$(cat "$1")" ;;
esac

if [[ $PRINT -eq 1 ]]; then
  printf '%s\n' "$EVENT"
  exit 0
fi

URL="http://127.0.0.1:$(function_runtime_port "$FN")/2015-03-31/functions/function/invocations"
HEADERS="$(mktemp)"
trap 'rm -f "$HEADERS"' EXIT
ANSWER="$(printf '%s' "$EVENT" | curl -sS -D "$HEADERS" -X POST -H 'Content-Type: application/json' \
  --data-binary @- "$URL")" || die "cannot reach the Lambda runtime emulator of $FN at $URL (is the stack up?)"
printf '%s\n' "$ANSWER"
STATUS="$(head -n 1 "$HEADERS" | awk '{ print $2 }')"
if grep -qi '^x-amz-function-error' "$HEADERS" || [[ "$STATUS" != 200 ]]; then
  log "the $FN handler failed (HTTP $STATUS); see $RUN_DIR/logs/$FN.log"
  exit 1
fi
