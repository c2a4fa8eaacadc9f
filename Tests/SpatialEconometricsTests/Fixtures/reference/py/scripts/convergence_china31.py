"""Reference values for sigma and beta convergence (issue 16) of China's 31 provinces, 2011-2022.

Per-capita GDP = gdp * 10000 / population (data/china31/panel.csv, provinces by numeric id). Sigma: per year the CV
(std ddof=0 / mean), the std (ddof=0) of logs, PySAL inequality's Gini and Theil T, and the OLS trend of each on the
year (independent numpy: slope, SE sqrt(s2/Stt) with s2 = SSE/(T-2), t, two-sided scipy t p-value). Beta: growth
g = (ln y_2022 - ln y_2011)/11 on ln y_2011 (absolute) and on ln y_2011 + urbanization_rate_2011 (conditional) by
numpy least squares (SE from s2 (X'X)^-1, s2 = SSE/(n-k)); speed -ln(1 + T b)/T, half-life ln2/speed, delta-method
SEs; spreg ML_Lag (method "full") of the absolute model with queen contiguity, Hainan linked
(data/china31/contiguity_edges_hainan_linked.csv, row-standardised), coefficient and total effect b/(1 - rho).
Writes reference/py/convergence_china31.json. Run from Tests/SpatialEconometricsTests/Fixtures:
    python reference/py/scripts/convergence_china31.py
"""
import csv, json, os, sys, warnings
from importlib.metadata import version
import numpy as np
from scipy import stats
import libpysal
import spreg
from inequality.gini import Gini
from inequality.theil import Theil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import clean  # noqa: E402
warnings.simplefilter("ignore")

rows = list(csv.DictReader(open("data/china31/panel.csv")))
years = sorted({int(r["year"]) for r in rows})
ids = sorted({int(r["id"]) for r in rows})
by = {(int(r["id"]), int(r["year"])): r for r in rows}
y = np.array([[float(by[(i, t)]["gdp"]) * 10000 / float(by[(i, t)]["population"]) for t in years] for i in ids])
urb = np.array([float(by[(i, years[0])]["urbanization_rate"]) for i in ids])


def trend(m):
    t = np.array(years, float)
    X = np.column_stack([np.ones_like(t), t])
    b, *_ = np.linalg.lstsq(X, m, rcond=None)
    e = m - X @ b
    df = len(t) - 2
    s2 = e @ e / df
    se = np.sqrt(s2 / ((t - t.mean()) ** 2).sum())
    tv = b[1] / se
    return {"slope": b[1], "std_error": se, "t": tv, "df": df, "p_value": 2 * stats.t.sf(abs(tv), df)}


sigma = {"years": {}, "trends": {}}
ms = {"cv": [], "sd_log": [], "gini": [], "theil": []}
for k, t in enumerate(years):
    x = y[:, k]
    r = {"mean": x.mean(), "cv": x.std() / x.mean(), "sd_log": np.log(x).std(), "gini": float(Gini(x).g),
         "theil": float(np.ravel(Theil(x).T)[0])}
    sigma["years"][str(t)] = r
    for m in ms:
        ms[m].append(r[m])
for m, v in ms.items():
    sigma["trends"][m] = trend(np.array(v))

T = years[-1] - years[0]
g = (np.log(y[:, -1]) - np.log(y[:, 0])) / T
l0 = np.log(y[:, 0])


def speed(b, se):
    a = 1 + T * b
    s = -np.log(a) / T
    sse = se / a
    h = np.log(2) / s
    return {"beta": b, "std_error": se, "speed": s, "speed_std_error": sse, "half_life": h, "half_life_std_error": np.log(2) / s ** 2 * sse}


def ols(X):
    X = np.column_stack([np.ones(len(g)), X])
    b, *_ = np.linalg.lstsq(X, g, rcond=None)
    e = g - X @ b
    s2 = e @ e / (len(g) - X.shape[1])
    V = s2 * np.linalg.inv(X.T @ X)
    return b[1], np.sqrt(V[1, 1])


beta = {"T": T, "absolute_ols": speed(*ols(l0)), "conditional_ols": speed(*ols(np.column_stack([l0, urb])))}
edges = list(csv.DictReader(open("data/china31/contiguity_edges_hainan_linked.csv")))
nb = {i: set() for i in ids}
for e in edges:
    a, b = int(e["from_id"]), int(e["to_id"]); nb[a].add(b); nb[b].add(a)
w = libpysal.weights.W({i: sorted(nb[i]) for i in ids}, id_order=ids)
w.transform = "r"
lag = spreg.ML_Lag(g.reshape(-1, 1), l0.reshape(-1, 1), w, method="full")
rho = float(lag.rho)
beta["absolute_sar"] = {"coefficient": float(lag.betas[1, 0]), "std_error": float(lag.std_err[1]), "rho": rho,
                        "total_effect": float(lag.betas[1, 0]) / (1 - rho)}
out = {"provenance": {"python": sys.version.split()[0], "numpy": version("numpy"), "scipy": version("scipy"),
                      "inequality": version("inequality"), "spreg": version("spreg"), "libpysal": version("libpysal"),
                      "script": "reference/py/scripts/convergence_china31.py"},
       "sigma": sigma, "beta": beta}
with open("reference/py/convergence_china31.json", "w") as f:
    json.dump(clean(out), f, indent=1, allow_nan=False)
    f.write("\n")
print(json.dumps(clean(beta), indent=1))
