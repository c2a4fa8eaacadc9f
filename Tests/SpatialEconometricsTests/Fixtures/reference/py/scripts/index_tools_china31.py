"""Coefficient-of-variation and CRITIC weights, combined weights (multiplicative, linear, game theory), the obstacle
degree model and grey relational analysis on China's 31 provinces, 2011-2022: an independent implementation (numpy
only) written from the methods' papers, to check SpatialEconometrics' CompositeIndex (weighting cv / critic,
WeightCombination), ObstacleDegree and GreyRelationalAnalysis.

Indicators: the five of entropy_china31.py, derived from data/china31/panel.csv the same way
(gdppc, urbanization, fiscal_share, patents_per_10k, employment_share); dimensions economy = gdppc, fiscal_share;
society = urbanization, employment_share; innovation = patents_per_10k. Rows time-major (year, then province id).

Normalisation (every method): min-max, x' = (x - min)/(max - min) for +, (max - x)/(max - min) for -, over the block
(all 372 province-years pooled, or the 31 provinces of one year).

CV weights:      V_j = s_j / mean_j (s = sample sd, ddof 1) of the raw column (or of x'), w_j = V_j / sum V.
CRITIC:          (Diakoulaki, Mavrotas & Papayannakis 1995) s_j = sd of x'_j (ddof 1), r = Pearson correlation matrix
                 of x' (np.corrcoef), C_j = s_j sum_k (1 - r_jk)  (variant: 1 - |r_jk|), w_j = C_j / sum C.
                 (The weights do not depend on ddof: the factor cancels.)
Improved CRITIC: the coefficient of variation of x'_j as the contrast intensity and absolute correlations as the
                 conflict, C_j = (s_j / mean_j) sum_k (1 - |r_jk|) (mean_j = mean of x'_j), w_j = C_j / sum C.
Entropy:         as entropy_china31.py (shift 1e-4).
Combinations of w1 (entropy) with w2 (CRITIC, or given weights rescaled to sum 1):
  multiplicative w = w1 w2 / sum(w1 w2);  linear w = alpha w1 + (1 - alpha) w2;
  game theory: solve [[w1.w1, w1.w2], [w2.w1, w2.w2]] a = [w1.w1, w2.w2] (np.linalg.solve), a* = |a| / sum |a|,
  w = a*_1 w1 + a*_2 w2  (Lai et al. 2015).
Combinations of K > 2 sets w_1..w_K (entropy, CRITIC, CV raw; and with improved CRITIC, K = 4):
  multiplicative w = prod_k w_k / sum prod_k w_k;  linear w = sum_k c_k w_k with given shares c;
  game theory: solve the K x K system G a = diag(G), G_lk = w_l . w_k (np.linalg.solve), a* = |a| / sum |a|,
  w = sum_k a*_k w_k.
Obstacle degree: F_j = w_j (dimension weight x within-dimension weight = w_j), I_ij = 1 - x'_ij,
  O_ij = F_j I_ij / sum_j F_j I_ij; dimension obstacle U_ig = sum_{j in g} O_ij.
Grey relational analysis (Deng 1982/1989): reference x'_0j = max_i x'_ij (the optimum, = 1 with min-max),
  Delta_ij = |x'_0j - x'_ij|, a = min_i min_j Delta, b = max_i max_j Delta,
  xi_ij = (a + rho b) / (Delta_ij + rho b), grade r_i = mean_j xi_ij (or sum_j w_j xi_ij with entropy weights).
  Also: a given reference sequence in raw units (normalised with the block's min and max).

usage: python index_tools_china31.py DATA_DIR > index_tools_china31.json   (DATA_DIR = the folder with panel.csv)
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
gidx = {g: [names.index(k) for k in mm] for g, mm in groups.items()}
plus = ["+"] * 5
neg = ["+", "+", "-", "+", "+"]
yr = np.array([int(r["year"]) for r in rows])


def normalise(X, dirs):
    lo, hi = X.min(axis=0), X.max(axis=0)
    Xn = np.empty_like(X)
    for j in range(X.shape[1]):
        Xn[:, j] = (X[:, j] - lo[j]) / (hi[j] - lo[j]) if dirs[j] == "+" else (hi[j] - X[:, j]) / (hi[j] - lo[j])
    return Xn


def entropy_weights(Xn, shift=1e-4):
    Z = Xn + shift
    P = Z / Z.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        PlnP = np.where(P > 0, P * np.log(P), 0.0)
    e = -PlnP.sum(axis=0) / np.log(Xn.shape[0])
    dv = 1 - e
    return dv / dv.sum()


def cv_weights(X, Xn, basis):
    A = X if basis == "raw" else Xn
    s = A.std(axis=0, ddof=1)
    v = s / A.mean(axis=0)
    return {"sd": s.tolist(), "cv": v.tolist(), "weight": (v / v.sum()).tolist()}


def critic_weights(Xn, conflict):
    s = Xn.std(axis=0, ddof=1)
    R = np.corrcoef(Xn, rowvar=False)
    c = (1 - (np.abs(R) if conflict == "absolute" else R)).sum(axis=1)  # the diagonal adds 1 - 1 = 0
    C = s * c
    return {"sd": s.tolist(), "conflict": c.tolist(), "information": C.tolist(), "weight": (C / C.sum()).tolist()}


def improved_critic_weights(Xn):
    s = Xn.std(axis=0, ddof=1)
    v = s / Xn.mean(axis=0)
    R = np.corrcoef(Xn, rowvar=False)
    c = (1 - np.abs(R)).sum(axis=1)
    C = v * c
    return {"sd": s.tolist(), "cv": v.tolist(), "conflict": c.tolist(), "information": C.tolist(), "weight": (C / C.sum()).tolist()}


def combine_many(W, rule, shares=None):
    W = [np.asarray(w) for w in W]
    if rule == "multiplicative":
        p = np.prod(np.vstack(W), axis=0)
        return p / p.sum(), None
    if rule == "linear":
        return sum(c * w for c, w in zip(shares, W)), list(shares)
    G = np.array([[wl @ wk for wk in W] for wl in W])
    a = np.linalg.solve(G, np.diag(G))
    an = np.abs(a) / np.abs(a).sum()
    return sum(c * w for c, w in zip(an, W)), an.tolist()


def scores(Xn, w):
    V = Xn * w
    return {"score": V.sum(axis=1).tolist(),
            "group_indices": {g: (V[:, i].sum(axis=1) / w[i].sum()).tolist() for g, i in gidx.items()}}


def combine(w1, w2, rule, alpha=0.5):
    if rule == "multiplicative":
        p = w1 * w2
        return p / p.sum(), None
    if rule == "linear":
        return alpha * w1 + (1 - alpha) * w2, [alpha, 1 - alpha]
    W = [w1, w2]
    A = np.array([[W[l] @ W[k] for k in range(2)] for l in range(2)])
    b = np.array([W[l] @ W[l] for l in range(2)])
    a = np.linalg.solve(A, b)
    an = np.abs(a) / np.abs(a).sum()
    return an[0] * w1 + an[1] * w2, an.tolist(), a.tolist()


def obstacle(Xn, w):
    Iv = 1 - Xn
    FI = w * Iv
    O = FI / FI.sum(axis=1, keepdims=True)
    return {"obstacle": O.tolist(),
            "dimension": {g: O[:, i].sum(axis=1).tolist() for g, i in gidx.items()}}


def grey(Xn, rho, w=None, ref=None):
    x0 = Xn.max(axis=0) if ref is None else ref
    D = np.abs(x0 - Xn)
    a, b = D.min(), D.max()
    xi = (a + rho * b) / (D + rho * b)
    grade = xi.mean(axis=1) if w is None else xi @ w
    return {"delta_min": float(a), "delta_max": float(b), "coefficients": xi.tolist(), "grade": grade.tolist()}


out = {"provenance": {"numpy": np.__version__, "script": "reference/py/scripts/index_tools_china31.py",
                      "data": "data/china31/panel.csv (NBS), 31 provinces x 2011-2022"},
       "indicators": names, "groups": groups, "rows": [{"id": r["id"], "year": r["year"]} for r in rows]}

Xn = normalise(X, plus)
Xneg = normalise(X, neg)
cases = {}
for basis in ["raw", "normalized"]:
    for dname, dirs, Z in [("plus", plus, Xn), ("negative", neg, Xneg)]:
        r = cv_weights(X, Z, basis)
        r.update(scores(Z, np.array(r["weight"])))
        cases[f"cv_{basis}_{dname}"] = {"directions": dirs, **r}
for conflict in ["signed", "absolute"]:
    for dname, dirs, Z in [("plus", plus, Xn), ("negative", neg, Xneg)]:
        r = critic_weights(Z, conflict)
        r.update(scores(Z, np.array(r["weight"])))
        cases[f"critic_{conflict}_{dname}"] = {"directions": dirs, **r}
for dname, dirs, Z in [("plus", plus, Xn), ("negative", neg, Xneg)]:
    r = improved_critic_weights(Z)
    r.update(scores(Z, np.array(r["weight"])))
    cases[f"improved_critic_{dname}"] = {"directions": dirs, **r}
per = {}
for y in years:
    Xb = X[yr == y]
    Zb = normalise(Xb, plus)
    per[str(y)] = {"cv_raw": cv_weights(Xb, Zb, "raw")["weight"], "critic_signed": critic_weights(Zb, "signed")["weight"],
                   "improved_critic": improved_critic_weights(Zb)["weight"]}
cases["per_year"] = {"directions": plus, "years": per}
out["weights"] = cases

went = entropy_weights(Xn)
wcrit = np.array(critic_weights(Xn, "signed")["weight"])
given = np.array([4.0, 3.0, 1.0, 3.0, 1.0])  # an AHP-style set, rescaled to sum 1
givenn = given / given.sum()
comb = {"entropy": went.tolist(), "critic": wcrit.tolist(), "given_raw": given.tolist(), "given": givenn.tolist()}
for partner, w2 in [("critic", wcrit), ("given", givenn)]:
    m, _ = combine(went, w2, "multiplicative")
    l, la = combine(went, w2, "linear", 0.6)
    g, ga, graw = combine(went, w2, "game-theory")
    comb["with_" + partner] = {"multiplicative": m.tolist(), "linear_0.6": l.tolist(), "game_theory": g.tolist(),
                     "game_theory_coefficients": ga, "game_theory_raw_coefficients": graw,
                     "game_theory_score": scores(Xn, g)["score"]}
out["combined"] = comb

wcv = np.array(cv_weights(X, Xn, "raw")["weight"])
wic = np.array(improved_critic_weights(Xn)["weight"])
many = {"entropy": went.tolist(), "critic": wcrit.tolist(), "cv_raw": wcv.tolist(), "improved_critic": wic.tolist()}
for label, W, shares in [("entropy_critic_cv", [went, wcrit, wcv], [0.5, 0.3, 0.2]),
                         ("entropy_critic_cv_improved", [went, wcrit, wcv, wic], [0.4, 0.2, 0.2, 0.2])]:
    m, _ = combine_many(W, "multiplicative")
    l, ls = combine_many(W, "linear", shares)
    g, ga = combine_many(W, "game-theory")
    many[label] = {"multiplicative": m.tolist(), "linear": l.tolist(), "linear_shares": ls, "game_theory": g.tolist(),
                   "game_theory_coefficients": ga, "game_theory_score": scores(Xn, g)["score"]}
# per year: entropy, CRITIC, CV by game theory (every block its own sets)
gy = {}
for y in years:
    Xb = X[yr == y]
    Zb = normalise(Xb, plus)
    W = [entropy_weights(Zb), np.array(critic_weights(Zb, "signed")["weight"]), np.array(cv_weights(Xb, Zb, "raw")["weight"])]
    g, ga = combine_many(W, "game-theory")
    gy[str(y)] = {"game_theory": g.tolist(), "game_theory_coefficients": ga}
many["per_year_game_theory"] = gy
out["combined_many"] = many

out["obstacle"] = {"weighting": "entropy", "directions": neg, "weight": entropy_weights(Xneg).tolist(),
                   **obstacle(Xneg, entropy_weights(Xneg))}
# Per-year obstacle with per-year entropy weights.
oy = {}
for y in years:
    Zb = normalise(X[yr == y], plus)
    wb = entropy_weights(Zb)
    oy[str(y)] = {"weight": wb.tolist(), **obstacle(Zb, wb)}
out["obstacle_per_year"] = {"directions": plus, "years": oy}

ref_raw = np.array([150000.0, 90.0, 0.1, 40.0, 0.15])  # a given reference sequence in raw units (plus directions)
lo, hi = X.min(axis=0), X.max(axis=0)
ref_n = (ref_raw - lo) / (hi - lo)
out["grey"] = {
    "optimum_rho0.5": grey(Xn, 0.5),
    "optimum_rho0.3_negative": {"directions": neg, **{k: v for k, v in grey(Xneg, 0.3).items() if k != "coefficients"}},
    "weighted_entropy": {"weight": went.tolist(), **{k: v for k, v in grey(Xn, 0.5, went).items() if k != "coefficients"}},
    "given_reference": {"reference": ref_raw.tolist(), "reference_normalized": ref_n.tolist(), **grey(Xn, 0.5, None, ref_n)},
    "per_year": {str(y): {k: v for k, v in grey(normalise(X[yr == y], plus), 0.5).items() if k != "coefficients"} for y in years},
}
print(json.dumps(out))
