#!/usr/bin/env python3
"""Splits a sample-major cohort by cancer type: a cohort without some types, and those types' patients.

    bench/hold-out-types.py SOURCE_DIR KEPT_DIR OTHER_DIR [--types 3] [--seed 42]

TYPES cancer types, drawn at random (seeded) among those with test patients, are held out: KEPT_DIR
has every patient of the other types (splits and oracle_r2.tsv as in the source), OTHER_DIR the
held-out types' test patients, a cohort the sets trained on KEPT_DIR never saw (issue 15, (d):
patients taken from a different cohort, as a TCGA project is one cancer type).
"""
import argparse
import csv
import random
import shutil
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("source", type=Path)
parser.add_argument("kept", type=Path)
parser.add_argument("other", type=Path)
parser.add_argument("--types", type=int, default=3)
parser.add_argument("--seed", type=int, default=42)
args = parser.parse_args()

with open(args.source / "samples.tsv", newline="") as f:
    rows = list(csv.reader(f, delimiter="\t"))
header, samples = rows[0], rows[1:]
kind, split = header.index("cancer_type"), header.index("split")
tested = sorted({r[kind] for r in samples if r[split] == "test"})
held = set(random.Random(args.seed).sample(tested, args.types))
kept = {r[0] for r in samples if r[kind] not in held}
other = {r[0] for r in samples if r[kind] in held and r[split] == "test"}

for out, chosen in ((args.kept, kept), (args.other, other)):
    out.mkdir(parents=True, exist_ok=True)
    for path in args.source.iterdir():
        if path.suffix != ".tsv" or path.name == "oracle_r2.tsv":
            if path.is_file() and out == args.kept:
                shutil.copy(path, out / path.name)
            continue
        with open(path, newline="") as f, open(out / path.name, "w", newline="") as g:
            reader = csv.reader(f, delimiter="\t")
            writer = csv.writer(g, delimiter="\t", lineterminator="\n")
            writer.writerow(next(reader))
            writer.writerows(r for r in reader if r[0] in chosen)
print(f"held out {', '.join(sorted(held))}: {args.kept} {len(kept)} patients, {args.other} {len(other)} test patients")
