#!/usr/bin/env python3
"""Out-of-distribution scores at the patient level, not knowing which modality is broken.

bench/ood-headroom.py tests the broken modality knowing which one it is. A served patient's verdict
cannot know that: it scores every provided modality and takes the largest ratio over its held-out
threshold. This script measures, on synthetic-pancancer's complete patients (numpy only; Gaussian
ridge models on the training split, thresholds from the validation split, AUROC and flags on the
test split), three such patient-level scores:
  given        the shipped design: per modality, its Mahalanobis distance per feature given the
               other three, over its quantile 1 - 0.01/4 (Bonferroni over four modalities)
  llr          per modality, log p(m | others) - log p(m) as a distance difference, centred on its
               median and scaled so its quantile 1 - 0.01/4 is 1
  llr|alone    llr, or the modality's distance alone over its 99.99th percentile (scale and shift)
  largest-llr  the shipped design since: the largest log p(m) - log p(m | others) in nats (no
               per-modality scaling), centred on its median over the validation patients and scaled
               so their 99th percentile is 1; or the modality's distance alone over its 99th
               percentile, widened as a chi-square quantile to 1 - 0.001/4, where that exceeds 1
for clean test patients (share flagged) and with one modality times 3, shifted by 2 sd, or rotated
(AUROC against the clean patients), with every training patient and with a 700-patient training
subsample (about the 1,000-patient cohorts of docs/results/out-of-distribution.md).
Writes bench/results/ood-patient-level.tsv.

  bench/ood-patient-level.py [COHORT_DIR]     (about two minutes)
"""
import csv
import sys

import numpy as np
from scipy.stats import chi2

D = sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets/synthetic-pancancer"
MS = ["cna", "rnaseq", "rppa", "wsi"]
split = {r["sample"]: r["split"] for r in csv.DictReader(open(f"{D}/samples.tsv"), delimiter="\t")}
data = {}
for m in MS:
    rows = [line.rstrip("\n").split("\t") for line in open(f"{D}/{m}.tsv")][1:]
    data[m] = {r[0]: np.array(r[1:], float) for r in rows}
complete = [s for s in split if all(s in data[m] for m in MS)]
all_train = [s for s in complete if split[s] == "train"]
val = [s for s in complete if split[s] == "val"]
test = [s for s in complete if split[s] == "test"]
BONFERRONI = 1 - 0.01 / len(MS)


def haar(rng, d):
    """A uniformly random rotation: QR of a Gaussian matrix with R's diagonal made positive (as
    Gram-Schmidt, OutOfDistributionCheck's, does); without that, numpy's Q flips signs more often
    than a random rotation would, and a flipped vector is easier to tell from a clean one."""
    q, r = np.linalg.qr(rng.normal(size=(d, d)))
    return q * np.sign(np.diag(r))


def auc(pos, neg):
    ranks = np.concatenate([pos, neg]).argsort().argsort() + 1
    return (ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def run(train):
    mu = {m: np.mean([data[m][s] for s in train], 0) for m in MS}
    sd = {m: np.std([data[m][s] for s in train], 0) for m in MS}

    def X(ids, m):
        return np.array([(data[m][s] - mu[m]) / sd[m] for s in ids])

    def fit(target, conds, alpha=0.01):
        y = X(train, target)
        if not conds:
            return None, np.linalg.inv(np.cov(y.T, bias=True))
        x = np.hstack([X(train, c) for c in conds])
        b = np.linalg.solve(x.T @ x + alpha * len(x) * np.eye(x.shape[1]), x.T @ y)
        r = y - x @ b
        return b, np.linalg.inv(r.T @ r / len(r))

    models = {m: (fit(m, []), fit(m, [o for o in MS if o != m])) for m in MS}

    def distances(vals):
        """Per modality: distance per feature given the others, and alone."""
        out = {}
        for m in MS:
            x = np.hstack([vals[o] for o in MS if o != m])
            (_, p_alone), (b, p_given) = models[m]
            r = vals[m] - x @ b
            d = vals[m].shape[1]
            given = np.einsum("ij,jk,ik->i", r, p_given, r) / d
            alone = np.einsum("ij,jk,ik->i", vals[m], p_alone, vals[m]) / d
            # log p(m) - log p(m | others), in nats
            nats = 0.5 * d * (given - alone) + 0.5 * (np.linalg.slogdet(p_alone)[1] - np.linalg.slogdet(p_given)[1])
            out[m] = (given, alone, nats)
        return out

    held_out = distances({m: X(val, m) for m in MS})

    def largest_nats(vals):
        return np.max([nats for _, _, nats in distances(vals).values()], 0)

    ref_largest = largest_nats({m: X(val, m) for m in MS})

    def score(vals, kind):
        if kind == "largest-llr":
            centre = np.median(ref_largest)
            best = (largest_nats(vals) - centre) / (np.quantile(ref_largest, 0.99) - centre)
            for m, (_, alone, _) in distances(vals).items():
                d = vals[m].shape[1]
                by_itself = alone / np.quantile(held_out[m][1], 0.99) / (chi2.ppf(1 - 0.001 / len(MS), d) / chi2.ppf(0.99, d))
                best = np.where(by_itself > 1, np.maximum(best, by_itself), best)
            return best
        best = None
        for m, (given, alone, _) in distances(vals).items():
            g_ref, a_ref = held_out[m][:2]
            llr_ref = g_ref - a_ref
            centre = np.median(llr_ref)
            llr = (given - alone - centre) / (np.quantile(llr_ref, BONFERRONI) - centre)
            r = {"given": given / np.quantile(g_ref, BONFERRONI),
                 "llr": llr,
                 "llr|alone": np.maximum(llr, alone / np.quantile(a_ref, 0.9999))}[kind]
            best = r if best is None else np.maximum(best, r)
        return best

    clean_vals = {m: X(test, m) for m in MS}
    rng = np.random.default_rng(42)
    rotations = {m: haar(rng, clean_vals[m].shape[1]) for m in MS}
    rows = []
    for kind in ["given", "llr", "llr|alone", "largest-llr"]:
        clean = score(clean_vals, kind)
        row = {"training_patients": len(train), "score": kind, "clean_flagged": float(np.mean(clean > 1))}
        for m in MS:
            for name, broken in [("x3", lambda v: v * 3), ("+2sd", lambda v: v + 2),
                                 ("rotated", lambda v: v @ rotations[m].T)]:
                vals = dict(clean_vals)
                vals[m] = broken(clean_vals[m])
                row[f"{m}_{name}"] = auc(score(vals, kind), clean)
        rows.append(row)
        print("\t".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row.values()), flush=True)
    return rows


results = run(all_train) + run(list(np.random.default_rng(1).choice(all_train, 700, replace=False)))
with open("bench/results/ood-patient-level.tsv", "w") as f:
    w = csv.DictWriter(f, fieldnames=list(results[0]), delimiter="\t")
    w.writeheader()
    for r in results:
        w.writerow({k: f"{v:.4f}" if isinstance(v, float) else v for k, v in r.items()})
