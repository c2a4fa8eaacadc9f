"""Reference values for panel beta convergence by group (issue 16, "by group") of China's 31 provinces, 2011-2022.

Per-capita GDP y = gdp * 10000 / population (data/china31/panel.csv), groups = the NBS four regions of
data/china31/provinces.csv (central 6, east 10, northeast 3, west 12). Within each region, on that region's
provinces alone: annual growth g_it = ln y_it - ln y_i,t-1 (t = 2012..2022) on ln y_i,t-1 (absolute) and on
ln y_i,t-1 + urbanization_rate_i,t-1 (conditional), OLS within with individual or two-way fixed effects, by an
independent numpy demeaning regression (x_it - xbar_i, or x_it - xbar_i - xbar_t + xbar), SE from
s2 (X~'X~)^-1 with s2 = SSR / (NT - N - k) (individual) or SSR / (NT - N - T + 1 - k) (two-way), as plm; speed
-ln(1 + beta), half-life ln 2 / speed, delta-method SEs. Cross-checked with plm by
reference/r/scripts/38_panel_convergence_groups_plm.R (reference/r/panel_convergence_groups_plm.json).

Writes reference/py/panel_convergence_groups_china31.json. Run from Tests/SpatialEconometricsTests/Fixtures:
    python reference/py/scripts/panel_convergence_groups_china31.py
"""
import csv, json, os, sys
from importlib.metadata import version
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import clean  # noqa: E402

rows = list(csv.DictReader(open("data/china31/panel.csv")))
region = {int(r["id"]): r["region"] for r in csv.DictReader(open("data/china31/provinces.csv"))}
years = sorted({int(r["year"]) for r in rows})
by = {(int(r["id"]), int(r["year"])): r for r in rows}


def speed(b, se):
    a = 1 + b
    s = -np.log(a)
    sse = se / a
    out = {"beta": b, "std_error": se, "speed": s, "speed_std_error": sse}
    if s > 0:
        out["half_life"] = np.log(2) / s
        out["half_life_std_error"] = np.log(2) / s ** 2 * sse
    return out


def within(ids, twoway, conditional):
    Y = np.log(np.array([[float(by[(i, t)]["gdp"]) * 10000 / float(by[(i, t)]["population"]) for t in years] for i in ids]))
    U = np.array([[float(by[(i, t)]["urbanization_rate"]) for t in years] for i in ids])
    N, T = Y.shape[0], Y.shape[1] - 1
    g = Y[:, 1:] - Y[:, :-1]
    X = [Y[:, :-1]] + ([U[:, :-1]] if conditional else [])

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
    return speed(b[0], np.sqrt(V[0, 0])) | {"df": df, "N": N, "T": T}


out = {"provenance": {"python": sys.version.split()[0], "numpy": version("numpy"),
                      "script": "reference/py/scripts/panel_convergence_groups_china31.py",
                      "note": "independent numpy FE demeaning regressions on each NBS region's provinces alone"},
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
