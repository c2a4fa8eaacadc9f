"""Independent numpy check of Baltagi's EC2SLS (Baltagi 1981; Baltagi 2008, Econometric Analysis of Panel Data,
section 7.2), the estimator splm's spgm(model = "random", spatial.error = FALSE) uses (ivsplm(method = "ec2sls")), on
produc (48 states x 17 years) with usaww: y = log(gsp), X = log(pc), log(emp), unemp [with log(pcap) for the lag-only
case]; endogenous log(pcap) with instruments log(hwy), log(water); the lag W y instrumented by W [1, X], W^2 [1, X].

With Q = (I_T - J_T/T) kron I_N and P = (J_T/T) kron I_N applied by reshaping the time-major vectors, Z = [Y, 1, X],
H = external (+ spatial) instruments, k regressors besides the intercept and p endogenous columns:
  sigma_v^2 = ||Q y - Q Z d_W||^2 / (N(T-1) - k - p), d_W the 2SLS of Q y on Q Z with instruments [Q X, Q H];
  sigma_1^2 = ||P y - P Z d_B||^2 / (N - k - 1 - p), d_B the 2SLS of P y on P Z with instruments [1, P X, P H];
  d = 2SLS of Omega^-1/2 y on Omega^-1/2 Z, Omega^-1/2 = Q / sigma_v + P / sigma_1, instruments A = [Q X, 1, P X, Q H, P H];
  V = s^2 (Z*' P_A Z*)^-1, s^2 = ||y* - Z* d||^2 / (NT - k - 1 - p) (splm's scaling of Baltagi's (Z*' P_A Z*)^-1).
Projections by numpy least squares (lstsq, rank-revealing), not by splm's code.

usage: python produc_ec2sls.py DATA_DIR > produc_ec2sls.json
"""
import csv, json, os, sys
import numpy as np

d = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(d, "produc.csv"))))
wr = list(csv.reader(open(os.path.join(d, "usaww.csv"))))
ids = wr[0][1:]
W = np.array([[float(v) for v in r[1:]] for r in wr[1:]])
assert [r[0] for r in wr[1:]] == ids
N, T = len(ids), 17
years = sorted({int(r["year"]) for r in rows})
cell = {(r["state"], int(r["year"])): r for r in rows}
def col(f):
    return np.array([f(cell[(s, yr)]) for yr in years for s in ids])
lg = lambda name: col(lambda r: np.log(float(r[name])))
y, pcap, pc, emp, hwy, water = lg("gsp"), lg("pcap"), lg("pc"), lg("emp"), lg("hwy"), lg("water")
unemp = col(lambda r: float(r["unemp"]))
NT = N * T
def P(M):
    M = np.asarray(M, float); M2 = M.reshape(T, N, -1)
    return np.broadcast_to(M2.mean(axis=0), M2.shape).reshape(M.shape)
def Q(M): return np.asarray(M, float) - P(M)
def lag(M):
    M = np.asarray(M, float); M2 = M.reshape(T, N, -1)
    return np.einsum("ij,tjk->tik", W, M2).reshape(M.shape)
def proj(H, Z):
    b = np.linalg.lstsq(H, Z, rcond=None)[0]
    return H @ b
def tsls(yv, Z, H):
    Zp = proj(H, Z)
    dd = np.linalg.solve(Zp.T @ Zp, Zp.T @ yv)
    return dd, yv - Z @ dd, Zp
def ec2sls(Yend, X, H):
    k, p = X.shape[1], Yend.shape[1]
    one = np.ones((NT, 1))
    Z = np.hstack([Yend, one, X])
    _, eW, _ = tsls(Q(y), Q(np.hstack([Yend, X])), np.hstack([Q(X), Q(H)]))   # Q 1 = 0: the intercept drops out
    s2v = eW @ eW / (N * (T - 1) - k - p)
    _, eB, _ = tsls(P(y), P(Z), np.hstack([one, P(X), P(H)]))
    s21 = eB @ eB / (N - k - 1 - p)
    om = lambda M: Q(M) / np.sqrt(s2v) + P(M) / np.sqrt(s21)
    A = np.hstack([Q(X), one, P(X), Q(H), P(H)])   # P 1 = 1: the intercept among the between instruments
    dd, e, Zp = tsls(om(y), om(Z), A)
    V = (e @ e / (NT - Z.shape[1])) * np.linalg.inv(Zp.T @ Zp)
    return {"coefficients": dd.tolist(), "se": np.sqrt(np.diag(V)).tolist(), "sigma2_v": s2v, "sigma2_1": s21,
            "theta": 1 - np.sqrt(s2v / s21)}
def wl(X):
    WX = lag(np.hstack([np.ones((NT, 1)), X]))
    return np.hstack([WX, lag(WX)])
X4 = np.column_stack([pcap, pc, emp, unemp]); X3 = np.column_stack([pc, emp, unemp])
Qx = np.column_stack([hwy, water])
out = {"conventions": {"order": "coefficients in the order (endogenous..., lambda (the lag, splm's name), (Intercept), x...)",
                       "x": "lag: log(pcap), log(pc), log(emp), unemp; the endogenous cases: log(pc), log(emp), unemp, log(pcap) endogenous",
                       "numpy": np.__version__},
       "random_lag": ec2sls(lag(y)[:, None], X4, wl(X4)),
       "random_lag_endog": ec2sls(np.column_stack([pcap, lag(y)]), X3, np.hstack([Qx, wl(X3)])),
       "random_iv_endog": ec2sls(pcap[:, None], X3, Qx)}
json.dump(out, sys.stdout, indent=1)
