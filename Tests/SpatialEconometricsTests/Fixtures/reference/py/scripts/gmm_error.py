"""GM estimation of the spatial error model with heteroskedasticity (Arraiz, Drukker, Kelejian & Prucha 2010):
spreg.GM_Error_Het on columbus and elect80, and an independent numpy/scipy implementation; "homoskedastic": the same
for spreg.GM_Error_Hom (Drukker, Egger & Prucha 2013, A1 = 'hom_sc'), its numpy twin written densely; "combo":
spreg.GM_Combo_Het (GS2SLS of the SAC, instruments [X, W X], rho clamped to [-0.9, 0.9] as spreg does) and its twin.

columbus: CRIME ~ INC + HOVAL, W = data/columbus/columbus_queen.gal; elect80: lturnout ~ lcollege + lhomeownership +
lincome, W = data/elect80/elect80_k4.gal; both row-standardised, rows in the weights' sorted-id order. SEM, and SDEM
(X and W X, spreg slx_lags=1), max_iter 1 (spreg's default) and 5.
spreg minimises each moment objective by L-BFGS-B with a numerical gradient (op.fmin_l_bfgs_b defaults, pgtol 1e-5 on
a rescaled objective), so its lambda is only as accurate as that stopping rule. The "numpy" block repeats the
estimator without spreg: moments g, G of Arraiz et al. (A1 = W'W - diag(W'W), A2 = W), each objective
(G [l, l^2]' - g)' Xi (G [l, l^2]' - g) minimised to 1e-13 (scipy bounded Brent on [-0.99, 0.99] then Newton on the
quartic), Psi and the covariance as spreg's get_vc_het / get_vm_het; it is the 1e-6 reference, spreg is compared
at its optimiser's accuracy.
Writes reference/py/gmm_error.json
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


def load(name, csv, gal, idcol, y, xs):
    df = pd.read_csv(os.path.join(SHARED_DATA, name, csv), dtype={idcol: str})
    w = libpysal.io.open(os.path.join(SHARED_DATA, name, gal)).read()
    ids = sorted(w.id_order) if name == "elect80" else sorted(w.id_order, key=int)
    w = weights.W({i: w.neighbors[i] for i in ids}, {i: w.weights[i] for i in ids}, id_order=ids)
    w.transform = "r"
    df[idcol] = df[idcol].astype(str)
    df = df.set_index(idcol).loc[[str(i) for i in ids]]
    return df[[y]].to_numpy(float), df[xs].to_numpy(float), w


def moments(W, u):
    n = u.shape[0]
    d = np.asarray((W.multiply(W)).sum(axis=0)).reshape(-1, 1)
    A1 = lambda v: W.T @ (W @ v) - d * v
    wu = W @ u
    g = np.array([(u.T @ A1(u)).item(), (u.T @ wu).item()]) / n
    G = np.array([[2 * (u.T @ A1(wu)).item(), -(wu.T @ A1(wu)).item()],
                  [(u.T @ (W @ wu + W.T @ wu)).item(), -(wu.T @ (W @ wu)).item()]]) / n
    return G, g


def minimise(G, g, Xi):
    f = lambda l: float((G @ [l, l * l] - g) @ Xi @ (G @ [l, l * l] - g))
    grid = np.linspace(-0.99, 0.99, 397)
    l0 = grid[int(np.argmin([f(l) for l in grid]))]
    r = optimize.minimize_scalar(f, bounds=(max(-0.99, l0 - 0.01), min(0.99, l0 + 0.01)), method="bounded",
                                 options={"xatol": 1e-13})
    l = r.x
    p, q = G[:, 1], G[:, 0]
    c4, c3, c2, c1 = p @ Xi @ p, 2 * p @ Xi @ q, q @ Xi @ q - 2 * p @ Xi @ g, -2 * q @ Xi @ g
    for _ in range(5):  # Newton on f'(l) = 0
        d1 = 4 * c4 * l ** 3 + 3 * c3 * l ** 2 + 2 * c2 * l + c1
        d2 = 12 * c4 * l ** 2 + 6 * c3 * l + 2 * c2
        if d2 > 0 and -0.99 < l - d1 / d2 < 0.99:
            l = l - d1 / d2
    return l


def psi_het(W, A1dense, u, lam):
    n = u.shape[0]
    s = ((u - lam * (W @ u)) ** 2).reshape(-1)
    B1 = 2 * A1dense
    B2 = (W + W.T).toarray()
    tr = lambda B, C: float(np.sum(B * C.T * np.outer(s, s)))
    return np.array([[tr(B1, B1), tr(B1, B2)], [tr(B1, B2), tr(B2, B2)]]) / (2 * n)


def numpy_het(y, X, W, max_iter):
    n = y.shape[0]
    WtW = (W.T @ W).toarray()
    A1dense = WtW - np.diag(np.diag(WtW))
    b = np.linalg.lstsq(X, y, rcond=None)[0]
    u = y - X @ b
    G, g = moments(W, u)
    lam = minimise(G, g, np.eye(2))
    it, eps = 0, 1.0
    while it < max_iter and eps > 1e-5:
        xs, ys = X - lam * (W @ X), y - lam * (W @ y)
        b = np.linalg.lstsq(xs, ys, rcond=None)[0]
        u = y - X @ b
        psi = psi_het(W, A1dense, u, lam)
        G, g = moments(W, u)
        new = minimise(G, g, np.linalg.inv(psi))
        eps, lam = abs(new - lam), new
        it += 1
    psi = psi_het(W, A1dense, u, lam)
    J = G @ np.array([1.0, 2 * lam])
    Zs = X - lam * (W @ X)
    s = ((u - lam * (W @ u)) ** 2).reshape(-1)
    ZZi = np.linalg.inv(Zs.T @ Zs)
    vb = ZZi @ (Zs.T * s) @ Zs @ ZZi
    vl = 1.0 / (J @ np.linalg.inv(psi) @ J) / n
    return {"betas": vec(b) + [lam], "std_err": vec(np.sqrt(np.diag(vb))) + [float(np.sqrt(vl))], "iterations": it}


def numpy_hom(y, X, W, max_iter):
    """Drukker, Egger & Prucha (2013), spreg's GM_Error_Hom defaults (A1 = 'hom_sc'), written densely."""
    n = y.shape[0]
    Wd = W.toarray()
    WtW = Wd.T @ Wd
    t = np.trace(WtW) / n
    A1 = (WtW - t * np.eye(n)) / (1 + t * t)
    A2 = (Wd + Wd.T) / 2

    def mom(u):
        wu = Wd @ u
        g = np.array([(u.T @ A1 @ u).item(), (u.T @ A2 @ u).item()]) / n
        G = np.array([[2 * (wu.T @ A1 @ u).item(), -(wu.T @ A1 @ wu).item()],
                      [2 * (wu.T @ A2 @ u).item(), -(wu.T @ A2 @ wu).item()]]) / n
        return G, g

    def psi(u, lam):
        us = u - lam * (Wd @ u)
        s2, mu4 = (us.T @ us).item() / n, float(np.sum(us ** 4)) / n
        d1 = np.diag(A1)
        p11 = 2 * s2 ** 2 * np.sum(A1 * A1) + (mu4 - 3 * s2 ** 2) * (d1 @ d1).item()
        p12 = s2 ** 2 * 2 * np.sum(A1 * A2)
        p22 = s2 ** 2 * 2 * np.sum(A2 * A2)
        return np.array([[p11, p12], [p12, p22]]) / n

    b = np.linalg.lstsq(X, y, rcond=None)[0]
    u = y - X @ b
    G, g = mom(u)
    lam = minimise(G, g, np.eye(2))
    it, eps = 0, 1.0
    while it < max_iter and eps > 1e-5:
        b = np.linalg.lstsq(X - lam * (Wd @ X), y - lam * (Wd @ y), rcond=None)[0]
        u = y - X @ b
        G, g = mom(u)
        new = minimise(G, g, np.linalg.inv(psi(u, lam)))
        eps, lam = abs(new - lam), new
        it += 1
    us = u - lam * (Wd @ u)
    s2, mu3 = (us.T @ us).item() / n, float(np.sum(us ** 3)) / n
    Xs = X - lam * (Wd @ X)
    P = np.linalg.inv(Xs.T @ Xs / n)
    pi = np.linalg.inv(psi(u, lam))
    j = G @ np.array([1.0, 2 * lam])
    oLL = 1.0 / (j @ pi @ j) / n
    oDD = s2 * np.linalg.inv(Xs.T @ Xs)
    psiDL = mu3 * (X.T @ np.diag(A1)).reshape(-1, 1) / n          # X' [diag(A1), 0] / n, first column
    oDL = (P.T @ psiDL @ (pi @ j)[:1].reshape(1, 1)).reshape(-1) * oLL
    V = np.zeros((X.shape[1] + 1, X.shape[1] + 1))
    V[:-1, :-1], V[:-1, -1], V[-1, :-1], V[-1, -1] = oDD, oDL, oDL, oLL
    return {"betas": vec(b) + [lam], "std_err": vec(np.sqrt(np.diag(V))), "vm": V.tolist(), "sig2": s2, "iterations": it}


def run_hom(label, y, x, w, names, sdem, max_iter):
    r = spreg.GM_Error_Hom(y, x, w=w, max_iter=max_iter, slx_lags=1 if sdem else 0, name_x=names)
    W = w.sparse
    X = np.hstack([np.ones((y.shape[0], 1)), x] + ([W @ x] if sdem else []))
    return {"label": label, "model": "sdem" if sdem else "sem", "max_iter": max_iter,
            "call": "spreg.GM_Error_Hom(y, x, w=w, max_iter=%d, slx_lags=%d)" % (max_iter, 1 if sdem else 0),
            "name_x": r.name_x, "n": r.n, "betas": vec(r.betas), "std_err": vec(r.std_err), "vm": np.asarray(r.vm).tolist(),
            "sig2": float(r.sig2), "pr2": float(r.pr2), "iterations": int(r.iteration), "numpy": numpy_hom(y, X, W, max_iter)}


def numpy_combo(y, X, W, max_iter, w_lags=1):
    """GS2SLS with heteroskedastic moments (Arraiz et al. 2010), spreg's GM_Combo_Het steps, without spreg."""
    n = y.shape[0]
    WtW = (W.T @ W).toarray()
    A1dense = WtW - np.diag(np.diag(WtW))
    lags, cur = [], X[:, 1:]
    for _ in range(w_lags):
        cur = W @ cur
        lags.append(cur)
    H = np.hstack([X] + lags)
    HHi = np.linalg.inv(H.T @ H)
    wy = W @ y
    Z = np.hstack([X, wy])

    def tsls(yv, Zv):
        Zh = H @ (HHi @ (H.T @ Zv))
        d = np.linalg.solve(Zh.T @ Zv, Zh.T @ yv)
        d[-1] = min(0.9, max(-0.9, d[-1]))  # spreg clamps rho to [-0.9, 0.9]
        return d

    def phat(Zs):
        P1 = HHi @ (H.T @ Zs)
        return n * P1 @ np.linalg.inv((H.T @ Zs).T @ P1)

    def vc(u, lam, P, Zs):
        us = u - lam * (W @ u)
        s = (us ** 2).reshape(-1)
        A1us = A1dense @ us
        al1 = (-2.0 / n) * (Zs.T @ A1us)
        al2 = (-1.0 / n) * (Zs.T @ ((W + W.T) @ us))
        a1, a2 = H @ P @ al1, H @ P @ al2
        q = lambda a, b: ((a.T * s) @ b).item()
        p0 = np.array([[q(a1, a1), q(a1, a2)], [q(a2, a1), q(a2, a2)]]) / n
        return psi_het(W, A1dense, u, lam) + p0, a1, a2

    d = tsls(y, Z)
    u = y - Z @ d
    G, g = moments(W, u)
    lam = minimise(G, g, np.eye(2))
    it, eps = 0, 1.0
    while it < max_iter and eps > 1e-5:
        Zs = Z - lam * (W @ Z)
        d = tsls(y - lam * (W @ y), Zs)
        u = y - Z @ d
        ps, _, _ = vc(u, lam, phat(Zs), Zs)
        G, g = moments(W, u)
        new = minimise(G, g, np.linalg.inv(ps))
        eps, lam = abs(new - lam), new
        it += 1
    Zs = Z - lam * (W @ Z)
    P = phat(Zs)
    ps, a1, a2 = vc(u, lam, P, Zs)
    s = ((u - lam * (W @ u)) ** 2).reshape(-1)
    Pdd = (H.T * s) @ H / n
    Pdl = (H.T * s) @ np.hstack([a1, a2]) / n
    pi = np.linalg.inv(ps)
    J = G @ np.array([1.0, 2 * lam])
    o1 = (pi @ J) / (J @ pi @ J)
    Pdl = Pdl.reshape(Pdl.shape[0], -1)
    V = np.zeros((Z.shape[1] + 1, Z.shape[1] + 1))
    V[:-1, :-1] = P.T @ Pdd @ P / n
    V[:-1, -1] = P.T @ Pdl @ o1 / n
    V[-1, :-1] = V[:-1, -1]
    V[-1, -1] = o1 @ ps @ o1 / n
    return {"betas": vec(d) + [lam], "std_err": vec(np.sqrt(np.diag(V))), "vm": V.tolist(), "iterations": it}


def run_combo(label, y, x, w, names, max_iter):
    r = spreg.GM_Combo_Het(y, x, w=w, max_iter=max_iter, name_x=names)
    W = w.sparse
    X = np.hstack([np.ones((y.shape[0], 1)), x])
    return {"label": label, "model": "sac", "max_iter": max_iter,
            "call": "spreg.GM_Combo_Het(y, x, w=w, max_iter=%d)" % max_iter,
            "name_x": r.name_z, "n": r.n, "betas": vec(r.betas), "std_err": vec(r.std_err), "vm": np.asarray(r.vm).tolist(),
            "pr2": float(r.pr2), "iterations": int(r.iteration), "numpy": numpy_combo(y, X, W, max_iter)}


def run(label, y, x, w, names, sdem, max_iter):
    r = spreg.GM_Error_Het(y, x, w=w, max_iter=max_iter, slx_lags=1 if sdem else 0, name_x=names)
    W = w.sparse
    X = np.hstack([np.ones((y.shape[0], 1)), x] + ([W @ x] if sdem else []))
    return {"label": label, "model": "sdem" if sdem else "sem", "max_iter": max_iter,
            "call": "spreg.GM_Error_Het(y, x, w=w, max_iter=%d, slx_lags=%d)" % (max_iter, 1 if sdem else 0),
            "name_x": r.name_x, "n": r.n, "betas": vec(r.betas), "std_err": vec(r.std_err), "vm": np.asarray(r.vm).tolist(),
            "pr2": float(r.pr2), "iterations": int(r.iteration), "numpy": numpy_het(y, X, W, max_iter)}


cases, hom, combo = [], [], []
y, x, w = load("columbus", "columbus.csv", "columbus_queen.gal", "POLYID", "CRIME", ["INC", "HOVAL"])
for sdem in (False, True):
    for it in (1, 5):
        cases.append(run("columbus", y, x, w, ["INC", "HOVAL"], sdem, it))
        hom.append(run_hom("columbus", y, x, w, ["INC", "HOVAL"], sdem, it))
        if not sdem:
            combo.append(run_combo("columbus", y, x, w, ["INC", "HOVAL"], it))
y, x, w = load("elect80", "elect80.csv", "elect80_k4.gal", "FIPS", "lturnout", ["lcollege", "lhomeownership", "lincome"])
for sdem in (False, True):
    cases.append(run("elect80", y, x, w, ["lcollege", "lhomeownership", "lincome"], sdem, 1))
    hom.append(run_hom("elect80", y, x, w, ["lcollege", "lhomeownership", "lincome"], sdem, 1))
combo.append(run_combo("elect80", y, x, w, ["lcollege", "lhomeownership", "lincome"], 1))
for c in cases + hom + combo:
    c["spreg_vs_numpy_max_abs_diff_betas"] = float(np.max(np.abs(np.array(c["betas"]) - np.array(c["numpy"]["betas"]))))
    c["spreg_vs_numpy_max_rel_diff_se"] = float(np.max(np.abs(np.array(c["std_err"]) / np.array(c["numpy"]["std_err"]) - 1)))
dump({"meta": {"versions": versions(), "script": "scripts/gmm_error.py", "doc": __doc__}, "cases": cases, "homoskedastic": hom, "combo": combo},
     os.path.join(SHARED_REF, "gmm_error.json"))
