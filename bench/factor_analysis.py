"""Factor analysis for the bench scripts (numpy): the Gaussian dev.coherent.linear.FactorModel fits."""
import numpy as np


def factor_analysis(x, k, iterations=300):
    """Σ = W Wᵀ + Ψ of rows x (centered, complete) by EM from probabilistic PCA."""
    n, d = x.shape
    s = x.T @ x / n
    w, v = np.linalg.eigh(s)
    rest = w[:-k].mean()
    loadings = v[:, -k:] * np.sqrt(np.maximum(w[-k:] - rest, 1e-3))
    psi = np.maximum(np.diag(s) - (loadings ** 2).sum(1), 1e-3)
    for _ in range(iterations):
        beta = np.linalg.solve(np.eye(k) + (loadings.T / psi) @ loadings, loadings.T / psi)
        ezz = np.eye(k) - beta @ loadings + beta @ s @ beta.T
        loadings = s @ beta.T @ np.linalg.inv(ezz)
        psi = np.maximum(np.diag(s - loadings @ beta @ s), 1e-3 * np.diag(s))
    return loadings @ loadings.T + np.diag(psi)


def gaussian_loglik(sigma, x):
    _, logdet = np.linalg.slogdet(sigma)
    return -0.5 * (logdet + np.einsum("ij,jk,ik->i", x, np.linalg.inv(sigma), x)).sum()


def factor_covariance(x, ranks=(1, 2, 4, 6, 8, 12, 16, 24, 32), folds=5):
    """The factor model at the rank of the best 5-fold held-out likelihood."""
    order = np.random.default_rng(0).permutation(len(x))
    best = None
    for k in ranks:
        ll = 0
        for f in range(folds):
            held = order[f::folds]
            ll += gaussian_loglik(factor_analysis(np.delete(x, held, 0), k, 150), x[held])
        if best is None or ll > best[0]:
            best = (ll, k)
    return factor_analysis(x, best[1]), best[1]
