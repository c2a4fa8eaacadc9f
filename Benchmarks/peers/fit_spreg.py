"""Peer timings for the model-fit benchmarks (PySAL spreg), on the files the Swift benchmark writes.

usage: python fit_spreg.py panel PANEL.csv EDGES.csv          (two-way fixed-effects SDM via Panel_FE_Lag)
       python fit_spreg.py lag CROSS.csv EDGES.csv METHOD     (cross-section SAR via ML_Lag, METHOD full or LU)
       python fit_spreg.py combo CROSS.csv EDGES.csv          (cross-section SAC by GS2SLS via GM_Combo_Het, defaults)
PANEL.csv: unit,time,y,x1,x2 in time-major order (all units of period 1, then period 2, ...), units in the order of
the weights. CROSS.csv: y,x1,x2. EDGES.csv: i,j 0-based directed binary links (row-standardised here).
Prints one JSON line: {"peer", "method", "n", "seconds", "rho", "betas", "peak_rss_mb"}; only the estimator call is timed
(combo: "betas" are all of spreg's, constant, x1, x2, W_y (rho), lambda).

What the panel run compares. spreg 1.9's Panel_FE_Lag fits a SAR with individual fixed effects by ML (Elhorst 2003):
it demeans y and X over time within each unit, and its concentrated likelihood is -NT/2 ln(e'e) + T ln|I - rho W|,
the direct approach. It has no time effects and no W X, so both are made here:
  1. W x1, W x2 are computed per period from the raw x (the SDM's Durbin columns);
  2. y, x1, x2, W x1, W x2 are demeaned by period (cross-sectional mean per period);
  3. Panel_FE_Lag then demeans by unit, so the data are two-way demeaned. With row-standardised W,
     W (y_t - ybar_t 1) = W y_t - ybar_t 1, so its lag W Q y equals the two-way-demeaned W y: the model and the
     likelihood are exactly those of PanelRegression(.sdm, effects: .twoways, estimator: .direct).
Betas are reported as x1, x2, W_x1, W_x2 (rho separately); standard errors are not compared (spreg's use the
individual-effects information matrix on the doubly demeaned data).
"""
import json, resource, sys, time
import numpy as np
import scipy.sparse as sp
import spreg
from libpysal.weights import WSP


def weights(path, n):
    e = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64, ndmin=2)
    a = sp.csr_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n))
    w = WSP(a).to_W(silence_warnings=True)
    w.transform = "r"
    return w, sp.diags(1.0 / np.asarray(a.sum(axis=1)).ravel()) @ a


def report(method, n, secs, rho, betas):
    print(json.dumps({"peer": "PySAL spreg " + spreg.__version__, "method": method, "n": n, "seconds": secs,
                      "rho": float(rho), "betas": [float(b) for b in betas],
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)


mode = sys.argv[1]
if mode == "panel":
    d = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1)
    n = int(d[:, 0].max())
    t = len(d) // n
    w, ws = weights(sys.argv[3], n)
    y, x1, x2 = (d[:, c].reshape(t, n) for c in (2, 3, 4))  # rows: periods
    wx1 = np.asarray((ws @ x1.T).T)
    wx2 = np.asarray((ws @ x2.T).T)
    cols = [v - v.mean(axis=1, keepdims=True) for v in (y, x1, x2, wx1, wx2)]
    yy = cols[0].reshape(-1, 1)
    xx = np.column_stack([c.reshape(-1) for c in cols[1:]])
    tic = time.perf_counter()
    m = spreg.Panel_FE_Lag(yy, xx, w, name_y="y", name_x=["x1", "x2", "W_x1", "W_x2"])
    secs = time.perf_counter() - tic
    report("Panel_FE_Lag (period-demeaned, W x added)", n, secs, m.rho, np.ravel(m.betas)[:-1])
elif mode == "lag":
    d = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1)
    n = len(d)
    w, _ = weights(sys.argv[3], n)
    method = sys.argv[4]
    tic = time.perf_counter()
    m = spreg.ML_Lag(d[:, [0]], d[:, 1:3], w, method=method, spat_impacts=None, spat_diag=False, name_y="y", name_x=["x1", "x2"])
    secs = time.perf_counter() - tic
    report("ML_Lag method=" + method, n, secs, m.rho, np.ravel(m.betas)[:-1])
elif mode == "combo":
    d = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1)
    n = len(d)
    w, _ = weights(sys.argv[3], n)
    tic = time.perf_counter()
    m = spreg.GM_Combo_Het(d[:, [0]], d[:, 1:3], w=w, name_y="y", name_x=["x1", "x2"])
    secs = time.perf_counter() - tic
    report("GM_Combo_Het (w_lags=1, max_iter=1)", n, secs, np.ravel(m.betas)[-2], np.ravel(m.betas))
else:
    sys.exit("usage: fit_spreg.py panel|lag|combo ...")
