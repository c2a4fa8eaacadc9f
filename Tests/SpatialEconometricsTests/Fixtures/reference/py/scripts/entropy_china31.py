"""Entropy-weight composite index of China's 31 provinces, 2011-2022: an independent implementation (numpy only)
of the entropy weight method, written from the textbook formulas, to check SpatialEconometrics' CompositeIndex.

Indicators (derived from data/china31/panel.csv exactly as written here, in double precision):
  gdppc            = gdp * 10000 / population                (yuan per person)               +
  urbanization     = urbanization_rate                       (%)                             +
  fiscal_share     = fiscal_expenditure / gdp                (share of GDP)                  + (- in the 'negative' case)
  patents_per_10k  = patents_granted / population            (patents per 10,000 residents)  +
  employment_share = urban_unit_employment / population      (urban-unit employees per resident) +
Dimensions: economy = gdppc, fiscal_share; society = urbanization, employment_share; innovation = patents_per_10k.

Method, for the n rows of a block (all 372 province-years pooled, or the 31 provinces of one year):
  x' = (x - min)/(max - min) for +, (max - x)/(max - min) for -;  z = x' + shift;  p = z / sum z
  e_j = -(1/ln n) sum p ln p (0 ln 0 = 0);  d_j = 1 - e_j;  w_j = d_j / sum d   (equal: w_j = 1/m)
  score = sum_j w_j x'_ij;  dimension score = sum_{j in g} w_j x'_ij;  dimension index = that / sum_{j in g} w_j
  TOPSIS: v = w x';  D+ = ||v - max_i v||;  D- = ||v - min_i v||;  closeness = D- / (D+ + D-)
  coupling of the economy and society indices: C = 2 sqrt(U1 U2)/(U1 + U2) (standard), C^2 (squared variant),
  T = (U1 + U2)/2, D = sqrt(C T)

Rows are ordered time-major (year, then province id), as SpatialEconometrics' Panel orders them.
usage: python entropy_china31.py DATA_DIR > entropy_china31.json   (DATA_DIR = the folder with panel.csv)
"""
import csv, json, os, sys
import numpy as np

d = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(d, "panel.csv"))))
rows.sort(key=lambda r: (int(r["year"]), int(r["id"])))
years = sorted({int(r["year"]) for r in rows})
f = lambda r, k: float(r[k])
cols = {
    "gdppc": [f(r, "gdp") * 10000 / f(r, "population") for r in rows],
    "urbanization": [f(r, "urbanization_rate") for r in rows],
    "fiscal_share": [f(r, "fiscal_expenditure") / f(r, "gdp") for r in rows],
    "patents_per_10k": [f(r, "patents_granted") / f(r, "population") for r in rows],
    "employment_share": [f(r, "urban_unit_employment") / f(r, "population") for r in rows],
}
names = list(cols)
X = np.column_stack([np.array(cols[k]) for k in names])
groups = {"economy": ["gdppc", "fiscal_share"], "society": ["urbanization", "employment_share"], "innovation": ["patents_per_10k"]}


def entropy_block(X, directions, shift, weighting="entropy"):
    n, m = X.shape
    lo, hi = X.min(axis=0), X.max(axis=0)
    Xn = np.empty_like(X)
    for j in range(m):
        Xn[:, j] = (X[:, j] - lo[j]) / (hi[j] - lo[j]) if directions[j] == "+" else (hi[j] - X[:, j]) / (hi[j] - lo[j])
    Z = Xn + shift
    P = Z / Z.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        PlnP = np.where(P > 0, P * np.log(P), 0.0)
    e = -PlnP.sum(axis=0) / np.log(n)
    dv = 1 - e
    w = dv / dv.sum() if weighting == "entropy" else np.full(m, 1.0 / m)
    V = Xn * w
    score = V.sum(axis=1)
    gs, gi = {}, {}
    for g, members in groups.items():
        idx = [names.index(k) for k in members]
        gs[g] = V[:, idx].sum(axis=1)
        gi[g] = gs[g] / w[idx].sum()
    dplus = np.sqrt(((V - V.max(axis=0)) ** 2).sum(axis=1))
    dminus = np.sqrt(((V - V.min(axis=0)) ** 2).sum(axis=1))
    topsis = dminus / (dplus + dminus)
    return {"entropy": e.tolist(), "divergence": dv.tolist(), "weight": w.tolist(), "score": score.tolist(),
            "group_scores": {g: v.tolist() for g, v in gs.items()}, "group_indices": {g: v.tolist() for g, v in gi.items()},
            "group_weights": {g: float(w[[names.index(k) for k in mm]].sum()) for g, mm in groups.items()},
            "topsis": topsis.tolist()}


plus = ["+"] * len(names)
neg = ["+", "+", "-", "+", "+"]
out = {"provenance": {"numpy": np.__version__, "script": "reference/py/scripts/entropy_china31.py",
                      "data": "data/china31/panel.csv (NBS), 31 provinces x 2011-2022"},
       "indicators": names, "groups": groups,
       "rows": [{"id": r["id"], "year": r["year"]} for r in rows],
       "cases": {}}
out["cases"]["pooled"] = {"directions": plus, "shift": 1e-4, **entropy_block(X, plus, 1e-4)}
out["cases"]["pooled_shift0"] = {"directions": plus, "shift": 0.0, **entropy_block(X, plus, 0.0)}
out["cases"]["pooled_negative"] = {"directions": neg, "shift": 1e-4, **entropy_block(X, neg, 1e-4)}
out["cases"]["pooled_equal"] = {"directions": plus, "shift": 1e-4, **entropy_block(X, plus, 1e-4, "equal")}
per = {}
yr = np.array([int(r["year"]) for r in rows])
for y in years:
    per[str(y)] = entropy_block(X[yr == y], plus, 1e-4)
out["cases"]["per_year"] = {"directions": plus, "shift": 1e-4, "years": per}
U1 = np.array(out["cases"]["pooled"]["group_indices"]["economy"])
U2 = np.array(out["cases"]["pooled"]["group_indices"]["society"])
C = 2 * np.sqrt(U1 * U2) / (U1 + U2)
T = 0.5 * U1 + 0.5 * U2
out["coupling"] = {"systems": ["economy", "society"], "U1": U1.tolist(), "U2": U2.tolist(), "C": C.tolist(),
                   "C_squared": (C ** 2).tolist(), "T": T.tolist(), "D": np.sqrt(C * T).tolist()}
print(json.dumps(out))
