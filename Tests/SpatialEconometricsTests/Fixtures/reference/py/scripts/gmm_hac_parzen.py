"""The spatial HAC covariance (Kelejian & Prucha 2007) of S2SLS with the Parzen kernel, by independent numpy.

spreg and libpysal have no Parzen kernel, so every number here is computed from the definitions without them (libpysal
only reads the GAL file): Euclidean distances d_ij of the coordinates X, Y; bandwidth h_i = (1 + 1e-7) d_i(k), the
distance to unit i's k-th nearest other unit ("adaptive:k"), h = (1 + 1e-7) max_i d_i(k) ("knn:k", one for all) or a
given distance ("fixed"); K_ij = k(d_ij / h_i) with the Parzen kernel
    k(z) = 1 - 6 z^2 + 6 z^3 (0 <= z <= 1/2),  2 (1 - z)^3 (1/2 < z <= 1),  0 (z > 1),   K_ii = 1;
the adaptive K symmetrised, (K + K')/2. S2SLS of the SAR CRIME ~ INC + HOVAL on columbus (queen, row-standardised,
rows in the weights' sorted-id order) with H = [X, W X]: d = (Zh'Zh)^-1 Zh'y, Zh = P_H Z, u = y - Z d and
V = A Zh' diag(u) K diag(u) Zh A, A = (Zh'Zh)^-1.
Writes reference/py/gmm_hac_parzen.json
"""
import os
import sys

import numpy as np
import pandas as pd
import libpysal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SHARED_DATA, SHARED_REF, dump, versions, vec  # noqa: E402


def parzen(z):
    z = np.abs(z)
    return np.where(z <= 0.5, 1 - 6 * z ** 2 + 6 * z ** 3, np.where(z <= 1, 2 * (1 - z) ** 3, 0.0))


df = pd.read_csv(os.path.join(SHARED_DATA, "columbus", "columbus.csv"))
gal = libpysal.io.open(os.path.join(SHARED_DATA, "columbus", "columbus_queen.gal")).read()
ids = sorted(gal.id_order, key=int)
n = len(ids)
pos = {i: r for r, i in enumerate(ids)}
W = np.zeros((n, n))
for i in ids:
    for j in gal.neighbors[i]:
        W[pos[i], pos[j]] = 1.0
W = W / W.sum(axis=1, keepdims=True)
df = df.set_index(df["POLYID"].astype(str)).loc[[str(i) for i in ids]]
y = df["CRIME"].to_numpy(float)
x = df[["INC", "HOVAL"]].to_numpy(float)
pts = df[["X", "Y"]].to_numpy(float)
X = np.column_stack([np.ones(n), x])
Z = np.column_stack([X, W @ y])
H = np.column_stack([X, W @ x])
Zh = H @ np.linalg.solve(H.T @ H, H.T @ Z)
A = np.linalg.inv(Zh.T @ Zh)
d = A @ (Zh.T @ y)
u = y - Z @ d
D = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1))
kth = lambda k: np.sort(D + np.diag(np.full(n, np.inf)), axis=1)[:, k - 1]

cases = []
for kind, value in (("adaptive", 5), ("knn", 5), ("fixed", 8.0), ("adaptive", 12)):
    if kind == "adaptive":
        h = (1 + 1e-7) * kth(value)[:, None]
    elif kind == "knn":
        h = np.full((n, 1), (1 + 1e-7) * kth(value).max())
    else:
        h = np.full((n, 1), value)
    K = parzen(D / h)
    np.fill_diagonal(K, 1.0)
    Ks = 0.5 * (K + K.T)
    M = Zh * u[:, None]
    V = A @ (M.T @ Ks @ M) @ A
    cases.append({"label": "columbus", "model": "sar", "kernel": "parzen", "bandwidth": {"kind": kind, "value": value},
                  "kernel_nnz": int(np.count_nonzero(K)), "betas": vec(d), "std_err": vec(np.sqrt(np.diag(V))),
                  "vm_sym": V.tolist()})
    print(kind, value, cases[-1]["kernel_nnz"], cases[-1]["std_err"])
dump({"meta": {"versions": versions(), "script": "scripts/gmm_hac_parzen.py", "doc": __doc__}, "cases": cases},
     os.path.join(SHARED_REF, "gmm_hac_parzen.json"))
