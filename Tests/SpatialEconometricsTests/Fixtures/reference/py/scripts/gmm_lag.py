"""Spatial two-stage least squares (spreg.GM_Lag) on columbus and elect80, with an independent numpy check.

columbus: CRIME ~ INC + HOVAL, W = data/columbus/columbus_queen.gal (row-standardised);
elect80: lturnout ~ lcollege + lhomeownership + lincome, W = data/elect80/elect80_k4.gal (row-standardised).
Cases (spat_diag=True: the Anselin-Kelejian test): SAR (w_lags 1 and 2), SDM (slx_lags=1: instruments W^2 X for w_lags=1), classical (sigma^2 = e'e/n, spreg's
default; sig2n_k=True: e'e/(n - k)) and White (robust='white') covariances. Rows in the order of the weights' ids
sorted (the package's canonical order); the estimates do not depend on it.
The "numpy" block recomputes each case from the moment conditions H'(y - Z d) = 0 with H = [1, X, W X, ...]:
d = (Z'P Z)^-1 Z'P y, P = H (H'H)^-1 H', written without spreg.
Writes reference/py/gmm_lag.json
"""
import json
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


def load(name, csv, gal, idcol, y, xs):
    df = pd.read_csv(os.path.join(SHARED_DATA, name, csv), dtype={idcol: str})
    w = libpysal.io.open(os.path.join(SHARED_DATA, name, gal)).read()
    # the package's canonical order: ids sorted (as strings for elect80's FIPS, as numbers for columbus)
    ids = sorted(w.id_order) if name == "elect80" else sorted(w.id_order, key=int)
    w = weights.W({i: w.neighbors[i] for i in ids}, {i: w.weights[i] for i in ids}, id_order=ids)
    w.transform = "r"
    df[idcol] = df[idcol].astype(str)
    df = df.set_index(idcol).loc[[str(i) for i in ids]]
    return df[[y]].to_numpy(float), df[xs].to_numpy(float), w


def numpy_s2sls(yv, xv, w, sdm, w_lags, robust):
    W = w.sparse
    n = yv.shape[0]
    X = np.hstack([np.ones((n, 1)), xv])
    lags, cur = [], xv
    for _ in range(w_lags + (1 if sdm else 0)):
        cur = W @ cur
        lags.append(cur)
    Z = np.hstack([X] + ([lags[0]] if sdm else []) + [W @ yv])
    H = np.hstack([X] + lags)
    P = H @ np.linalg.solve(H.T @ H, H.T)
    Zh = P @ Z
    A = np.linalg.inv(Zh.T @ Z)
    d = A @ (Zh.T @ yv)
    u = yv - Z @ d
    # the moment conditions hold at the estimate (projected onto the instruments' span)
    moments = float(np.abs(Zh.T @ u).max())
    if robust:
        V = A @ (Zh.T * (u[:, 0] ** 2)) @ Zh @ A
    else:
        V = (u.T @ u).item() / n * A
    # first-stage F of the excluded instruments for W y: W y on H against W y on the exogenous regressors
    wy, Xz = W @ yv, Z[:, :-1]
    ssr_u = float(np.sum((wy - P @ wy) ** 2))
    ssr_r = float(np.sum((wy - Xz @ np.linalg.lstsq(Xz, wy, rcond=None)[0]) ** 2))
    q, df2 = H.shape[1] - Xz.shape[1], n - H.shape[1]
    f = ((ssr_r - ssr_u) / q) / (ssr_u / df2)
    # Anselin-Kelejian (1997): I = n u'Wu / (S0 u'u), phi^2 = [tr((W' + W) W) + 4 (u'W Z) A (Z'W'u) / (u'u/n)] / (n (S0/n)^2)
    s0, uu = float(W.sum()), (u.T @ u).item()
    mi = n * (u.T @ (W @ u)).item() / (s0 * uu)
    t = float(((W.T + W) @ W).diagonal().sum())
    e = (u.T @ (W @ Z))
    phi2 = (t + 4.0 / (uu / n) * (e @ A @ e.T).item()) / ((s0 / n) ** 2 * n)
    ak = n * mi ** 2 / phi2
    return {"betas": vec(d), "std_err": vec(np.sqrt(np.diag(V))), "max_abs_moment": moments, "ak": ak,
            "first_stage_f": f, "first_stage_df": [q, df2]}


def run(label, yv, xv, w, names, sdm, w_lags, robust, sig2n_k=False):
    r = spreg.GM_Lag(yv, xv, w=w, w_lags=w_lags, slx_lags=1 if sdm else 0, robust=robust, sig2n_k=sig2n_k,
                     name_x=names, spat_diag=True)
    return {
        "label": label, "model": "sdm" if sdm else "sar", "w_lags": w_lags, "robust": robust, "sig2n_k": sig2n_k,
        "call": "spreg.GM_Lag(y, x, w=w, w_lags=%d, slx_lags=%d, robust=%r, sig2n_k=%r)" % (w_lags, 1 if sdm else 0, robust, sig2n_k),
        "name_z": r.name_z, "name_h": r.name_h, "n": r.n, "k": r.k,
        "betas": vec(r.betas), "std_err": vec(r.std_err), "vm": np.asarray(r.vm).tolist(),
        "sig2": float(r.sig2), "pr2": float(r.pr2), "utu": float(r.utu),
        "residuals_head": vec(r.u[:5]),
        "ak_test": {"statistic": float(r.ak_test[0]), "p": float(r.ak_test[1])},
        "numpy": numpy_s2sls(yv, xv, w, sdm, w_lags, robust == "white"),
    }


cases = []
y, x, w = load("columbus", "columbus.csv", "columbus_queen.gal", "POLYID", "CRIME", ["INC", "HOVAL"])
for sdm in (False, True):
    for w_lags in (1, 2):
        for robust in (None, "white"):
            cases.append(run("columbus", y, x, w, ["INC", "HOVAL"], sdm, w_lags, robust))
cases.append(run("columbus", y, x, w, ["INC", "HOVAL"], False, 1, None, sig2n_k=True))
y, x, w = load("elect80", "elect80.csv", "elect80_k4.gal", "FIPS", "lturnout", ["lcollege", "lhomeownership", "lincome"])
for sdm in (False, True):
    for robust in (None, "white"):
        cases.append(run("elect80", y, x, w, ["lcollege", "lhomeownership", "lincome"], sdm, 1, robust))

for c in cases:
    c["numpy_max_abs_diff_betas"] = float(np.max(np.abs(np.array(c["betas"]) - np.array(c["numpy"]["betas"]))))
    c["numpy_max_rel_diff_se"] = float(np.max(np.abs(np.array(c["std_err"]) / np.array(c["numpy"]["std_err"]) - 1)))
dump({"meta": {"versions": versions(), "script": "scripts/gmm_lag.py", "doc": __doc__}, "cases": cases},
     os.path.join(SHARED_REF, "gmm_lag.json"))


# ---- endogenous regressors with external instruments (spreg GM_Lag(yend=, q=, lag_q=True)), SAR ----------------
def numpy_endog(yv, xv, ev, qv, w, w_lags, robust):
    W = w.sparse
    n = yv.shape[0]
    X = np.hstack([np.ones((n, 1)), xv])
    lags, cur = [], np.hstack([xv, qv])
    for _ in range(w_lags):
        cur = W @ cur
        lags.append(cur)
    H = np.hstack([X, qv] + lags)
    Z = np.hstack([X, ev, W @ yv])
    P = H @ np.linalg.solve(H.T @ H, H.T)
    Zh = P @ Z
    A = np.linalg.inv(Zh.T @ Zh)
    d = A @ (Zh.T @ yv)
    u = yv - Z @ d
    V = A @ (Zh.T * (u[:, 0] ** 2)) @ Zh @ A if robust else (u.T @ u).item() / n * A
    out = {"betas": vec(d), "std_err": vec(np.sqrt(np.diag(V))), "first_stage_f": []}
    Xz = X
    for col in list(ev.T) + [(W @ yv)[:, 0]]:
        col = col.reshape(-1, 1)
        ssr_u = float(np.sum((col - P @ col) ** 2))
        ssr_r = float(np.sum((col - Xz @ np.linalg.lstsq(Xz, col, rcond=None)[0]) ** 2))
        q, df2 = H.shape[1] - Xz.shape[1], n - H.shape[1]
        out["first_stage_f"].append(((ssr_r - ssr_u) / q) / (ssr_u / df2))
    df = H.shape[1] - Z.shape[1]
    if robust:
        g = H.T @ u
        S = (H.T * (u[:, 0] ** 2)) @ H
        out["hansen_j"] = (g.T @ np.linalg.solve(S, g)).item()
    else:
        out["sargan"] = n * (u.T @ P @ u).item() / (u.T @ u).item()
    out["overid_df"] = df
    return out


endog_cases = []
for label, csv, gal, idcol, yname, xs, es, qs in [
        ("columbus", "columbus.csv", "columbus_queen.gal", "POLYID", "CRIME", ["INC"], ["HOVAL"], ["DISCBD"]),
        ("elect80", "elect80.csv", "elect80_k4.gal", "FIPS", "lturnout", ["lcollege", "lhomeownership"], ["lincome"], ["long", "lat"])]:
    yv, xall, w = load(label, csv, gal, idcol, yname, xs + es + qs)
    xv, ev, qv = xall[:, :len(xs)], xall[:, len(xs):len(xs) + len(es)], xall[:, len(xs) + len(es):]
    for robust in (None, "white"):
        r = spreg.GM_Lag(yv, xv, yend=ev, q=qv, w=w, w_lags=1, robust=robust, name_x=xs, name_yend=es, name_q=qs)
        endog_cases.append({"label": label, "x": xs, "endogenous": es, "instruments": qs, "robust": robust,
                            "call": "spreg.GM_Lag(y, x, yend=yend, q=q, w=w, w_lags=1, robust=%r)" % robust,
                            "name_z": r.name_z, "name_h": r.name_h, "betas": vec(r.betas), "std_err": vec(r.std_err),
                            "numpy": numpy_endog(yv, xv, ev, qv, w, 1, robust == "white")})
for c in endog_cases:
    c["numpy_max_abs_diff_betas"] = float(np.max(np.abs(np.array(c["betas"]) - np.array(c["numpy"]["betas"]))))
d = json.load(open(os.path.join(SHARED_REF, "gmm_lag.json")))
d["endogenous"] = endog_cases
dump(d, os.path.join(SHARED_REF, "gmm_lag.json"))
