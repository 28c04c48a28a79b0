#!/usr/bin/env python3
"""Subsamples a sample-major cohort to the size of a smaller study, keeping its test split whole.

    bench/subsample-cohort.py SOURCE_DIR PATIENTS OUT_DIR [--seed 42]

A cohort of PATIENTS patients trains on the same share of patients as the source does: that many
training and validation patients are drawn at random (seeded; each keeps its split), and every test
patient of the source is kept, so that every size is scored on the same test patients and against
the same oracle_r2.tsv, which is copied. With PATIENTS >= the source's size the cohort is copied.
"""
import argparse
import csv
import random
import shutil
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("source", type=Path)
parser.add_argument("patients", type=int)
parser.add_argument("out", type=Path)
parser.add_argument("--seed", type=int, default=42)
args = parser.parse_args()

with open(args.source / "samples.tsv", newline="") as f:
    rows = list(csv.reader(f, delimiter="\t"))
header, samples = rows[0], rows[1:]
split = header.index("split")
fitting = [r for r in samples if r[split] != "test"]
keep_share = len(fitting) / len(samples)
wanted = min(len(fitting), round(args.patients * keep_share))
chosen = set(r[0] for r in random.Random(args.seed).sample(fitting, wanted))
chosen |= set(r[0] for r in samples if r[split] == "test")

args.out.mkdir(parents=True, exist_ok=True)
for path in args.source.iterdir():
    if path.suffix != ".tsv" or path.name == "oracle_r2.tsv":
        if path.is_file():
            shutil.copy(path, args.out / path.name)
        continue
    with open(path, newline="") as f, open(args.out / path.name, "w", newline="") as g:
        reader = csv.reader(f, delimiter="\t")
        writer = csv.writer(g, delimiter="\t", lineterminator="\n")
        writer.writerow(next(reader))
        for r in reader:
            if r[0] in chosen:
                writer.writerow(r)
print(f"{args.out}: {wanted} training/validation patients + {len(chosen) - wanted} test patients")
