#!/usr/bin/env bash
# Reproduces docs/results/calibration.md: coverage of the central intervals at 50/80/90/95% on the
# test split before (the draws' own quantiles) and after the conformal calibration `train` stores
# (mean ± q·std), for every target, condition set and method, and for the best method of each
# target and condition set. Each cohort's set is trained with the defaults (`--calibration-folds
# auto`: cross-fitted in 5 folds where some condition set has fewer than 100 validation patients,
# on the validation patients otherwise); cohorts named in SPLIT_TOO (default: the small synthetic
# one) are also trained with `--calibration-folds 0` for comparison. Evaluated with 20 draws of
# DDIM at 100 steps. A subsample of synthetic-pancancer as bench/cohort-size.sh makes it:
#   bench/subsample-cohort.py ../shared/datasets/synthetic-pancancer 1000 bench/tmp/synthetic-1000 --seed 42
#
#   bench/calibration.sh [COHORT_DIR ...]    (default: synthetic-pancancer-small, about 25 min on 2 cores;
#                                              the whole synthetic-pancancer about 30 min more)
# It then runs bench/out-of-distribution.sh and repeats its tables (OOD=0: not).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT=bench/results/calibration
DOC=docs/results/calibration.md
WORK="${WORK:-bench/tmp/calibration}"
SPLIT_TOO="${SPLIT_TOO:-synthetic-pancancer-small}"
EVAL_ARGS=(--draws 20 --sampler ddim --steps 100 --seed 7)
cohorts=("$@")
[[ ${#cohorts[@]} -gt 0 ]] || cohorts=(../shared/datasets/synthetic-pancancer-small)
mkdir -p "$OUT" "$WORK" "$(dirname "$DOC")"

names=()
for cohort in "${cohorts[@]}"; do
  base="$(basename "$cohort")"
  variants=(auto)
  [[ " $SPLIT_TOO " == *" $base "* ]] && variants+=(0)
  for folds in "${variants[@]}"; do
    name="$base"
    [[ $folds == auto ]] || name="$base-split"
    names+=("$name")
    models="$WORK/models-$name"
    # Results are kept between runs: delete bench/results/calibration/NAME* to measure a cohort again.
    if [[ -f "$OUT/$name/evaluation.tsv" && -f "$OUT/$name.manifest.json" ]]; then
      continue
    fi
    if [[ ! -f "$models/manifest.json" ]]; then
      rm -rf "$models" "$models-audit-reference"
      /usr/bin/time -f "%e" -o "$OUT/$name.train-seconds" bin/coherent train --cohort "$cohort" --out "$models" \
        --seed 42 --calibration-folds "$folds" > "$OUT/$name.train.log" 2>&1
    fi
    bin/coherent evaluate --cohort "$cohort" --models "$models" --out "$OUT/$name" "${EVAL_ARGS[@]}" \
      > "$OUT/$name.evaluate.log" 2>&1
    cp "$models/manifest.json" "$OUT/$name.manifest.json"
  done
done

python3 - "$OUT" "$DOC" "${names[@]}" <<'PY' > "$DOC.tmp"
import csv, json, statistics, subprocess, sys
out, doc, names = sys.argv[1], sys.argv[2], sys.argv[3:]
LEVELS = ["50", "80", "90", "95"]
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
import os
print("# Conformal calibration of the intervals: coverage before and after")
print()
print(f"Produced by `bench/calibration.sh` at commit {commit} on {os.cpu_count()} cores ({cpu}). Each cohort's")
print("model set is trained with the defaults (`coherent train --seed 42`), which store the conformal")
print("calibration: the linear method cross-fitted on the training and validation patients, the diffusion")
print("methods (`--calibration-folds auto`) cross-fitted in 5 folds too (5 more sets trained) where some")
print("condition set has fewer than 100 validation patients, on the validation patients otherwise; sets")
print("named *-split* are trained with `--calibration-folds 0` (always the validation patients) for")
print("comparison. `coherent evaluate --draws 20 --sampler ddim")
print("--steps 100` then scores every target, condition set and method on the test split. *Raw* is the")
print("coverage of the draws' own central interval (their quantiles), *calibrated* that of the interval an")
print("imputation answers with: the draws' mean ± q·std, q from the set's table for 20 draws at that level.")
print("The *best* method of a target and condition set is the one with the highest R².")

def f(x):
    return f"{x:.3f}"

for name in names:
    rows = list(csv.DictReader(open(f"{out}/{name}/evaluation.tsv"), delimiter="\t"))
    manifest = json.load(open(f"{out}/{name}.manifest.json"))
    cal_patients = sorted({t["patients"] for s in manifest["validation"] for t in s.get("intervals", [])})
    best = {}
    for r in rows:
        key = (r["target"], r["condition"])
        if key not in best or float(r["r2"]) > float(best[key]["r2"]):
            best[key] = r
    best_rows = list(best.values())
    print()
    print(f"## {name}")
    print()
    seconds = open(f"{out}/{name}.train-seconds").read().strip() if os.path.exists(f"{out}/{name}.train-seconds") else "?"
    print(f"{len(rows)} rows ({len(best_rows)} target/condition sets), {rows[0]['patients']} test patients per row;"
          f" calibrated on {', '.join(map(str, cal_patients)) or 'no'} patients per condition set and method;"
          f" {sum(r['calibrated'] == '1' for r in rows)} of {len(rows)} rows calibrated; training {seconds} s.")
    for label, subset in (("every method", rows), ("best method", best_rows)):
        print()
        print(f"**{label}** ({len(subset)} rows): mean coverage [min, max], and the rows within ±2 points of the level")
        print()
        print("| level | raw | calibrated | raw within ±0.02 | calibrated within ±0.02 | mean width, calibrated |")
        print("|---|---|---|---|---|---|")
        for lv in LEVELS:
            level = int(lv) / 100
            raw = [float(r[f"raw_coverage{lv}"]) for r in subset]
            cal = [float(r[f"coverage{lv}"]) for r in subset]
            within = lambda v: sum(abs(x - level) <= 0.02 + 1e-9 for x in v)
            widths = [float(r[f"width{lv}"]) for r in subset]
            print(f"| {lv}% | {f(statistics.mean(raw))} [{f(min(raw))}, {f(max(raw))}] | "
                  f"{f(statistics.mean(cal))} [{f(min(cal))}, {f(max(cal))}] | {within(raw)}/{len(raw)} | "
                  f"{within(cal)}/{len(cal)} | {f(statistics.mean(widths))} |")
    print()
    print("Best method per target and condition set (coverage on the test split, calibrated; raw 90% beside):")
    print()
    print("| target | condition | method | r2 | raw 90% | 50% | 80% | 90% | 95% | 88-92% at 90 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in best_rows:
        ok = 0.88 <= float(r["coverage90"]) <= 0.92
        print(f"| {r['target']} | {r['condition']} | {r['method']} | {f(float(r['r2']))} | {f(float(r['raw_coverage90']))} | "
              + " | ".join(f(float(r[f'coverage{lv}'])) for lv in LEVELS) + f" | {'yes' if ok else '**no**'} |")
PY
# The out-of-distribution verdict (issue 15's other results) on its own sets, its page's tables repeated
# here; OOD=0 leaves them out (the sets take about 35 minutes to train the first time).
if [[ ${OOD:-1} != 0 ]]; then
  bench/out-of-distribution.sh > "$OUT/out-of-distribution.log" 2>&1
  OOD_DOC=docs/results/out-of-distribution.md
  {
    echo
    echo "## Out-of-distribution verdict"
    echo
    echo "From \`bench/out-of-distribution.sh\`, which this script runs (discussed in $OOD_DOC):"
    echo
    sed -n '3,/^<!-- discussion -->/p' "$OOD_DOC" | grep -v '^<!-- discussion -->' | sed 's/^## /### /'
  } >> "$DOC.tmp"
fi
if [[ -f "$DOC" ]] && grep -q '^<!-- discussion -->' "$DOC"; then
  sed -n '/^<!-- discussion -->/,$p' "$DOC" >> "$DOC.tmp"
fi
mv "$DOC.tmp" "$DOC"
echo "wrote $DOC"
