#!/usr/bin/env python3
"""How much of the gap between ridge and the oracle can a plain nonlinear regressor close?

A reference for docs/results/cohort-size.md, independent of the product: on synthetic-pancancer's
own splits, per target/condition row, ridge (train+val) against ridge plus an MLP fitted to ridge's
residuals (2 hidden ReLU layers of 128, Adam, weight decay, early stopping on val, mean of 3 seeds).
It uses only numpy, so anyone can rerun it:

    bench/nonlinear-headroom.py [DATASET_DIR] ['rppa|cna' 'rppa|wsi' ...] > bench/results/nonlinear-headroom.tsv

About a minute per row on 2 cores. Prints target, conditions, training patients, ridge R^2, MLP R^2,
the oracle and 0.95 x the 20-draw ceiling (oracle - (1 - oracle)/20), R^2 averaged over features.
"""
import os
import sys

import numpy as np

HIDDEN, EPOCHS, LR, DECAY, SEEDS, BATCH = 128, 100, 5e-4, 1e-3, 3, 128
DEFAULT_ROWS = ["rnaseq|wsi", "rnaseq|cna+wsi", "rppa|cna", "rppa|wsi", "rppa|cna+wsi"]


def table(path):
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    return rows[0], rows[1:]


def load(root):
    _, samples = table(os.path.join(root, "samples.tsv"))
    split = {r[0]: r[2] for r in samples}
    mods = {}
    for m in ["cna", "rnaseq", "rppa", "wsi"]:
        _, rows = table(os.path.join(root, m + ".tsv"))
        mods[m] = {r[0]: np.array(r[1:], float) for r in rows}
    _, oracle_rows = table(os.path.join(root, "oracle_r2.tsv"))
    return split, mods, oracle_rows


def matrices(split, mods, target, conditions, which):
    ids = [k for k, s in split.items() if s in which and all(k in mods[m] for m in conditions + [target])]
    x = np.hstack([np.stack([mods[c][k] for k in ids]) for c in conditions])
    return x, np.stack([mods[target][k] for k in ids])


def r2(y, p):
    return float(np.mean(1 - ((y - p) ** 2).sum(0) / ((y - y.mean(0)) ** 2).sum(0)))


def ridge(x, y, alpha=1.0):
    mu, ym = x.mean(0), y.mean(0)
    xc = x - mu
    b = np.linalg.solve(xc.T @ xc + alpha * np.eye(x.shape[1]), xc.T @ (y - ym))
    return lambda a: (a - mu) @ b + ym


def mlp(x, y, xv, yv, seed):
    """A 2-hidden-layer ReLU MLP by hand-written Adam, kept at its best validation MSE."""
    rng = np.random.default_rng(seed)
    mu, sd = x.mean(0), x.std(0)
    ym, ys = y.mean(0), y.std(0)
    xs, xvs, yn = (x - mu) / sd, (xv - mu) / sd, (y - ym) / ys
    dims = [x.shape[1], HIDDEN, HIDDEN, y.shape[1]]
    params = [rng.normal(0, np.sqrt(2 / dims[i]), (dims[i], dims[i + 1])) for i in range(3)]
    params += [np.zeros(dims[i + 1]) for i in range(3)]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]

    def forward(a, p):
        out = [a]
        for i in range(3):
            z = out[-1] @ p[i] + p[3 + i]
            out.append(np.maximum(z, 0) if i < 2 else z)
        return out

    best, best_params, step = np.inf, None, 0
    for epoch in range(EPOCHS):
        order = rng.permutation(len(xs))
        for s in range(0, len(xs), BATCH):
            idx = order[s:s + BATCH]
            acts = forward(xs[idx], params)
            g = (acts[-1] - yn[idx]) * 2 / len(idx)
            grads = [None] * 6
            for i in (2, 1, 0):
                grads[i], grads[3 + i] = acts[i].T @ g, g.sum(0)
                if i > 0:
                    g = (g @ params[i].T) * (acts[i] > 0)
            step += 1
            for j, (p, gr) in enumerate(zip(params, grads)):
                m1[j] = 0.9 * m1[j] + 0.1 * gr
                m2[j] = 0.999 * m2[j] + 0.001 * gr * gr
                p -= LR * (m1[j] / (1 - 0.9 ** step)) / (np.sqrt(m2[j] / (1 - 0.999 ** step)) + 1e-8) + LR * DECAY * p
        if epoch % 10 == 9:
            err = float(((forward(xvs, params)[-1] * ys + ym - yv) ** 2).mean())
            if err < best:
                best, best_params = err, [p.copy() for p in params]
    return lambda a: forward((a - mu) / sd, best_params)[-1] * ys + ym


def main():
    args = sys.argv[1:]
    root = args.pop(0) if args and os.path.isdir(args[0]) else "../shared/datasets/synthetic-pancancer"
    rows = args or DEFAULT_ROWS
    split, mods, oracle_rows = load(root)
    oracle = {(r[0], r[1]): float(r[2]) for r in oracle_rows}
    print("target\tconditions\ttraining\tridge_r2\tridge_plus_mlp_r2\toracle_r2\tcheck_0.95_ceiling20")
    for row in rows:
        target, conds = row.split("|")
        conditions = conds.split("+")
        x, y = matrices(split, mods, target, conditions, {"train"})
        xv, yv = matrices(split, mods, target, conditions, {"val"})
        xt, yt = matrices(split, mods, target, conditions, {"test"})
        linear = ridge(np.vstack([x, xv]), np.vstack([y, yv]))
        residual = [mlp(x, y - linear(x), xv, yv - linear(xv), seed) for seed in range(SEEDS)]
        combined = linear(xt) + np.mean([f(xt) for f in residual], axis=0)
        o = oracle.get((target, "+".join(sorted(conditions))), float("nan"))
        print(f"{target}\t{'+'.join(conditions)}\t{len(x)}\t{r2(yt, linear(xt)):.3f}\t{r2(yt, combined):.3f}\t"
              f"{o:.3f}\t{0.95 * (o - (1 - o) / 20):.3f}", flush=True)


if __name__ == "__main__":
    main()
