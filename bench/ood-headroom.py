#!/usr/bin/env python3
"""How well could any per-patient score see a rotated modality (codes from another encoder)?

On synthetic-pancancer's complete patients (numpy only): ridge models fitted on the training split
(all of it, then 700 of its patients),
thresholds irrelevant (AUROC only). For each modality, the AUROC of rotated-vs-clean test patients for
  alone      the Gaussian Mahalanobis distance of the vector alone,
  knn        the distance to its 10th nearest training patient,
  given      the Mahalanobis distance of its residual given the other three modalities,
  llr        log p(m | others) - log p(m): the Neyman-Pearson statistic against "unrelated to the
             others", the best any score can do when a rotation leaves the modality's own
             distribution unchanged (Gaussian model), with the ridge models above;
  llr_factor the same ratio under a factor-analysis Gaussian of all four modalities (rank chosen
             by 5-fold held-out likelihood), as the model sets fit it (dev.coherent.linear.FactorModel).
Writes bench/results/ood-headroom.tsv; docs/results/out-of-distribution.md cites it.

  bench/ood-headroom.py [COHORT_DIR]     (about three minutes)
"""
import csv
import sys

import numpy as np

from factor_analysis import factor_covariance

D = sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets/synthetic-pancancer"
MS = ["cna", "rnaseq", "rppa", "wsi"]
split = {r["sample"]: r["split"] for r in csv.DictReader(open(f"{D}/samples.tsv"), delimiter="\t")}
data = {}
for m in MS:
    rows = [line.rstrip("\n").split("\t") for line in open(f"{D}/{m}.tsv")][1:]
    data[m] = {r[0]: np.array(r[1:], float) for r in rows}
complete = [s for s in split if all(s in data[m] for m in MS)]
all_train = [s for s in complete if split[s] == "train"]
test = [s for s in complete if split[s] == "test"]


def X(ids, mods):
    return np.hstack([np.array([(data[m][s] - mu[m]) / sd[m] for s in ids]) for m in mods])


def fit(target, conds, train, alpha=0.01):
    y = X(train, [target])
    if not conds:
        B = np.zeros((0, y.shape[1]))
        r = y
    else:
        x = X(train, conds)
        B = np.linalg.solve(x.T @ x + alpha * len(x) * np.eye(x.shape[1]), x.T @ y)
        r = y - x @ B
    return B, np.linalg.inv(r.T @ r / len(r))


def mahalanobis(model, x, y):
    B, P = model
    r = y - (x @ B if x.shape[1] else 0)
    return np.einsum("ij,jk,ik->i", r, P, r)


def auc(pos, neg):
    ranks = np.concatenate([pos, neg]).argsort().argsort() + 1
    return (ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def run(train):
    """One row per modality: the AUROCs with models fitted on {@code train}."""
    global mu, sd
    mu = {m: np.mean([data[m][s] for s in train], 0) for m in MS}
    sd = {m: np.std([data[m][s] for s in train], 0) for m in MS}
    rng = np.random.default_rng(42)
    sigma, rank = factor_covariance(X(train, MS))
    rows = []
    for m in MS:
        others = [o for o in MS if o != m]
        Q, R = np.linalg.qr(rng.normal(size=(32, 32)))
        Q = Q * np.sign(np.diag(R))  # uniform (Haar) only with R's diagonal made positive, as Gram-Schmidt does
        y, x = X(test, [m]), X(test, others)
        rotated = y @ Q.T
        alone, given = fit(m, [], train), fit(m, others, train)
        none = np.zeros((len(test), 0))
        train_m = X(train, [m])

        def knn(v, k=10):
            d = ((v[:, None, :] - train_m[None, :, :]) ** 2).sum(-1)
            return np.sort(d, 1)[:, k]

        def llr(v):
            return mahalanobis(given, x, v) - mahalanobis(alone, none, v)

        mi = MS.index(m)
        ym = np.arange(32 * mi, 32 * mi + 32)
        om = np.setdiff1d(np.arange(32 * len(MS)), ym)
        b = sigma[np.ix_(ym, om)] @ np.linalg.inv(sigma[np.ix_(om, om)])
        conditional = np.linalg.inv(sigma[np.ix_(ym, ym)] - b @ sigma[np.ix_(om, ym)])
        marginal = np.linalg.inv(sigma[np.ix_(ym, ym)])

        def llr_factor(v):
            r = v - x @ b.T
            return np.einsum("ij,jk,ik->i", r, conditional, r) - np.einsum("ij,jk,ik->i", v, marginal, v)

        rows.append({
            "training_patients": str(len(train)),
            "modality": m,
            "alone": auc(mahalanobis(alone, none, rotated), mahalanobis(alone, none, y)),
            "knn": auc(knn(rotated), knn(y)),
            "given_others": auc(mahalanobis(given, x, rotated), mahalanobis(given, x, y)),
            "llr": auc(llr(rotated), llr(y)),
            "factor_rank": str(rank),
            "llr_factor": auc(llr_factor(rotated), llr_factor(y)),
        })
        print("\t".join(f"{v:.3f}" if isinstance(v, float) else v for v in rows[-1].values()), flush=True)
    return rows


# Every training patient, then 700 of them (about the 1,000-patient cohorts of the results page).
out = run(all_train) + run(list(np.random.default_rng(1).choice(all_train, 700, replace=False)))
with open("bench/results/ood-headroom.tsv", "w") as f:
    f.write("\t".join(out[0]) + "\n")
    for r in out:
        f.write("\t".join(f"{v:.4f}" if isinstance(v, float) else v for v in r.values()) + "\n")
