#!/usr/bin/env bash
# Reproduces docs/results/live-update.md: the imputation function serves a folder of published
# model sets; 8 clients send requests for about SECONDS seconds (default 60) while, a third of the
# way in, a new set is published into the folder (one rename, as a publication should be). Prints
# the load report (errors, answers by model-set version) and the function's swap log line.
# Needs the jars (./mvnw -q -DskipTests package -pl functions/imputation,training-tools -am) and a
# model set: MODELS (default quickstart-output/models, else the functions' test set). Port 8481.
# Not part of CI.
#   bench/live-update.sh [SECONDS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TF_CPP_MIN_LOG_LEVEL=2
SECONDS_WANTED="${1:-60}"
JAR="${JAR:-$(ls functions/imputation/target/imputation-function-*-runner.jar | head -1)}"
MODELS="${MODELS:-quickstart-output/models}"
[[ -f "$MODELS/manifest.json" ]] || MODELS=functions/common/target/test-models/test-model-set
OUT=bench/results/live-update
WORK=bench/tmp/live-update
rm -rf "$WORK"; mkdir -p "$WORK/catalog" "$WORK/staging" "$OUT"
PORT=8481
URL="http://localhost:$PORT/v1/impute"

# A publication: the set copied under a new version and creation time, then renamed into the folder.
publish() { # $1 child folder, $2 version
  cp -r "$MODELS" "$WORK/staging/$1"
  sed -i -E "s/\"version\" *: *\"[^\"]*\"/\"version\": \"$2\"/; s/\"created_at\" *: *\"[^\"]*\"/\"created_at\": \"$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)\"/" \
    "$WORK/staging/$1/manifest.json"
  mv "$WORK/staging/$1" "$WORK/catalog/$1"
}

publish v1 bench-v1
java -Dquarkus.http.port=$PORT -Dcoherent.models.uri="$ROOT/$WORK/catalog" -Dcoherent.models.poll-interval=1s \
  -Dcoherent.models.retained-versions=1 -jar "$JAR" > "$WORK/function.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://localhost:$PORT/q/health/ready"; do
  kill -0 $PID 2>/dev/null || { echo "the function exited; see $WORK/function.log" >&2; exit 1; }
  sleep 0.2
done

bin/coherent bench load --url "$URL" --clients 8 --requests 16 --warmup 16 > /dev/null  # warm the JIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); model set $MODELS; 8 clients for $SECONDS_WANTED s" \
  | tee "$OUT/load.txt"
bin/coherent bench load --url "$URL" --clients 8 --seconds "$SECONDS_WANTED" --warmup 0 --pid $PID > "$WORK/load.txt" &
LOAD=$!
sleep $(( SECONDS_WANTED / 3 ))
publish v2 bench-v2
echo "published bench-v2 at $(date -u +%H:%M:%S)" | tee -a "$OUT/load.txt"
rc=0; wait $LOAD || rc=$?
cat "$WORK/load.txt" >> "$OUT/load.txt"
grep -h "now serving\|cannot be served" "$WORK/function.log" | sed 's/^[0-9-]* //' >> "$OUT/load.txt" || true
cat "$OUT/load.txt"
exit $rc
