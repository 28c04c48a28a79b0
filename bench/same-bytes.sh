#!/usr/bin/env bash
# Same seeds, same bytes? Trains synthetic-pancancer-small with two builds of the CLI (the
# ShardedTrainingTest configuration: small config, 10 epochs, seed 7, --parallel 2 so TensorFlow's
# threads are fixed), evaluates each set with the same seed, and compares every file: SavedModels,
# linear models and the audit reference byte for byte; manifests and reports but for timings.
#
#   bench/same-bytes.sh BEFORE_JAR AFTER_JAR [WORK_DIR]     (about 6 minutes on 2 cores)
#
# A jar is training-tools/target/training-tools.jar of a build (its lib/ folder beside it), e.g. of
# a `git worktree` at the commit before a refactoring.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BEFORE=$1; AFTER=$2; WORK=${3:-$ROOT/bench/tmp/same-bytes}
COHORT=$ROOT/examples/data/synthetic-pancancer-small
run() {
  local out=$WORK/$1; rm -rf "$out"; mkdir -p "$out"
  COHERENT_JAR=$2 "$ROOT/bin/coherent" train --cohort "$COHORT" --out "$out/set" --config small --epochs 10 \
    --seed 7 --parallel 2 --version-label same-bytes > "$out/train.log" 2>&1
  COHERENT_JAR=$2 "$ROOT/bin/coherent" evaluate --cohort "$COHORT" --models "$out/set" --out "$out/eval" \
    --draws 4 --seed 3 --max-patients 60 > "$out/eval.log" 2>&1
}
run before "$BEFORE" & run after "$AFTER" & wait
python3 - "$WORK" <<'PY'
import csv, glob, hashlib, json, os, sys
w = sys.argv[1]
def files(d):
    return {os.path.relpath(p, d): hashlib.sha256(open(p, 'rb').read()).hexdigest()
            for p in glob.glob(d + '/**', recursive=True) if os.path.isfile(p)}
def without_timing(path):
    m = json.load(open(path))
    m.pop('created_at', None)
    for e in m.get('models', []) if isinstance(m.get('models'), list) else []:
        e.pop('seconds', None)
    if 'model' in m:
        m['model'].pop('seconds', None)
    m.pop('files', None)
    return m
ok = True
for part in ['set', 'set-audit-reference']:
    a, b = files(f'{w}/before/{part}'), files(f'{w}/after/{part}')
    same = [k for k in a if a[k] == b.get(k)]
    json_files = [k for k in a if k.endswith('.json') and a[k] != b.get(k)]
    other = [k for k in a if a[k] != b.get(k) and k not in json_files] + [k for k in b if k not in a]
    timing_only = all(without_timing(f'{w}/before/{part}/{k}') == without_timing(f'{w}/after/{part}/{k}')
                      for k in json_files)
    print(f'{part}: {len(same)} of {len(a)} files identical; {len(json_files)} JSON manifests differ'
          f' {"only in timings" if timing_only else "BEYOND TIMINGS"}; other differences: {other or "none"}')
    ok &= timing_only and not other
for f in ['evaluation.tsv', 'ood.tsv']:
    ra = list(csv.DictReader(open(f'{w}/before/eval/{f}'), delimiter='\t'))
    rb = list(csv.DictReader(open(f'{w}/after/eval/{f}'), delimiter='\t'))
    cols = {c for x, y in zip(ra, rb) for c in x if x[c] != y[c]} | ({'rows'} if len(ra) != len(rb) else set())
    print(f'{f}: {len(ra)} rows; columns that differ: {sorted(cols) or "none"}')
    ok &= cols <= {'seconds'}
print('SAME' if ok else 'DIFFERENT')
sys.exit(0 if ok else 1)
PY
