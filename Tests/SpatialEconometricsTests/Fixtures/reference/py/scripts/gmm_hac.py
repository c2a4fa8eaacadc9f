"""Spatial HAC covariance (Kelejian & Prucha 2007) of spatial two-stage least squares: spreg.GM_Lag(robust='hac', gwk=...).

spreg 1.9's HAC (robust.robust_vm) for a 2SLS fit is V = psi1 (H'diag(u) K diag(u) H) psi1',
psi1 = (Z'H (H'H)^-1 H'Z)^-1 Z'H (H'H)^-1, K the kernel weights gwk (diagonal 1), u = y - Z d: the same as
A Zh' diag(u) K diag(u) Zh A, A = (Zh'Zh)^-1, Zh = P_H Z. With an adaptive bandwidth K is not symmetric and
spreg's V is not either; its diagonal equals that of the symmetrised V = A Zh' diag(u) ((K + K')/2) diag(u) Zh A,
which the package reports ("vm_sym" below; "vm" is spreg's as it prints it).

Kernels: gwk = libpysal.weights.Kernel(points, k=..., fixed=..., bandwidth=..., function=..., diagonal=True).
libpysal's kernel constants (uniform 1/2, quadratic 3/4 (1 - z^2), quartic 15/16 (1 - z^2)^2, gaussian
exp(-z^2/2)/sqrt(2 pi)) with the diagonal forced to 1 make K(0+) != K(0) = 1; Kelejian & Prucha's kernel has
K(0) = 1 and K continuous at 0. The package's HAC kernels are K(z)/K(0) (the triangular is unchanged): the cases
with "normalised": true pass spreg a libpysal Kernel whose off-diagonal weights were divided by K(0) (spreg
accepts weights <= 1). The case "libpysal_raw" passes libpysal's quadratic Kernel unchanged (the package's explicit
kernel-weights API reproduces it).

Data: columbus (CRIME ~ INC + HOVAL, W = data/columbus/columbus_queen.gal, coordinates X, Y) and elect80
(lturnout ~ lcollege + lhomeownership + lincome, W = data/elect80/elect80_k4.gal, n = 3,107, coordinates long, lat
as planar, as libpysal uses them), W row-standardised, rows in the weights' sorted-id order.
"numpy": each case recomputed without spreg (V = A Zh' diag(u) K diag(u) Zh A from the moment conditions).
Writes reference/py/gmm_hac.json
"""
import os
import sys
import warnings

import numpy as np
import pandas as pd
import libpysal
import spreg
from libpysal import weights

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SHARED_DATA, SHARED_REF, dump, versions, vec  # noqa: E402

warnings.filterwarnings("ignore")

K0 = {"triangular": 1.0, "uniform": 0.5, "quadratic": 0.75, "quartic": 15.0 / 16.0, "gaussian": 1.0 / np.sqrt(2 * np.pi)}
PACKAGE_NAME = {"triangular": "triangular", "uniform": "uniform", "quadratic": "epanechnikov", "quartic": "bisquare",
                "gaussian": "gaussian"}


def load(name, csv, gal, idcol, y, xs, coords):
    df = pd.read_csv(os.path.join(SHARED_DATA, name, csv), dtype={idcol: str})
    w = libpysal.io.open(os.path.join(SHARED_DATA, name, gal)).read()
    ids = sorted(w.id_order) if name == "elect80" else sorted(w.id_order, key=int)
    w = weights.W({i: w.neighbors[i] for i in ids}, {i: w.weights[i] for i in ids}, id_order=ids)
    w.transform = "r"
    df[idcol] = df[idcol].astype(str)
    df = df.set_index(idcol).loc[[str(i) for i in ids]]
    return df[[y]].to_numpy(float), df[xs].to_numpy(float), w, df[coords].to_numpy(float), [str(i) for i in ids]


def kernel(points, ids, function, bandwidth, normalised):
    kind, value = bandwidth
    if kind == "adaptive":
        gwk = weights.Kernel(points, k=value, fixed=False, function=function, diagonal=True, ids=ids)
    elif kind == "knn":
        gwk = weights.Kernel(points, k=value, fixed=True, function=function, diagonal=True, ids=ids)
    else:
        gwk = weights.Kernel(points, bandwidth=value, function=function, diagonal=True, ids=ids)
    if normalised and K0[function] != 1.0:
        for i in gwk.id_order:
            gwk.weights[i] = [1.0 if j == i else v / K0[function] for j, v in zip(gwk.neighbors[i], gwk.weights[i])]
        gwk._reset()
    return gwk


def numpy_hac(yv, xv, w, sdm, w_lags, K, ev=None, qv=None):
    W = w.sparse
    n = yv.shape[0]
    X = np.hstack([np.ones((n, 1)), xv])
    base = xv if ev is None else np.hstack([xv, qv])
    lags, cur = [], base
    for _ in range(w_lags + (1 if sdm else 0)):
        cur = W @ cur
        lags.append(cur)
    Z = np.hstack([X] + ([lags[0]] if sdm else []) + ([] if ev is None else [ev]) + [W @ yv])
    H = np.hstack([X] + ([] if qv is None else [qv]) + lags)
    P = H @ np.linalg.solve(H.T @ H, H.T)
    Zh = P @ Z
    A = np.linalg.inv(Zh.T @ Zh)
    d = A @ (Zh.T @ yv)
    u = (yv - Z @ d)[:, 0]
    M = Zh * u[:, None]
    Ks = 0.5 * (K + K.T)
    V = A @ (M.T @ (Ks @ M)) @ A
    return {"betas": vec(d), "std_err": vec(np.sqrt(np.diag(V))), "vm_sym": V.tolist()}


def run(label, yv, xv, w, pts, ids, names, function, bandwidth, normalised=True, sdm=False, w_lags=1, endog=None):
    gwk = kernel(pts, ids, function, bandwidth, normalised)
    kw = {}
    if endog is not None:
        kw = {"yend": endog[0], "q": endog[1], "name_yend": endog[2], "name_q": endog[3]}
    r = spreg.GM_Lag(yv, xv, w=w, w_lags=w_lags, slx_lags=1 if sdm else 0, robust="hac", gwk=gwk, name_x=names,
                     spat_diag=False, **kw)
    vm = np.asarray(r.vm)
    K = gwk.sparse.toarray()
    npy = numpy_hac(yv, xv, w, sdm, w_lags, K, *(endog[:2] if endog is not None else (None, None)))
    return {
        "label": label, "model": "sdm" if sdm else "sar", "w_lags": w_lags, "kernel": PACKAGE_NAME[function],
        "libpysal_function": function, "bandwidth": {"kind": bandwidth[0], "value": bandwidth[1]},
        "normalised": bool(normalised and K0[function] != 1.0) or function == "triangular",
        "libpysal_raw": not normalised,
        "endogenous": None if endog is None else endog[2], "instruments": None if endog is None else endog[3],
        "call": "spreg.GM_Lag(y, x, w=w, w_lags=%d, slx_lags=%d, robust='hac', gwk=Kernel(points, %s, function=%r, diagonal=True)%s)"
                % (w_lags, 1 if sdm else 0,
                   {"adaptive": "k=%s, fixed=False", "knn": "k=%s, fixed=True", "fixed": "bandwidth=%s"}[bandwidth[0]] % bandwidth[1],
                   function, "" if not normalised or K0[function] == 1.0 else " / K(0) off the diagonal"),
        "name_z": r.name_z, "n": r.n, "kernel_nnz": int(gwk.sparse.nnz),
        "kernel_bandwidth_head": vec(np.asarray(gwk.bandwidth).ravel()[:5]),
        "betas": vec(r.betas), "std_err": vec(r.std_err), "vm": vm.tolist(), "vm_sym": (0.5 * (vm + vm.T)).tolist(),
        "numpy": npy,
        "numpy_max_rel_diff_se": float(np.max(np.abs(np.array(vec(r.std_err)) / np.array(npy["std_err"]) - 1))),
    }


cases = []
y, x, w, pts, ids = load("columbus", "columbus.csv", "columbus_queen.gal", "POLYID", "CRIME", ["INC", "HOVAL", "DISCBD"], ["X", "Y"])
xv, disc = x[:, :2], x[:, 2:]
names = ["INC", "HOVAL"]
cases.append(run("columbus", y, xv, w, pts, ids, names, "triangular", ("adaptive", 5)))
cases.append(run("columbus", y, xv, w, pts, ids, names, "triangular", ("knn", 5)))
cases.append(run("columbus", y, xv, w, pts, ids, names, "triangular", ("fixed", 8.0)))
for f in ("uniform", "quadratic", "quartic", "gaussian"):
    cases.append(run("columbus", y, xv, w, pts, ids, names, f, ("adaptive", 5)))
cases.append(run("columbus", y, xv, w, pts, ids, names, "quadratic", ("adaptive", 5), normalised=False))
cases.append(run("columbus", y, xv, w, pts, ids, names, "triangular", ("adaptive", 5), sdm=True))
cases.append(run("columbus", y, xv, w, pts, ids, names, "triangular", ("adaptive", 5), w_lags=2))
cases.append(run("columbus", y, x[:, :1], w, pts, ids, ["INC"], "triangular", ("adaptive", 5),
                 endog=(x[:, 1:2], disc, ["HOVAL"], ["DISCBD"])))
xs = ["lcollege", "lhomeownership", "lincome"]
y, x, w, pts, ids = load("elect80", "elect80.csv", "elect80_k4.gal", "FIPS", "lturnout", xs, ["long", "lat"])
cases.append(run("elect80", y, x, w, pts, ids, xs, "triangular", ("adaptive", 15)))
cases.append(run("elect80", y, x, w, pts, ids, xs, "triangular", ("adaptive", 15), sdm=True))
cases.append(run("elect80", y, x, w, pts, ids, xs, "quartic", ("knn", 10)))

dump({"meta": {"versions": versions(), "script": "scripts/gmm_hac.py", "doc": __doc__}, "cases": cases},
     os.path.join(SHARED_REF, "gmm_hac.json"))
for c in cases:
    print(c["label"], c["model"], c["kernel"], c["bandwidth"], c["numpy_max_rel_diff_se"], c["std_err"][:2])
