"""Independent numpy check of the spatial panel GM moments (Kapoor, Kelejian & Prucha 2007), written from the paper's
formulas, not from splm: produc (48 states x 17 years) with usaww, y = log(gsp), X = log(pcap), log(pc), log(emp), unemp.

(a) within error model: u = within OLS residuals; the three within moment conditions
    n^-1 E[e'Q0 e] = sigma_v^2 (T-1)/T ... written as E[v'Q0 v]/(N(T-1)) = sigma_v^2,
    E[vb'Q0 vb]/(N(T-1)) = sigma_v^2 tr(W'W)/N, E[vb'Q0 v]/(N(T-1)) = 0, with v = u - lambda W u, vb = W v,
    solved by least squares over (lambda, sigma_v^2) with scipy (Nelder-Mead, then L-BFGS-B polish);
(b) random error model, fullweights: the six moments (within and between, Q1 = J_T/T kron I_N) at pooled OLS
    residuals, weighted by (diag(s_v^4/(T-1), s_1^4) kron T_W)^-1 at the initial estimates, T_W from dense traces.
Here the moments are evaluated as quadratic forms in v(lambda) directly (not through splm's G, g arrangement);
(I_T kron W), Q0 and Q1 are applied by reshaping the time-major vectors.

usage: python produc_panel_gm_moments.py DATA_DIR > produc_panel_gm_moments.json
"""
import csv, json, os, sys
import numpy as np
import scipy
from scipy.optimize import minimize

d = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(d, "produc.csv"))))
wr = list(csv.reader(open(os.path.join(d, "usaww.csv"))))
ids = wr[0][1:]
W = np.array([[float(v) for v in r[1:]] for r in wr[1:]])
assert [r[0] for r in wr[1:]] == ids
N, T = len(ids), 17
years = sorted({int(r["year"]) for r in rows})
cell = {(r["state"], int(r["year"])): r for r in rows}
def col(f):  # time-major: all states of year 1, then year 2, ...
    return np.array([f(cell[(s, y)]) for y in years for s in ids])
y = col(lambda r: np.log(float(r["gsp"])))
X = np.column_stack([col(lambda r: np.log(float(r["pcap"]))), col(lambda r: np.log(float(r["pc"]))),
                     col(lambda r: np.log(float(r["emp"]))), col(lambda r: float(r["unemp"]))])
class Lag:  # (I_T kron W) v, per period
    def __matmul__(self, v): return (v.reshape(T, N) @ W.T).reshape(-1)
class Between:  # Q1 = J_T/T kron I_N: unit means repeated
    def __matmul__(self, v): return np.tile(v.reshape(T, N).mean(axis=0), T) if v.ndim == 1 else np.vstack([np.tile(c.reshape(T, N).mean(axis=0), T) for c in v.T]).T
class Within:
    def __matmul__(self, v): return v - Q1 @ v
WT, Q1, Q0 = Lag(), Between(), Within()

def moments_within(u, lam, sv):
    v = u - lam * (WT @ u); vb = WT @ v; s = N * (T - 1)
    return np.array([v @ (Q0 @ v) / s - sv, vb @ (Q0 @ vb) / s - sv * np.trace(W.T @ W) / N, vb @ (Q0 @ v) / s])
def moments_between(u, lam, s1):
    v = u - lam * (WT @ u); vb = WT @ v
    return np.array([v @ (Q1 @ v) / N - s1, vb @ (Q1 @ vb) / N - s1 * np.trace(W.T @ W) / N, vb @ (Q1 @ v) / N])
def solve(f, x0, bounds):
    a = minimize(f, x0, method="Nelder-Mead", options={"xatol": 1e-14, "fatol": 1e-20, "maxiter": 20000, "maxfev": 20000})
    b = minimize(f, a.x, method="L-BFGS-B", bounds=bounds, options={"ftol": 1e-20, "gtol": 1e-14, "maxiter": 100000})
    return b.x if b.fun <= a.fun else a.x

out = {"provenance": {"numpy": np.__version__, "scipy": scipy.__version__, "script": "produc_panel_gm_moments.py"}}
# (a) within error
Xw, yw = Q0 @ X, Q0 @ y
u = yw - Xw @ np.linalg.lstsq(Xw, yw, rcond=None)[0]
lam, sv = solve(lambda p: float(np.sum(moments_within(u, p[0], p[1]) ** 2)), [0.3, 0.001], [(-0.999, 0.999), (0, None)])
out["within_error"] = {"lambda": lam, "sigma2_v": sv}
# (b) random error, fullweights
X1 = np.column_stack([np.ones(N * T), X])
u = y - X1 @ np.linalg.lstsq(X1, y, rcond=None)[0]
lam0, sv0 = solve(lambda p: float(np.sum(moments_within(u, p[0], p[1]) ** 2)), [0.3, 0.001], [(-0.999, 0.999), (0, None)])
v = u - lam0 * (WT @ u)
s10 = v @ (Q1 @ v) / N
WW = W.T @ W
t1, t2, t3, t4 = np.trace(WW) / N, np.trace(WW @ WW) / N, np.trace(WW @ (W + W.T)) / N, np.trace(W @ W + WW) / N
TW = np.array([[2, 2 * t1, 0], [2 * t1, 2 * t2, t3], [0, t3, t4]])
Xi = np.linalg.inv(np.kron(np.diag([sv0 ** 2 / (T - 1), s10 ** 2]), TW))
def obj(p):
    m = np.concatenate([moments_within(u, p[0], p[1]), moments_between(u, p[0], p[2])])
    return float(m @ Xi @ m)
lam, sv, s1 = solve(obj, [lam0, sv0, s10], [(-0.999, 0.999), (0, None), (0, None)])
out["random_error_fullweights"] = {"lambda": lam, "sigma2_v": sv, "sigma2_1": s1, "initial": {"lambda": lam0, "sigma2_v": sv0, "sigma2_1": s10}}
print(json.dumps(out, indent=1))
