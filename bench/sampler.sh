#!/usr/bin/env bash
# Reproduces docs/results/performance-sampler.md: `coherent bench sampler` (paper network shape,
# 20 stochastic DDIM steps per call) repeated REPEATS times (default 3), with the median and range
# of every column over the repeats. Also records a JFR profile of the last repeat and where the
# main thread spent its samples. About 3 minutes per repeat on 2 quiet cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REPEATS="${REPEATS:-3}"
OUT=bench/results/sampler
DOC=docs/results/performance-sampler.md
mkdir -p "$OUT"
rm -f "$OUT"/run-*.tsv
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq 1 "$REPEATS"); do
  opts=""
  [[ $i == "$REPEATS" ]] && opts="-XX:StartFlightRecording=filename=$OUT/sampler.jfr,settings=profile"
  JAVA_OPTS="$opts" bin/coherent bench sampler --batches 1,64,1024,8192 --min-seconds 2 2>/dev/null \
    | grep -v '^\[' > "$OUT/run-$i.tsv"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# Share of the main thread's profile samples by where they were taken (Java code vs inside TF).
profile() {
  jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth 1 "$OUT/sampler.jfr" |
    awk '/jdk.ExecutionSample/ {k="java"} /jdk.NativeMethodSample/ {k="native"}
         /sampledThread = "main"/ {main=1} /^}/ {if (main) n[k]++; main=0}
         main && k=="native" && /TF_SessionRun/ {tf++}
         END {t=n["java"]+n["native"]; printf "| Java code (RNG, update, tensor copies, bookkeeping) | %.0f%% |\n| inside TF_SessionRun | %.0f%% |\n| other native (JNI allocation, library loading) | %.0f%% |\n", 100*n["java"]/t, 100*tf/t, 100*(n["native"]-tf)/t}'
}

{
  echo "# Sampler against the matmul roofline"
  echo
  echo "Produced by \`bench/sampler.sh\` ($REPEATS repeats of \`coherent bench sampler\`) on $(nproc) cores"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); load average $load_before before, $load_after after."
  echo "Paper network shape (E128, H256, 4 layers, 32-d modalities); 20 stochastic DDIM steps per call."
  echo "\`stepped\`: one session call per step, update in Java. \`fused\`: the whole plan in one call"
  echo "(FusedReverseGraph). \`matmul\`: the same layer shapes as bare TF matmuls, one call per step."
  echo "Median over repeats [min–max]; ratio = faster sampler path / matmul."
  echo
  echo "| method | batch | stepped GFLOP/s | fused GFLOP/s | matmul GFLOP/s | ratio | stepped µs/step | fused µs/step | matmul µs/step | fused first call (s) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  tail -q -n +2 "$OUT"/run-*.tsv | sort -k1,1 -k2,2n -s |
    awk -F'\t' '
      function stat(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t=a[j]; a[j]=a[j-1]; a[j-1]=t }
                                       return sprintf("%s [%s–%s]", a[int((n+1)/2)], a[1], a[n]) }
      function flush(   c, out, v) { if (key == "") return; out = "| " m " | " b
        for (c = 3; c <= 10; c++) { delete v; for (i = 1; i <= cnt; i++) v[i] = col[c, i]; out = out " | " stat(v, cnt) }
        print out " |" }
      { k = $1 "\t" $2; if (k != key) { flush(); key = k; m = $1; b = $2; cnt = 0 }
        cnt++; for (c = 3; c <= 10; c++) col[c, cnt] = $c }
      END { flush() }'
  echo
  echo "## Where the main thread's time goes (JFR, last repeat)"
  echo
  echo "| where | share of samples |"
  echo "|---|---:|"
  profile
} > "$DOC.tmp"
if [[ -f "$DOC" ]] && grep -q '^<!-- discussion -->' "$DOC"; then
  sed -n '/^<!-- discussion -->/,$p' "$DOC" >> "$DOC.tmp"
fi
mv "$DOC.tmp" "$DOC"
echo "wrote $DOC"
