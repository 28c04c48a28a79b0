#!/usr/bin/env bash
# Soaks (issue 17, item 4: a long evaluate once died with SIGSEGV in two TensorFlow threads).
# Each runs under -Xcheck:jni for MINUTES, keeps the JVM's fatal-error files (hs_err_pid*.log) and
# counts the JNI checker's complaints; results go to bench/results/soak/, and docs/results/soak.md
# is rewritten from every result there.
#
#   bench/soak.sh evaluate MODELS COHORT [MINUTES] [PATIENTS] [LABEL]
#       (defaults: 40 minutes, 400 test patients, 0 = all; results in evaluate-LABEL.tsv, LABEL
#       defaulting to PATIENTS)
#       `coherent evaluate --draws 20 --sampler ddim --steps 100` again and again, each run with another
#       seed: model sets, inference graphs and tensors built, used by TensorFlow's threads and closed
#       many times, and with PATIENTS 0 one long process per run. STORM=1: while each run works,
#       bench/signal-storm.py sends SIGPIPE to its TensorFlow threads (as the signals soak does).
#   bench/soak.sh signals [MINUTES] [CAP ...]        (defaults: 5 minutes per cap; caps ALL AVX2 AVX)
#       the cause of the crash: `coherent bench sampler --config paper` again and again for MINUTES
#       under each oneDNN instruction-set cap (ONEDNN_MAX_CPU_ISA; ALL: none), while
#       bench/signal-storm.py sends SIGPIPE (handled and ignored by the JVM) to TensorFlow's threads.
#       A run that does not exit 0 is a crash; its first line saying why is kept.
#   bench/soak.sh speed [REPEATS] [CAP ...]          (defaults: 2 repeats; caps ALL AVX2 AVX)
#       what the cap costs: `coherent bench sampler --config paper --batches 1,64,1024` per cap, on a
#       quiet machine (speed-CAP-REPEAT.tsv).
#   bench/soak.sh function MODELS [MINUTES]                       (default: 60 minutes)
#       the imputation function (one JVM, COHERENT_LAUNCH=plain) under mixed load: single-patient and
#       16-patient /v1/impute clients, Open Inference Protocol infers, requests it must refuse, health,
#       metrics and model listings, while a new version of the set is published every 5 minutes
#       (SWAP_SECONDS; so sets are swapped and closed while requests run on them), and its resident
#       memory sampled every 30 s. Needs the runner jar
#       (./mvnw -q -DskipTests package -pl functions/imputation -am).
#
# COHERENT_JAR (training tools) and JAR (imputation runner) run copied builds, so that the tree can be
# rebuilt meanwhile. Not part of CI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
KIND=$1
shift
# SOAK_OUT keeps a trial's results elsewhere (and leaves the doc alone).
OUT=${SOAK_OUT:-bench/results/soak}
DOC=docs/results/soak.md
mkdir -p "$OUT" "$(dirname "$DOC")"
export TF_CPP_MIN_LOG_LEVEL=2
JNI_COMPLAINTS="WARNING in native method\|FATAL ERROR in native method"
CAPS=(ALL AVX2 AVX) # oneDNN caps the signals and speed soaks compare by default (ALL: none)

machine() { # cores and processor, as the results' first lines say
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
}

describe_set() { # $1 model set folder
  python3 -c "import json; m=json.load(open('$1/manifest.json')); print(m['cohort']['patients'], 'patients,', len(m['models']), 'denoisers, network', m['training'].get('network', {}))"
}

soak_evaluate() {
  local models=$1 cohort=$2 minutes=${3:-40} patients=${4:-400}
  local label=${5:-$patients}
  local work=bench/tmp/soak/evaluate-$label tsv=$OUT/evaluate-$label.tsv
  rm -rf "$work"; mkdir -p "$work"
  local storm_note="" storm_column=""
  if [[ -n ${STORM:-} ]]; then
    storm_note="; STORM=1, oneDNN cap ${ONEDNN_MAX_CPU_ISA:-AVX, the default of bin/coherent}"
    storm_column="\tsignals"
  fi
  echo "# bench/soak.sh evaluate $models $cohort $minutes $patients $label; $(machine); set: $(describe_set "$models")$storm_note" > "$tsv"
  echo -e "run\tseed\texit\tseconds\tjni_warnings\tfatal_error_files$storm_column" >> "$tsv"
  local end=$(( $(date +%s) + minutes * 60 )) run=0
  while (( $(date +%s) < end )); do
    run=$(( run + 1 ))
    local start status=0
    start=$(date +%s)
    # hs_err files land in the working directory: one per run folder.
    mkdir -p "$work/run-$run"
    (cd "$work/run-$run" && JAVA_OPTS="-Xcheck:jni" exec "$ROOT/bin/coherent" evaluate --cohort "$ROOT/$cohort" \
      --models "$ROOT/$models" --out eval --draws 20 --sampler ddim --steps 100 --seed "$run" \
      --max-patients "$patients" > run.log 2>&1) &
    local pid=$! storm=""
    if [[ -n ${STORM:-} ]]; then
      sleep 5 # TensorFlow's threads start with the first session
      python3 bench/signal-storm.py "$pid" > "$work/run-$run/storm.txt" &
      storm=$!
    fi
    wait "$pid" || status=$?
    [[ -z $storm ]] || wait "$storm" || true
    local jni fatal
    jni=$(grep -c "$JNI_COMPLAINTS" "$work/run-$run/run.log" || true)
    fatal=$(find "$work/run-$run" -maxdepth 1 -name 'hs_err_pid*.log' | wc -l)
    cp "$work/run-$run"/hs_err_pid*.log "$OUT/" 2> /dev/null || true
    local signals=""
    [[ -z $storm ]] || signals=$(cut -f1 "$work/run-$run/storm.txt")
    echo -e "$run\t$run\t$status\t$(( $(date +%s) - start ))\t$jni\t$fatal${storm:+\t$signals}" | tee -a "$tsv"
  done
}

soak_signals() {
  local minutes=${1:-5}
  shift || true
  local caps=("$@")
  [[ ${#caps[@]} -gt 0 ]] || caps=("${CAPS[@]}")
  local work=bench/tmp/soak/signals tsv=$OUT/signals.tsv
  rm -rf "$work"; mkdir -p "$work"
  local isa=AVX2
  grep -qw avx512f /proc/cpuinfo && isa=AVX-512
  echo "# bench/soak.sh signals $minutes ${caps[*]}; $(machine), $isa; $(java -version 2>&1 | head -1)" > "$tsv"
  echo -e "cap\trun\texit\tseconds\tsignals\toutcome" >> "$tsv"
  for cap in "${caps[@]}"; do
    local end=$(( $(date +%s) + minutes * 60 )) run=0
    while (( $(date +%s) < end )); do
      run=$(( run + 1 ))
      local dir=$work/$cap-$run status=0 start
      mkdir -p "$dir"
      start=$(date +%s)
      (cd "$dir" && ONEDNN_MAX_CPU_ISA=$cap exec "$ROOT/bin/coherent" bench sampler --config paper \
        --batches 64,1024 --min-seconds 5 > run.log 2>&1) &
      local pid=$!
      sleep 5 # TensorFlow's threads start with the first session
      python3 bench/signal-storm.py "$pid" > "$dir/storm.txt" &
      local storm=$!
      wait "$pid" || status=$?
      wait "$storm" || true
      local outcome=ok
      if (( status != 0 )); then
        outcome=$(grep -m1 -E "corrupted|free\(\)|malloc|SIGSEGV|SIGBUS|SIGILL|Aborted" "$dir/run.log" | tr '\t' ' ' | cut -c1-120 || true)
        [[ -n $outcome ]] || outcome="exit $status" # its hs_err_pid*.log stays in $dir
      fi
      echo -e "$cap\t$run\t$status\t$(( $(date +%s) - start ))\t$(cut -f1 "$dir/storm.txt")\t$outcome" | tee -a "$tsv"
    done
  done
}

soak_speed() {
  local repeats=${1:-2}
  shift || true
  local caps=("$@")
  [[ ${#caps[@]} -gt 0 ]] || caps=("${CAPS[@]}")
  rm -f "$OUT"/speed-*.tsv
  for rep in $(seq "$repeats"); do
    for cap in "${caps[@]}"; do
      ONEDNN_MAX_CPU_ISA=$cap bin/coherent bench sampler --config paper --batches 1,64,1024 --min-seconds 3 \
        > "$OUT/speed-$cap-$rep.tsv" 2> /dev/null
    done
  done
  echo "# bench/soak.sh speed $repeats ${caps[*]}; $(machine)" > "$OUT/speed.txt"
}

soak_function() {
  local models=$1 minutes=${2:-60}
  local jar
  jar=$(realpath "${JAR:-$(ls functions/imputation/target/imputation-function-*-runner.jar | head -1)}")
  local work=bench/tmp/soak/function tsv=$OUT/function.tsv port=8491
  rm -rf "$work"; mkdir -p "$work/catalog" "$work/staging"
  local base="http://localhost:$port"
  publish() { # $1 version: the set copied under a new version, then renamed into the catalog
    cp -r "$models" "$work/staging/$1"
    sed -i -E "s/\"version\" *: *\"[^\"]*\"/\"version\": \"$1\"/; s/\"created_at\" *: *\"[^\"]*\"/\"created_at\": \"$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)\"/" \
      "$work/staging/$1/manifest.json"
    mv "$work/staging/$1" "$work/catalog/$1"
  }
  publish soak-1
  (cd "$work" && COHERENT_LAUNCH=plain exec java -Xcheck:jni -Dquarkus.http.port=$port \
    -Dcoherent.models.uri="$ROOT/$work/catalog" -Dcoherent.models.poll-interval=2s \
    -Dcoherent.models.retained-versions=2 -jar "$jar" > function.log 2>&1) &
  local pid=$!
  trap "kill -TERM $pid 2>/dev/null || true" EXIT
  until curl -sf -o /dev/null "$base/q/health/ready"; do
    kill -0 $pid 2> /dev/null || { echo "the function exited; see $work/function.log" >&2; exit 1; }
    sleep 1
  done
  local seconds=$(( minutes * 60 )) end=$(( $(date +%s) + minutes * 60 ))
  local swap=${SWAP_SECONDS:-300}
  # The function's resident memory every 30 s: a set that is not freed after its swap shows here.
  (while kill -0 $pid 2> /dev/null; do
    echo -e "$(( $(date +%s) + seconds - end ))\t$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$pid/status 2> /dev/null)"
    sleep 30
  done) > "$work/rss.tsv" &
  # Two bench-load mixes: one patient per request (batched by the function), and 16 patients with
  # the evaluation's sampler settings.
  bin/coherent bench load --url "$base/v1/impute" --clients 4 --seconds "$seconds" --warmup 8 --pid "$pid" \
    > "$work/load-single.txt" 2>&1 &
  local single=$!
  bin/coherent bench load --url "$base/v1/impute" --clients 2 --seconds "$seconds" --warmup 2 --patients 16 \
    --draws 20 --steps 100 --seed 2 > "$work/load-batch.txt" 2>&1 &
  local batch=$!
  # One more client: the protocol's infer, refusals, probes and listings, counted by answer status.
  python3 - "$base" "$end" "$work/mixed.tsv" "$models" <<'PY' &
import json, sys, time, urllib.request, urllib.error, collections, random
base, end, out, models = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
manifest = json.load(open(models + "/manifest.json"))
dims = {name: info["dim"] for name, info in manifest["modalities"].items()} if isinstance(manifest["modalities"], dict) else {m["name"]: m["dim"] for m in manifest["modalities"]}
names = sorted(dims)
rng = random.Random(3)
counts = collections.Counter()
def call(kind, path, body=None, expect=(200,)):
    req = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            status = r.status; r.read()
    except urllib.error.HTTPError as e:
        status = e.code; e.read()
    except Exception as e:
        status = type(e).__name__
    counts[(kind, status, status in expect)] += 1
def infer(n):
    given = rng.choice(names)
    return {"id": "soak", "inputs": [{"name": given, "datatype": "FP32", "shape": [n, dims[given]],
            "data": [rng.gauss(0, 1) for _ in range(n * dims[given])]}], "parameters": {"draws": 10, "seed": 5}}
while time.time() < end:
    call("v2 infer", "/v2/models/imputation/infer", infer(rng.choice([1, 4])))
    bad = infer(1); bad["inputs"][0]["shape"] = [2, 3]
    call("v2 infer, wrong shape", "/v2/models/imputation/infer", bad, expect=(400, 422))
    call("v1 impute, nothing observed", "/v1/impute", {"patients": [{"id": "p", "modalities": {}}]}, expect=(400, 422))
    for kind, path in [("ready", "/q/health/ready"), ("live", "/q/health/live"), ("metrics", "/q/metrics"),
                       ("v1 models", "/v1/models"), ("v2 model metadata", "/v2/models/imputation")]:
        call(kind, path)
    time.sleep(0.5)
with open(out, "w") as f:
    f.write("request\tstatus\texpected\tcount\n")
    for (kind, status, ok), n in sorted(counts.items(), key=str):
        f.write(f"{kind}\t{status}\t{'yes' if ok else 'no'}\t{n}\n")
PY
  local mixed=$!
  local version=1
  while (( $(date +%s) + swap < end )); do
    sleep "$swap"
    version=$(( version + 1 ))
    publish "soak-$version"
  done
  local rc=0
  wait $single || rc=$?
  wait $batch || rc=$?
  wait $mixed || rc=$?
  local alive=yes
  kill -0 $pid 2> /dev/null || alive=no
  curl -sf "$base/q/metrics" > "$work/metrics.txt" || true
  kill -TERM $pid 2> /dev/null || true
  wait $pid 2> /dev/null || true
  cp "$work"/hs_err_pid*.log "$OUT/" 2> /dev/null || true
  {
    echo "# bench/soak.sh function $models $minutes; $(machine); set: $(describe_set "$models")"
    echo -e "check\tvalue"
    echo -e "alive at the end\t$alive"
    echo -e "load clients' exit status\t$rc"
    echo -e "versions published\t$version"
    echo -e "swaps logged\t$(grep -c "now serving" "$work/function.log" || true)"
    echo -e "jni_warnings\t$(grep -c "$JNI_COMPLAINTS" "$work/function.log" || true)"
    echo -e "fatal_error_files\t$(find "$work" -maxdepth 1 -name 'hs_err_pid*.log' | wc -l)"
    echo -e "error log lines\t$(grep -c " ERROR " "$work/function.log" || true)"
  } > "$tsv"
  for f in load-single load-batch; do
    { echo "## $f"; cat "$work/$f.txt"; } >> "$OUT/function-load.txt"
  done
  cp "$work/mixed.tsv" "$OUT/function-mixed.tsv"
  { echo -e "second\trss_mib"; cat "$work/rss.tsv"; } > "$OUT/function-rss.tsv"
}

# One block, read whole before it runs, so that editing this file during a soak does not change it.
{
  case "$KIND" in
    evaluate) soak_evaluate "$@" ;;
    function) rm -f "$OUT/function-load.txt"; soak_function "$@" ;;
    signals) soak_signals "$@" ;;
    speed) soak_speed "$@" ;;
    *) echo "usage: bench/soak.sh evaluate MODELS COHORT [MINUTES] [PATIENTS] [LABEL] | signals [MINUTES] [CAP ...] | speed [REPEATS] [CAP ...] | function MODELS [MINUTES]" >&2; exit 2 ;;
  esac
  if [[ -z "${SOAK_OUT:-}" ]]; then
    python3 bench/soak-report.py "$OUT" > "$DOC"
    echo "wrote $DOC"
  fi
  exit
}
