#!/usr/bin/env python3
"""Would a factor model impute better than ridge where patients are few? (numpy, a measurement for a
future linear method; the product's linear method is ridge, dev.coherent.linear.LinearGaussian.)

On synthetic-pancancer's complete patients: each modality imputed from the other three by
  ridge   ridge regression, its penalty chosen by 5-fold cross-validation on the training patients,
  factor  the conditional mean of a factor-analysis Gaussian of all four modalities (rank by 5-fold
          held-out likelihood), as the out-of-distribution score fits it,
fitted on all 2,842 complete training patients, then on 700 of them (two seeded draws), and scored
by R² on the 1,377 test patients (per feature, averaged), beside oracle_r2.tsv's ceiling.
Writes bench/results/factor-imputation-headroom.tsv.

  bench/factor-imputation-headroom.py [COHORT_DIR]     (about five minutes)
"""
import csv
import sys

import numpy as np

from factor_analysis import factor_covariance

D = sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets/synthetic-pancancer"
MS = ["cna", "rnaseq", "rppa", "wsi"]
ALPHAS = [0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
split = {r["sample"]: r["split"] for r in csv.DictReader(open(f"{D}/samples.tsv"), delimiter="\t")}
data = {}
for m in MS:
    rows = [line.rstrip("\n").split("\t") for line in open(f"{D}/{m}.tsv")][1:]
    data[m] = {r[0]: np.array(r[1:], float) for r in rows}
oracle = {(r["target"], r["condition"]): float(r["oracle_r2"])
          for r in csv.DictReader(open(f"{D}/oracle_r2.tsv"), delimiter="\t")}
complete = [s for s in split if all(s in data[m] for m in MS)]
all_train = [s for s in complete if split[s] == "train"]
test = [s for s in complete if split[s] == "test"]


def matrix(ids):
    return np.hstack([np.array([data[m][s] for s in ids]) for m in MS])


def r2(pred, y):
    return float(np.mean(1 - ((y - pred) ** 2).sum(0) / ((y - y.mean(0)) ** 2).sum(0)))


def ridge(x, y, alpha):
    return np.linalg.solve(x.T @ x + alpha * len(x) * np.eye(x.shape[1]), x.T @ y)


def ridge_cv(x, y):
    order = np.random.default_rng(0).permutation(len(x))
    errors = []
    for a in ALPHAS:
        e = 0
        for f in range(5):
            held = order[f::5]
            keep = np.setdiff1d(order, held)
            e += ((y[held] - x[held] @ ridge(x[keep], y[keep], a)) ** 2).sum()
        errors.append(e)
    return ridge(x, y, ALPHAS[int(np.argmin(errors))])


out = []
for label, train in [("all", all_train)] + [
        (f"700 (draw {s})", list(np.random.default_rng(s).choice(all_train, 700, replace=False))) for s in (1, 2)]:
    xt = matrix(train)
    mu, sd = xt.mean(0), xt.std(0)
    xt, xs = (xt - mu) / sd, (matrix(test) - mu) / sd
    sigma, rank = factor_covariance(xt)
    for i, m in enumerate(MS):
        ym = np.arange(32 * i, 32 * i + 32)
        om = np.setdiff1d(np.arange(32 * len(MS)), ym)
        b = sigma[np.ix_(ym, om)] @ np.linalg.inv(sigma[np.ix_(om, om)])
        row = {
            "training_patients": label,
            "target": m,
            "ridge": r2(xs[:, om] @ ridge_cv(xt[:, om], xt[:, ym]), xs[:, ym]),
            "factor": r2(xs[:, om] @ b.T, xs[:, ym]),
            "factor_rank": str(rank),
            "oracle": oracle[(m, "+".join(o for o in MS if o != m))],
        }
        out.append(row)
        print("\t".join(f"{v:.3f}" if isinstance(v, float) else v for v in row.values()), flush=True)
with open("bench/results/factor-imputation-headroom.tsv", "w") as f:
    f.write("\t".join(out[0]) + "\n")
    for r in out:
        f.write("\t".join(f"{v:.4f}" if isinstance(v, float) else v for v in r.values()) + "\n")
