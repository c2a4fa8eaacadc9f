"""Reference values for panel beta convergence (issue 16) of China's 31 provinces, 2011-2022.

Per-capita GDP y = gdp * 10000 / population (data/china31/panel.csv, provinces by numeric id); annual growth
g_it = ln y_it - ln y_i,t-1, t = 2012..2022, on ln y_i,t-1 (absolute) and on ln y_i,t-1 + urbanization_rate_i,t-1
(conditional).

* OLS within: an independent numpy fixed-effects regression (unit demeaning, or two-way demeaning
  x_it - xbar_i - xbar_t + xbar), SE from s2 (X~'X~)^-1 with s2 = SSR / (NT - N - k) (individual) or
  SSR / (NT - N - T + 1 - k) (two-way), as plm's within estimator.
* Dynamic spatial panel: the growth regression with fixed effects is ln y_t = tau ln y_t-1 + eta W ln y_t-1 +
  rho W ln y_t + X_t-1 b + W X_t-1 theta + effects, tau = 1 + beta. Fitted with the independent numpy QML and bias
  correction of dynamic_sdpd.py (Helmert transformation for two-way effects, lags in the transformed space, scipy
  optimiser + brentq on the score, eigenvalue traces), W = queen contiguity with Hainan linked
  (data/china31/contiguity_edges_hainan_linked.csv), row-standardised; information-matrix SEs at the corrected
  parameters; the short-run total effect of ln y_t-1 as the mean row sum of (I - rho W)^-1 (tau I + eta W) from the
  explicit N x N matrix, delta-method SE with a numerical gradient.
* speed = -ln(1 + beta), half-life = ln 2 / speed, delta-method SEs.

Writes reference/py/panel_convergence_china31.json. Run from Tests/SpatialEconometricsTests/Fixtures:
    python reference/py/scripts/panel_convergence_china31.py
"""
import csv, json, os, sys
from importlib.metadata import version
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import clean, convergence_speed as speed  # noqa: E402
import dynamic_sdpd as dyn  # noqa: E402

rows = list(csv.DictReader(open("data/china31/panel.csv")))
years = sorted({int(r["year"]) for r in rows})
ids = sorted({int(r["id"]) for r in rows})
by = {(int(r["id"]), int(r["year"])): r for r in rows}
Y = np.log(np.array([[float(by[(i, t)]["gdp"]) * 10000 / float(by[(i, t)]["population"]) for t in years] for i in ids]))
U = np.array([[float(by[(i, t)]["urbanization_rate"]) for t in years] for i in ids])
N, T = Y.shape[0], Y.shape[1] - 1

edges = list(csv.DictReader(open("data/china31/contiguity_edges_hainan_linked.csv")))
W = np.zeros((N, N))
for e in edges:
    a, b = ids.index(int(e["from_id"])), ids.index(int(e["to_id"]))
    W[a, b] = W[b, a] = 1.0
W = W / W.sum(axis=1, keepdims=True)


def within(twoway, controls):
    g = Y[:, 1:] - Y[:, :-1]                     # N x T
    X = [Y[:, :-1]] + [c[:, :-1] for c in controls]

    def dm(M):
        M = M - M.mean(axis=1, keepdims=True)
        if twoway:
            M = M - M.mean(axis=0, keepdims=True)
        return M.flatten(order="F")
    y = dm(g)
    Z = np.column_stack([dm(x) for x in X])
    b, *_ = np.linalg.lstsq(Z, y, rcond=None)
    e = y - Z @ b
    k = Z.shape[1]
    df = N * T - N - k - ((T - 1) if twoway else 0)
    V = e @ e / df * np.linalg.inv(Z.T @ Z)
    return speed(b[0], np.sqrt(V[0, 0])) | {"df": df}


def dynamic(twoway, controls, durbin):
    X = [np.column_stack([c[:, :1], c[:, :-1]]) for c in controls]  # column t holds X_{t-1} (t >= 1)
    xn = [f"x{j}" for j in range(len(X))]
    P = dyn.Panel(Y, X, W, xn, twoway, durbin and len(X) > 0, "both")
    d, rho, s2 = P.fit()
    th, maxeig = P.corrected(d, rho, s2)
    k = len(d)
    V = np.linalg.inv(P.info(th[:k], th[k], th[k + 1]))
    tau, eta, r = th[0], th[1], th[k]
    I = np.eye(N)

    def total(p):
        return np.linalg.solve(I - p[2] * W, p[0] * I + p[1] * W).sum() / N
    p0 = np.array([tau, eta, r])
    idx = [0, 1, k]
    Vs = V[np.ix_(idx, idx)]
    J = np.zeros(3)
    for j in range(3):
        h = 1e-6 * max(1.0, abs(p0[j]))
        pp, pm = p0.copy(), p0.copy(); pp[j] += h; pm[j] -= h
        J[j] = (total(pp) - total(pm)) / (2 * h)
    tot = total(p0)
    return {"names": P.names + ["rho", "sigma2"], "estimates": th.tolist(), "std_errors": np.sqrt(np.diag(V)).tolist(),
            "tau": tau, "eta": eta, "rho": r, "max_mod_eig_A_transformed": maxeig,
            "coefficient": speed(tau - 1, np.sqrt(V[0, 0])),
            "total_effect": speed(tot - 1, float(np.sqrt(J @ Vs @ J)))}


out = {"provenance": {"python": sys.version.split()[0], "numpy": version("numpy"), "scipy": version("scipy"),
                      "script": "reference/py/scripts/panel_convergence_china31.py",
                      "note": "independent numpy: FE demeaning regressions; dynamic QML + bias correction of dynamic_sdpd.py"},
       "N": N, "T": T, "within": {}, "dynamic": {}}
for fe in ("individual", "twoways"):
    out["within"][f"absolute_{fe}"] = within(fe == "twoways", [])
    out["within"][f"conditional_{fe}"] = within(fe == "twoways", [U])
out["dynamic"]["sar_absolute_twoways"] = dynamic(True, [], False)
out["dynamic"]["sar_absolute_individual"] = dynamic(False, [], False)
out["dynamic"]["sdm_conditional_twoways"] = dynamic(True, [U], True)
with open("reference/py/panel_convergence_china31.json", "w") as f:
    json.dump(clean(out), f, indent=1, allow_nan=False)
    f.write("\n")
print(json.dumps(clean({k: v for k, v in out.items() if k != "provenance"}), indent=1)[:4000])
