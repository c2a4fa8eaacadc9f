"""Kelejian & Prucha (1999) GM estimator of the spatial error model, an independent dense numpy solution.

Written from the paper (International Economic Review 40(2), 509-533), not from spatialreg's code: on the OLS
residuals u (ubar = W u, ubbar = W W u), the three moments
    n^-1 e'e = sigma^2,  n^-1 e'W'W e = sigma^2 n^-1 tr(W'W),  n^-1 e'W e = 0,   e = u - lambda W u,
are solved for (lambda, sigma^2) by nonlinear least squares with identity weighting. Here sigma^2 is concentrated out
(it enters linearly) and the stationary points of the concentrated quartic in lambda are the real roots of its cubic
derivative (numpy.roots), the smallest objective among them taken: the exact minimum, where spatialreg's nlminb
stops within its tolerance. Then feasible GLS: b by least squares of y - lambda W y on X - lambda W X,
var(b) = s2 (Xs'Xs)^-1 with s2 = ||(I - lambda W) u_OLS||^2 / n (spatialreg GMerrorsar's default, legacy = FALSE).

"spatialreg_se_lambda" re-computes spatialreg 1.2.6's se.lambda from its formula (J of the two KP 2004 moments
A1 = c (W'W - a I), A2 = W at the OLS residuals; Psi with A2N = W'W and sums of all entries of (A_r + A_r')'(A_s + A_s')
instead of traces), to show what that number is; "se_lambda_traces_A2_W" is the same sandwich with traces and
A2 = W. Neither is the asymptotic variance of the KP99 NLS lambda, which the package does not report.

Data: columbus CRIME ~ INC + HOVAL (queen) and elect80 lturnout ~ lcollege + lhomeownership + lincome (k4, n = 3,107),
W row-standardised, rows in the weights' sorted-id order; SEM and SDEM (X plus W X of the non-constant columns).
Writes reference/py/gmm_kp99.json
"""
import os
import sys

import numpy as np
import pandas as pd
import libpysal
from libpysal import weights

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SHARED_DATA, SHARED_REF, dump, versions, vec  # noqa: E402


def load(name, csv, gal, idcol, cols):
    df = pd.read_csv(os.path.join(SHARED_DATA, name, csv), dtype={idcol: str})
    w = libpysal.io.open(os.path.join(SHARED_DATA, name, gal)).read()
    ids = sorted(w.id_order) if name == "elect80" else sorted(w.id_order, key=int)
    w = weights.W({i: w.neighbors[i] for i in ids}, {i: w.weights[i] for i in ids}, id_order=ids)
    w.transform = "r"
    df[idcol] = df[idcol].astype(str)
    df = df.set_index(idcol).loc[[str(i) for i in ids]]
    return {c: df[c].to_numpy(float) for c in cols}, w


def kp99(y, X, W):
    n = len(y)
    u = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
    ub, ubb = W @ u, W @ (W @ u)
    trww = np.sum(W * W)
    g = np.array([u @ u, ub @ ub, u @ ub]) / n
    G = np.array([[2 * u @ ub, -ub @ ub], [2 * ubb @ ub, -ubb @ ubb], [u @ ubb + ub @ ub, -ub @ ubb]]) / n
    c = np.array([1.0, trww / n, 0.0])
    M = np.eye(3) - np.outer(c, c) / (c @ c)
    # residual r(l) = g - G [l, l^2] - c s2; concentrated: r' M r, a quartic in l
    p, q = G[:, 1], G[:, 0]
    quartic = np.array([p @ M @ p, 2 * p @ M @ q, q @ M @ q - 2 * p @ M @ g, -2 * q @ M @ g, g @ M @ g])
    f = lambda l: np.polyval(quartic, l)
    roots = np.roots(np.polyder(quartic))
    real = [r.real for r in roots if abs(r.imag) < 1e-9 and -1 < r.real < 1]
    lam = min(real, key=f)
    s2gm = c @ (g - G @ np.array([lam, lam * lam])) / (c @ c)
    full = lambda l, s: float(np.sum((G @ np.array([l, l * l]) + c * s - g) ** 2))
    Xs = X - lam * (W @ X)
    ys = y - lam * (W @ y)
    b = np.linalg.lstsq(Xs, ys, rcond=None)[0]
    e = u - lam * ub
    s2 = e @ e / n
    V = s2 * np.linalg.inv(Xs.T @ Xs)
    # spatialreg's se.lambda, re-computed from its formula (see the docstring)
    a = trww / n
    cc = np.sqrt(1 / (1 + a * a))
    J = np.array([[2 * cc * (ubb @ ub - a * ub @ u), -cc * (ubb @ ubb - a * ub @ ub)],
                  [ubb @ u + ub @ ub, -ubb @ ub]]) / n
    J1 = J @ np.array([1.0, 2 * lam])

    def se(A1, A2, traces):
        B1, B2 = A1 + A1.T, A2 + A2.T
        pr = (lambda P, Q: np.trace(P.T @ Q)) if traces else (lambda P, Q: np.sum(P.T @ Q))
        t11 = np.sum(B1.T * B1)
        phi = s2 * s2 / (2 * n) * np.array([[t11, pr(B2, B1)], [pr(B2, B1), pr(B2, B2)]])
        jj = 1 / (J1 @ J1)
        return float(np.sqrt(jj * (J1 @ phi @ J1) * jj / n))

    WtW = W.T @ W
    A1 = cc * (WtW - a * np.eye(n))
    return {"lambda": float(lam), "GMs2": float(s2gm), "objective": full(lam, s2gm), "betas": vec(b),
            "std_err": vec(np.sqrt(np.diag(V))), "vcov": V.tolist(), "s2": float(s2),
            "spatialreg_se_lambda": se(A1, WtW, False), "se_lambda_traces_A2_W": se(A1, W, True),
            "G": G.tolist(), "g": vec(g)}


cases = []
for label, csv, gal, idcol, yname, xs in (
        ("columbus", "columbus.csv", "columbus_queen.gal", "POLYID", "CRIME", ["INC", "HOVAL"]),
        ("elect80", "elect80.csv", "elect80_k4.gal", "FIPS", "lturnout", ["lcollege", "lhomeownership", "lincome"])):
    data, w = load(label, csv, gal, idcol, [yname] + xs)
    W = w.full()[0]
    y = data[yname]
    x = np.column_stack([data[v] for v in xs])
    X = np.column_stack([np.ones(len(y)), x])
    for model in ("sem", "sdem"):
        Xm = X if model == "sem" else np.column_stack([X, W @ x])
        r = kp99(y, Xm, W)
        r.update({"label": label, "model": model, "y": yname, "x": xs})
        cases.append(r)
        print(label, model, r["lambda"], r["GMs2"], r["spatialreg_se_lambda"], r["se_lambda_traces_A2_W"])
dump({"meta": {"versions": versions(), "script": "scripts/gmm_kp99.py", "doc": __doc__}, "cases": cases},
     os.path.join(SHARED_REF, "gmm_kp99.json"))
