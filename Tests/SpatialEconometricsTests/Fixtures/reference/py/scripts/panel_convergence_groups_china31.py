"""Reference values for panel beta convergence by group (issue 16, "by group") of China's 31 provinces, 2011-2022.

Per-capita GDP y = gdp * 10000 / population (data/china31/panel.csv), groups = the NBS four regions of
data/china31/provinces.csv (central 6, east 10, northeast 3, west 12). Within each region, on that region's
provinces alone: annual growth g_it = ln y_it - ln y_i,t-1 (t = 2012..2022) on ln y_i,t-1 (absolute) and on
ln y_i,t-1 + urbanization_rate_i,t-1 (conditional), OLS within with individual or two-way fixed effects, by an
independent numpy least-squares-dummy-variable regression (unit dummies, and period dummies but the first), SE from
s2 (Z'Z)^-1 with s2 = SSR / (NT - N - k) (individual) or SSR / (NT - N - T + 1 - k) (two-way), as plm; speed
-ln(1 + beta), half-life ln 2 / speed, delta-method SEs. Cross-checked with plm by
reference/r/scripts/38_panel_convergence_groups_plm.R (reference/r/panel_convergence_groups_plm.json).

Writes reference/py/panel_convergence_groups_china31.json. Run from Tests/SpatialEconometricsTests/Fixtures:
    python reference/py/scripts/panel_convergence_groups_china31.py
"""
import csv, json, os, sys
from importlib.metadata import version
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import clean, convergence_speed as speed  # noqa: E402

rows = list(csv.DictReader(open("data/china31/panel.csv")))
region = {int(r["id"]): r["region"] for r in csv.DictReader(open("data/china31/provinces.csv"))}
years = sorted({int(r["year"]) for r in rows})
by = {(int(r["id"]), int(r["year"])): r for r in rows}


def within(ids, twoway, conditional):
    Y = np.log(np.array([[float(by[(i, t)]["gdp"]) * 10000 / float(by[(i, t)]["population"]) for t in years] for i in ids]))
    U = np.array([[float(by[(i, t)]["urbanization_rate"]) for t in years] for i in ids])
    N, T = Y.shape[0], Y.shape[1] - 1
    # Least-squares dummy variables (not demeaning): growth on the regressors, one dummy per unit and, for two-way
    # effects, one per period but the first; the slope and its SE equal the within estimator's (Frisch-Waugh).
    g = (Y[:, 1:] - Y[:, :-1]).flatten(order="F")          # time-major: all units of t = 1, then t = 2, ...
    regs = [Y[:, :-1].flatten(order="F")] + ([U[:, :-1].flatten(order="F")] if conditional else [])
    unit = np.tile(np.arange(N), T)
    period = np.repeat(np.arange(T), N)
    D = [(unit == i).astype(float) for i in range(N)]
    if twoway:
        D += [(period == t).astype(float) for t in range(1, T)]
    Z = np.column_stack(regs + D)
    # QR (Householder), b = R^-1 Q'g, (Z'Z)^-1 = R^-1 R^-T: better conditioned than inverting Z'Z with the dummies.
    Q, R = np.linalg.qr(Z)
    Ri = np.linalg.inv(R)
    b = Ri @ (Q.T @ g)
    e = g - Z @ b
    k = len(regs)
    df = len(g) - Z.shape[1]
    V = e @ e / df * (Ri @ Ri.T)
    return speed(b[0], np.sqrt(V[0, 0])) | {"df": df, "N": N, "T": T, "k": k}


out = {"provenance": {"python": sys.version.split()[0], "numpy": version("numpy"),
                      "script": "reference/py/scripts/panel_convergence_groups_china31.py",
                      "note": "independent numpy LSDV regressions on each NBS region's provinces alone"},
       "groups": {}}
for reg in sorted(set(region.values())):
    ids = sorted(i for i in region if region[i] == reg)
    out["groups"][reg] = {"ids": [str(i) for i in ids]}
    for fe in ("individual", "twoways"):
        out["groups"][reg][f"absolute_{fe}"] = within(ids, fe == "twoways", False)
        out["groups"][reg][f"conditional_{fe}"] = within(ids, fe == "twoways", True)
with open("reference/py/panel_convergence_groups_china31.json", "w") as f:
    json.dump(clean(out), f, indent=1, allow_nan=False)
    f.write("\n")
print(json.dumps(clean(out["groups"]["east"]), indent=1))
