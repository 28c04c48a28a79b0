#!/usr/bin/env bash
# Reproduces docs/results/performance-function.md: cold start of the imputation function and its
# warm latency, throughput and RSS at 1, 8 and 32 clients with dynamic batching on and off.
# Needs the jars (./mvnw -q -DskipTests package -pl functions/imputation,training-tools -am) and the
# quick-start model set (bin/coherent quickstart). Uses port 8480. Not part of CI.
#   bench/function-performance.sh cold [RUNS]     cold start: java -jar as users start it (relaunched with the
#     images' options: TunedLaunch), the same in one JVM (COHERENT_LAUNCH=plain) and the images' configuration
#   bench/function-performance.sh load [REPEATS]  load at 1/8/32 clients, batching window 3ms and 0
#     (ONE_CLIENT_REQUESTS=100 and PER_CLIENT_REQUESTS=10 set the counted requests)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TF_CPP_MIN_LOG_LEVEL=2
JAR="${JAR:-functions/imputation/target/imputation-function-0.1.0-SNAPSHOT-runner.jar}"
MODELS="${MODELS:-quickstart-output/models}"
OUT=bench/tmp/function-performance  # ignored by git (the CDS archive is ~40 MB)
mkdir -p "$OUT"
PORT=8480
URL="http://localhost:$PORT/v1/impute"

start_function() { # $@: extra JVM options; sets PID
  # One JVM (no TunedLaunch child), so that PID is the function's for the memory figures.
  COHERENT_LAUNCH=plain java "$@" -Dquarkus.http.port=$PORT -Dcoherent.models.uri="$ROOT/$MODELS" -jar "$JAR" > "$OUT/function.log" 2>&1 &
  PID=$!
  until curl -sf -o /dev/null "http://localhost:$PORT/q/health/ready"; do
    kill -0 $PID 2>/dev/null || { echo "the function exited; see $OUT/function.log" >&2; exit 1; }
    sleep 0.2
  done
}

stop_function() {
  kill -TERM $PID 2>/dev/null || true
  wait $PID 2>/dev/null || true
}

case "${1:-}" in
  cold)
    RUNS="${2:-5}"
    # The deployable configuration's CDS archive (next to the jar), made once by a training run.
    bin/coherent bench cold-start --jar "$JAR" --models "$MODELS" --runs 0 | tee "$OUT/cold.txt"
    # Interleaved, one launch of each configuration in turn, so both see the same load.
    echo -e "round\tconfiguration\tload_1_5_15\trun\tfirst_answer_ms\tcpu_s\tquarkus_started_s\tmodel_set_ready_s\trss_mib\tclient_cpu_s" \
      | tee -a "$OUT/cold.txt"
    for r in $(seq "$RUNS"); do
      for mode in plain one-jvm deployable; do
        load=$(cut -d' ' -f1-3 /proc/loadavg)
        row=$(env $([[ $mode == one-jvm ]] && echo COHERENT_LAUNCH=plain) bin/coherent bench cold-start --jar "$JAR" \
          --models "$MODELS" --runs 1 $([[ $mode != deployable ]] && echo --plain) | grep -P '^1\t')
        echo -e "$r\t$mode\t$load\t$row" | tee -a "$OUT/cold.txt"
      done
    done
    ;;
  load)
    REPEATS="${2:-3}"
    for window in 3ms 0; do
      start_function -Dcoherent.batching.window=$window
      for r in $(seq "$REPEATS"); do
        for clients in 1 8 32; do
          requests=$(( clients == 1 ? ${ONE_CLIENT_REQUESTS:-100} : clients * ${PER_CLIENT_REQUESTS:-10} ))
          echo "== window $window clients $clients repeat $r load $(cut -d' ' -f1 /proc/loadavg)"
          bin/coherent bench load --url "$URL" --clients $clients --requests $requests --warmup $(( clients * 2 )) \
            --observed 1 --draws 10 --steps 50 --pid $PID
        done
      done 2>&1 | tee "$OUT/load-window-$window.txt"
      stop_function
    done
    ;;
  *)
    sed -n 2,9p "$0"
    exit 2
    ;;
esac
