#!/usr/bin/env python3
"""How well could any per-patient score see a rotated modality (codes from another encoder)?

On synthetic-pancancer's complete patients (numpy only): ridge models fitted on the training split,
thresholds irrelevant (AUROC only). For each modality, the AUROC of rotated-vs-clean test patients for
  alone      the Gaussian Mahalanobis distance of the vector alone,
  knn        the distance to its 10th nearest training patient,
  given      the Mahalanobis distance of its residual given the other three modalities,
  llr        log p(m | others) - log p(m): the Neyman-Pearson statistic against "unrelated to the
             others", the best any score can do when a rotation leaves the modality's own
             distribution unchanged (Gaussian model).
Writes bench/results/ood-headroom.tsv; docs/results/out-of-distribution.md cites it.

  bench/ood-headroom.py [COHORT_DIR]     (about a minute)
"""
import csv
import sys

import numpy as np

D = sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets/synthetic-pancancer"
MS = ["cna", "rnaseq", "rppa", "wsi"]
split = {r["sample"]: r["split"] for r in csv.DictReader(open(f"{D}/samples.tsv"), delimiter="\t")}
data = {}
for m in MS:
    rows = [line.rstrip("\n").split("\t") for line in open(f"{D}/{m}.tsv")][1:]
    data[m] = {r[0]: np.array(r[1:], float) for r in rows}
complete = [s for s in split if all(s in data[m] for m in MS)]
train = [s for s in complete if split[s] == "train"]
test = [s for s in complete if split[s] == "test"]
mu = {m: np.mean([data[m][s] for s in train], 0) for m in MS}
sd = {m: np.std([data[m][s] for s in train], 0) for m in MS}


def X(ids, mods):
    return np.hstack([np.array([(data[m][s] - mu[m]) / sd[m] for s in ids]) for m in mods])


def fit(target, conds, alpha=0.01):
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


rng = np.random.default_rng(42)
out = []
for m in MS:
    others = [o for o in MS if o != m]
    Q, R = np.linalg.qr(rng.normal(size=(32, 32)))
    Q = Q * np.sign(np.diag(R))  # uniform (Haar) only with R's diagonal made positive, as Gram-Schmidt does
    y, x = X(test, [m]), X(test, others)
    rotated = y @ Q.T
    alone, given = fit(m, []), fit(m, others)
    none = np.zeros((len(test), 0))
    train_m = X(train, [m])

    def knn(v, k=10):
        d = ((v[:, None, :] - train_m[None, :, :]) ** 2).sum(-1)
        return np.sort(d, 1)[:, k]

    def llr(v):
        return mahalanobis(given, x, v) - mahalanobis(alone, none, v)

    row = {
        "modality": m,
        "alone": auc(mahalanobis(alone, none, rotated), mahalanobis(alone, none, y)),
        "knn": auc(knn(rotated), knn(y)),
        "given": auc(mahalanobis(given, x, rotated), mahalanobis(given, x, y)),
        "llr": auc(llr(rotated), llr(y)),
    }
    out.append(row)
    print("\t".join(f"{v:.3f}" if isinstance(v, float) else v for v in row.values()), flush=True)
with open("bench/results/ood-headroom.tsv", "w") as f:
    f.write("modality\talone\tknn\tgiven_others\tllr\n")
    for r in out:
        f.write(f"{r['modality']}\t{r['alone']:.4f}\t{r['knn']:.4f}\t{r['given']:.4f}\t{r['llr']:.4f}\n")
