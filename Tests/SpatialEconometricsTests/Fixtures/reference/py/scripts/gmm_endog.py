"""GM estimators with endogenous regressors and the homoskedastic GS2SLS: spreg 1.9 and an independent dense numpy twin.

spreg calls: GM_Combo_Hom (SAC, Drukker, Egger & Prucha 2013, A1 = 'hom_sc'); GM_Endog_Error_Het / GM_Endog_Error_Hom
(SEM, and SDEM with slx_lags=1); GM_Endog_Combo_Het / GM_Endog_Combo_Hom (SAC with yend, q, lag_q=True);
GM_Lag(yend, q, slx_lags=1) (SDM by S2SLS with endogenous regressors).

columbus: HOVAL ~ INC with CRIME endogenous, instrument DISCBD (spreg's docstring example), and over-identified with
DISCBD, PLUMB; GM_Combo_Hom on CRIME ~ INC + HOVAL. elect80 (3,107 counties, k4): lturnout ~ lcollege + lhomeownership
with lincome endogenous, instruments long, lat. W row-standardised, rows in the weights' sorted-id order.

The "numpy" block is a dense implementation of the steps written from the papers' formulas, not from spreg's code:
Z = [X, Y_end(, W y)], H = [X, Q(, W X, W Q)]; 2SLS; moments g, G with A1, A2 (het: W'W - diag, W; hom: hom_sc and
(W + W')/2); lambda minimising (G v - g)' Xi (G v - g) exactly (bounded Brent + Newton on the quartic); filtered 2SLS;
Psi with the estimation effect of d (het: a' Sigma a; hom: s^2 a'a + mu3 terms); the covariance (het: Arraiz et al.'s
Omega; hom: s^2 (Zs'P_H Zs)^-1, (J'Psi^-1 J)^-1/n, cov(d, lambda) through Psi_DL). It is the 1e-6 reference; spreg is
compared at its L-BFGS-B stopping accuracy. First-stage F of every endogenous regressor (on H against X) and the
over-identification test of the filtered second stage (Hansen J with het, Sargan with hom, on e = u - lambda W u).
spreg's GM_*_Het clamps the last 2SLS coefficient to [-0.9, 0.9]: for the SAC that is rho; for GM_Endog_Error_Het it
is the last endogenous regressor's coefficient (a spreg quirk): the cases here have |coefficient| < 0.9, so it does
not bind. The twin clamps rho only, in the heteroskedastic SAC.

SDM with endogenous regressors (S2SLS): the twin's instruments are H = [X, W X, Q, W^2 X, W Q] (X lagged from W^2 as
in the SDM without yend); spreg 1.9's set_endog lags its W^2 X block once more, so it uses W^3 X while naming it
W2_x: the block "sdm_endog" holds spreg, the twin with W^2 X (our reference) and the twin with W^3 X (which equals
spreg, showing the cause of the difference).
Writes reference/py/gmm_endog.json
"""
import os
import sys
import warnings

import numpy as np
import pandas as pd
import libpysal
import spreg
from scipy import optimize
from libpysal import weights

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SHARED_DATA, SHARED_REF, dump, versions, vec  # noqa: E402

warnings.filterwarnings("ignore")


def load(name, csv, gal, idcol, cols):
    df = pd.read_csv(os.path.join(SHARED_DATA, name, csv), dtype={idcol: str})
    w = libpysal.io.open(os.path.join(SHARED_DATA, name, gal)).read()
    ids = sorted(w.id_order) if name == "elect80" else sorted(w.id_order, key=int)
    w = weights.W({i: w.neighbors[i] for i in ids}, {i: w.weights[i] for i in ids}, id_order=ids)
    w.transform = "r"
    df[idcol] = df[idcol].astype(str)
    df = df.set_index(idcol).loc[[str(i) for i in ids]]
    return {c: df[[c]].to_numpy(float) for c in cols}, w


def minimise(G, g, Xi):
    f = lambda l: float((G @ [l, l * l] - g) @ Xi @ (G @ [l, l * l] - g))
    grid = np.linspace(-0.99, 0.99, 397)
    l0 = grid[int(np.argmin([f(l) for l in grid]))]
    r = optimize.minimize_scalar(f, bounds=(max(-0.99, l0 - 0.01), min(0.99, l0 + 0.01)), method="bounded",
                                 options={"xatol": 1e-13})
    l = r.x
    p, q = G[:, 1], G[:, 0]
    c4, c3, c2, c1 = p @ Xi @ p, 2 * p @ Xi @ q, q @ Xi @ q - 2 * p @ Xi @ g, -2 * q @ Xi @ g
    for _ in range(8):
        d1 = 4 * c4 * l ** 3 + 3 * c3 * l ** 2 + 2 * c2 * l + c1
        d2 = 12 * c4 * l ** 2 + 6 * c3 * l + 2 * c2
        if d2 > 0 and -0.99 < l - d1 / d2 < 0.99:
            l = l - d1 / d2
    return l


def twin(y, X, Yend, H, Wd, hom, max_iter, clamp_rho):
    """Dense GM with endogenous regressors; returns estimates (d, lambda), SEs, the covariance and the diagnostics."""
    n = y.shape[0]
    Z = np.hstack([X, Yend])
    WtW = Wd.T @ Wd
    if hom:
        t = np.trace(WtW) / n
        A1 = (WtW - t * np.eye(n)) / (1 + t * t)
        A2 = (Wd + Wd.T) / 2
    else:
        A1 = WtW - np.diag(np.diag(WtW))
        A2 = Wd
    d1 = np.diag(A1).reshape(-1, 1)

    def mom(u):
        wu = Wd @ u
        g = np.array([(u.T @ A1 @ u).item(), (u.T @ A2 @ u).item()]) / n
        G = np.array([[(u.T @ (A1 + A1.T) @ wu).item(), -(wu.T @ A1 @ wu).item()],
                      [(u.T @ (A2 + A2.T) @ wu).item(), -(wu.T @ A2 @ wu).item()]]) / n
        return G, g

    PH = H @ np.linalg.solve(H.T @ H, H.T)

    def tsls(yv, Zv):
        d = np.linalg.solve(Zv.T @ PH @ Zv, Zv.T @ PH @ yv)
        if clamp_rho:
            d[-1] = min(0.9, max(-0.9, d[-1]))
        return d

    def pmat(Zs):
        return n * np.linalg.solve(H.T @ H, H.T @ Zs) @ np.linalg.inv(Zs.T @ PH @ Zs)

    def psi(u, lam, Zs):
        e = u - lam * (Wd @ u)
        P = pmat(Zs)
        a1 = H @ P @ ((-1.0 / n) * Zs.T @ ((A1 + A1.T) @ e))
        a2 = H @ P @ ((-1.0 / n) * Zs.T @ ((A2 + A2.T) @ e))
        if hom:
            s2, mu3, mu4 = (e.T @ e).item() / n, float(np.sum(e ** 3)) / n, float(np.sum(e ** 4)) / n
            p11 = 2 * s2 ** 2 * np.sum(A1 * A1) + (mu4 - 3 * s2 ** 2) * (d1.T @ d1).item()
            p12 = s2 ** 2 * np.sum((A1 + A1.T) * A2)
            p22 = s2 ** 2 * np.sum((A2 + A2.T) * A2)
            p11 += s2 * (a1.T @ a1).item() + 2 * mu3 * (a1.T @ d1).item()
            p12 += s2 * (a1.T @ a2).item() + mu3 * (a2.T @ d1).item()
            p22 += s2 * (a2.T @ a2).item()
            ps = np.array([[p11, p12], [p12, p22]]) / n
        else:
            S = np.diag(e[:, 0] ** 2)
            B = [A1 + A1.T, A2 + A2.T]
            ps = np.array([[np.trace(B[r] @ S @ B[s] @ S) for s in range(2)] for r in range(2)]) / (2 * n)
            a = [a1, a2]
            ps = ps + np.array([[(a[r].T @ S @ a[s]).item() for s in range(2)] for r in range(2)]) / n
        return ps, a1, a2, e, P

    d = tsls(y, Z)
    u = y - Z @ d
    G, g = mom(u)
    lam = minimise(G, g, np.eye(2))
    it, eps = 0, 1.0
    while it < max_iter and eps > 1e-5:
        Zs = Z - lam * (Wd @ Z)
        d = tsls(y - lam * (Wd @ y), Zs)
        u = y - Z @ d
        ps = psi(u, lam, Zs)[0]
        G, g = mom(u)
        new = minimise(G, g, np.linalg.inv(ps))
        eps, lam = abs(new - lam), new
        it += 1
    Zs = Z - lam * (Wd @ Z)
    ps, a1, a2, e, P = psi(u, lam, Zs)
    pi = np.linalg.inv(ps)
    J = G @ np.array([1.0, 2 * lam])
    k = Z.shape[1]
    V = np.zeros((k + 1, k + 1))
    if hom:
        s2, mu3 = (e.T @ e).item() / n, float(np.sum(e ** 3)) / n
        V[:k, :k] = s2 * np.linalg.inv(Zs.T @ PH @ Zs)
        V[k, k] = 1.0 / (J @ pi @ J) / n
        psiDL = (mu3 * H.T @ np.hstack([d1, np.zeros((n, 1))]) + s2 * H.T @ np.hstack([a1, a2])) / n
        V[:k, k] = (P.T @ psiDL @ (pi @ J)) * V[k, k]
        V[k, :k] = V[:k, k]
    else:
        S = np.diag(e[:, 0] ** 2)
        Pdd = H.T @ S @ H / n
        Pdl = H.T @ S @ np.hstack([a1, a2]) / n
        o = (pi @ J) / (J @ pi @ J)
        V[:k, :k] = P.T @ Pdd @ P / n
        V[:k, k] = P.T @ Pdl @ o / n
        V[k, :k] = V[:k, k]
        V[k, k] = o @ ps @ o / n
    # diagnostics: first-stage F of each endogenous column (H against X), over-identification of the filtered stage
    fs = []
    for j in range(Yend.shape[1]):
        c = Yend[:, [j]]
        ssr_u = float(np.sum((c - PH @ c) ** 2))
        ssr_r = float(np.sum((c - X @ np.linalg.lstsq(X, c, rcond=None)[0]) ** 2))
        q, df2 = H.shape[1] - X.shape[1], n - H.shape[1]
        fs.append(((ssr_r - ssr_u) / q) / (ssr_u / df2))
    df = H.shape[1] - k
    over = None
    if df > 0:
        if hom:
            over = {"name": "Sargan", "statistic": n * (e.T @ PH @ e).item() / (e.T @ e).item(), "df": df}
        else:
            gg = H.T @ e
            Sm = (H.T * (e[:, 0] ** 2)) @ H
            over = {"name": "Hansen J", "statistic": (gg.T @ np.linalg.solve(Sm, gg)).item(), "df": df}
    return {"betas": vec(d) + [lam], "std_err": vec(np.sqrt(np.diag(V))), "vm": V.tolist(), "iterations": it,
            "sig2": (e.T @ e).item() / n, "first_stage_f": fs, "overidentification": over}


def lags(Wd, M, powers):
    out, cur = [], M
    for p in range(1, max(powers) + 1):
        cur = Wd @ cur
        if p in powers:
            out.append(cur)
    return out


def case(label, data, w, yname, xs, es, qs, model, hom, max_iter=1):
    Wd = w.full()[0]
    n = data[yname].shape[0]
    y = data[yname]
    x = np.hstack([data[c] for c in xs])
    X = np.hstack([np.ones((n, 1)), x])
    yend = np.hstack([data[c] for c in es]) if es else None
    q = np.hstack([data[c] for c in qs]) if qs else None
    kw = dict(max_iter=max_iter, name_x=xs, name_y=yname)
    if es:
        kw.update(name_yend=es, name_q=qs)
    if model == "sac":
        cls = spreg.GM_Combo_Hom if hom else spreg.GM_Combo_Het
        r = cls(y, x, yend=yend, q=q, w=w, w_lags=1, lag_q=True, **kw)
        Yend = np.hstack(([yend] if es else []) + [Wd @ y])
        H = np.hstack([X] + ([q] if es else []) + lags(Wd, np.hstack([x] + ([q] if es else [])), [1]))
        clamp = not hom
    else:
        cls = spreg.GM_Endog_Error_Hom if hom else spreg.GM_Endog_Error_Het
        r = cls(y, x, yend, q, w=w, slx_lags=1 if model == "sdem" else 0, **kw)
        if model == "sdem":
            X = np.hstack([X, Wd @ x])
        Yend = yend
        H = np.hstack([X, q])
        clamp = False
    return {"label": label, "model": model, "weighting": "hom" if hom else "het", "max_iter": max_iter,
            "y": yname, "x": xs, "endogenous": es, "instruments": qs,
            "call": "spreg.%s(y, x, %s w=w, max_iter=%d%s)" % (cls.__name__, "yend, q," if es else "", max_iter,
                                                              ", slx_lags=1" if model == "sdem" else ""),
            "name_z": r.name_z, "name_h": r.name_h, "n": int(r.n), "betas": vec(r.betas), "std_err": vec(r.std_err),
            "vm": np.asarray(r.vm).tolist(), "iterations": int(r.iteration),
            "numpy": twin(y, X, Yend, H, Wd, hom, max_iter, clamp)}


def sdm_endog(label, data, w, yname, xs, es, qs):
    Wd = w.full()[0]
    n = data[yname].shape[0]
    y = data[yname]
    x = np.hstack([data[c] for c in xs])
    yend = np.hstack([data[c] for c in es])
    q = np.hstack([data[c] for c in qs])
    r = spreg.GM_Lag(y, x, yend=yend, q=q, w=w, w_lags=1, slx_lags=1, name_x=xs, name_yend=es, name_q=qs)
    X = np.hstack([np.ones((n, 1)), x, Wd @ x])
    Z = np.hstack([X, yend, Wd @ y])
    out = {"label": label, "y": yname, "x": xs, "endogenous": es, "instruments": qs,
           "call": "spreg.GM_Lag(y, x, yend=yend, q=q, w=w, w_lags=1, slx_lags=1)",
           "name_z": r.name_z, "name_h": r.name_h, "spreg_betas": vec(r.betas), "spreg_std_err": vec(r.std_err)}
    for tag, power in (("numpy_w2x", 2), ("numpy_w3x", 3)):
        H = np.hstack([X, q] + lags(Wd, x, [power]) + [Wd @ q])
        PH = H @ np.linalg.solve(H.T @ H, H.T)
        A = np.linalg.inv(Z.T @ PH @ Z)
        d = A @ (Z.T @ PH @ y)
        u = y - Z @ d
        V = (u.T @ u).item() / n * A
        fs = []
        for c in [yend[:, [j]] for j in range(yend.shape[1])] + [Wd @ y]:
            ssr_u = float(np.sum((c - PH @ c) ** 2))
            ssr_r = float(np.sum((c - X @ np.linalg.lstsq(X, c, rcond=None)[0]) ** 2))
            fs.append(((ssr_r - ssr_u) / (H.shape[1] - X.shape[1])) / (ssr_u / (n - H.shape[1])))
        sargan = n * (u.T @ PH @ u).item() / (u.T @ u).item()
        out[tag] = {"betas": vec(d), "std_err": vec(np.sqrt(np.diag(V))), "first_stage_f": fs,
                    "sargan": sargan, "overid_df": H.shape[1] - Z.shape[1]}
    out["spreg_vs_w3x_max_abs_diff"] = float(np.max(np.abs(np.array(out["spreg_betas"]) - np.array(out["numpy_w3x"]["betas"]))))
    out["spreg_vs_w2x_max_abs_diff"] = float(np.max(np.abs(np.array(out["spreg_betas"]) - np.array(out["numpy_w2x"]["betas"]))))
    return out


cases, sdm = [], []
cols = ["HOVAL", "INC", "CRIME", "DISCBD", "PLUMB"]
data, w = load("columbus", "columbus.csv", "columbus_queen.gal", "POLYID", cols)
for hom in (False, True):
    for it in (1, 5):
        cases.append(case("columbus", data, w, "CRIME", ["INC", "HOVAL"], [], [], "sac", hom, it) if hom else None)
cases = [c for c in cases if c is not None]
for hom in (False, True):
    for model in ("sem", "sdem", "sac"):
        cases.append(case("columbus", data, w, "HOVAL", ["INC"], ["CRIME"], ["DISCBD"], model, hom))
    cases.append(case("columbus", data, w, "HOVAL", ["INC"], ["CRIME"], ["DISCBD", "PLUMB"], "sem", hom))
sdm.append(sdm_endog("columbus", data, w, "HOVAL", ["INC"], ["CRIME"], ["DISCBD"]))
cols = ["lturnout", "lcollege", "lhomeownership", "lincome", "long", "lat"]
data, w = load("elect80", "elect80.csv", "elect80_k4.gal", "FIPS", cols)
cases.append(case("elect80", data, w, "lturnout", ["lcollege", "lhomeownership", "lincome"], [], [], "sac", True))
for hom in (False, True):
    for model in ("sem", "sac"):
        cases.append(case("elect80", data, w, "lturnout", ["lcollege", "lhomeownership"], ["lincome"], ["long", "lat"], model, hom))
for c in cases:
    c["spreg_vs_numpy_max_abs_diff_betas"] = float(np.max(np.abs(np.array(c["betas"]) - np.array(c["numpy"]["betas"]))))
    c["spreg_vs_numpy_max_rel_diff_se"] = float(np.max(np.abs(np.array(c["std_err"]) / np.array(c["numpy"]["std_err"]) - 1)))
dump({"meta": {"versions": versions(), "script": "scripts/gmm_endog.py", "doc": __doc__}, "cases": cases, "sdm_endog": sdm},
     os.path.join(SHARED_REF, "gmm_endog.json"))
