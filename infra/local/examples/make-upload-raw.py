#!/usr/bin/env python3
"""Writes infra/local/examples/upload-raw.tsv: four patients of examples/data/tcga-acc-mini in the raw
upload layout (sample, then <modality>:<feature> columns with raw values), each with one modality
blanked out (every cell of it empty) for the imputation function to fill in. Run from the repository root."""
import csv

COHORT = "examples/data/tcga-acc-mini"
MODALITIES = {"rnaseq": "RNASeq2GeneNorm.tsv", "cna": "gistict.tsv", "rppa": "RPPAArray.tsv",
              "mirna": "miRNASeqGene.tsv"}
PATIENTS = ["TCGA-OR-A5J1", "TCGA-OR-A5J2", "TCGA-OR-A5J3", "TCGA-OR-A5J5"]

tables = {}
for m, f in MODALITIES.items():
    rows = list(csv.reader(open(f"{COHORT}/{f}"), delimiter="\t"))
    samples = rows[0][1:]
    tables[m] = ([r[0] for r in rows[1:]], {s: [r[1 + i] for r in rows[1:]] for i, s in enumerate(samples)})

with open("infra/local/examples/upload-raw.tsv", "w") as out:
    out.write("\t".join(["sample"] + [f"{m}:{f}" for m, (features, _) in tables.items() for f in features]) + "\n")
    for k, p in enumerate(PATIENTS):
        blank = list(MODALITIES)[k % len(MODALITIES)]
        cells = [p]
        for m, (features, values) in tables.items():
            v = values.get(p)
            cells += [""] * len(features) if m == blank or v is None else ["" if x in ("NA", "") else x for x in v]
        out.write("\t".join(cells) + "\n")
