"""esda references for the local patterns beyond the univariate LISA: bivariate local Moran (Moran_Local_BV),
multivariate local Geary (Geary_Local_MV) and local join counts (Join_Counts_Local, _BV, _MV), on columbus and on
China's 31 provinces (2022); plus the conditional-randomisation moments of the bivariate local Moran by an
independent numpy computation (the exact covariance of a sample drawn without replacement).

Writes <Fixtures>/reference/py/local_patterns_multivariate.json
Columbus: queen contiguity from libpysal's bundled columbus.shp (ids 1..49 in file order, as columbus.csv).
China31: contiguity_edges_hainan_linked.csv on provinces.csv's ids; per-capita GDP = gdp * 10000 / population.
Permutations: the statistics are deterministic (matched to 1e-10); p_sim depends on numpy's RNG, so tests compare
p-values only within simulation error (999 permutations, seed 12345).

usage: python local_patterns_multivariate.py
"""
import csv
import os
import sys
import warnings

import numpy as np
import geopandas as gpd
import esda
from libpysal import examples, weights
from libpysal.weights import W

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SHARED_REF, SHARED_DATA, dump, versions, vec  # noqa: E402

warnings.filterwarnings("ignore")
SEED = 12345
PERM = 999


def bv_moments(zx, zy, w):
    """E and Var of I_i = zx_i sum_j w_ij zy_j when the k_i neighbour values are drawn without replacement from the
    n - 1 other units (zx_i fixed): covariance of such a sample Sigma_qq = s2, Sigma_qr = -s2/(N-1), N = n - 1."""
    n = len(zx)
    d = w.full()[0]
    e, v = np.zeros(n), np.zeros(n)
    for i in range(n):
        wi = np.delete(d[i], i)
        wi = wi[wi != 0]
        others = np.delete(zy, i)
        N = n - 1
        mu = others.mean()
        s2 = ((others - mu) ** 2).mean()
        k = len(wi)
        cov = np.full((k, k), -s2 / (N - 1))
        np.fill_diagonal(cov, s2)
        e[i] = zx[i] * mu * wi.sum()
        v[i] = zx[i] ** 2 * wi @ cov @ wi
    return e, v


meta_versions = {k: v for k, v in versions().items() if k not in ("executable", "platform")}  # no machine paths in fixtures
out = {"meta": {"versions": meta_versions, "seed": SEED, "permutations": PERM,
                "columbus": "libpysal.examples columbus.shp, Queen.from_dataframe, ids 1..49 in file order",
                "china31": "contiguity_edges_hainan_linked.csv, year 2022, gdppc = gdp*10000/population"}}

df = gpd.read_file(examples.get_path("columbus.shp"))
wq = weights.Queen.from_dataframe(df, use_index=True)
crime, inc, hoval = (df[c].to_numpy(dtype=float) for c in ("CRIME", "INC", "HOVAL"))

# Bivariate local Moran, CRIME with the lag of INC, row-standardised.
wr = weights.Queen.from_dataframe(df, use_index=True)
wr.transform = "r"
bv = esda.Moran_Local_BV(crime, inc, wr, transformation="r", permutations=PERM, seed=SEED)
sdx, sdy = crime.std(ddof=1), inc.std(ddof=1)
zx, zy = (crime - crime.mean()) / sdx, (inc - inc.mean()) / sdy
e, v = bv_moments(zx, zy, wr)
out["moran_local_bv_CRIME_INC"] = {
    "call": "esda.Moran_Local_BV(CRIME, INC, w_queen, transformation='r', permutations=999, seed=12345)",
    "Is": vec(bv.Is), "q": [int(q) for q in bv.q], "p_sim": vec(bv.p_sim),
    "expected_conditional": vec(e), "variance_conditional": vec(v),
    "note": "Is = (n-1) zx_i (W zy)_i / sum zx^2 (z with numpy std ddof 0) = zx_i (W zy)_i with sample-sd z (spdep localmoran_bv); "
            "q 1 HH, 2 LH, 3 LL, 4 HL; moments by numpy (sample of the other n - 1 units without replacement)"}

# Multivariate local Geary, CRIME, INC, HOVAL (esda forces row standardisation).
mv = esda.Geary_Local_MV(connectivity=weights.Queen.from_dataframe(df, use_index=True), permutations=PERM)
np.random.seed(SEED)
mv.fit([crime, inc, hoval])
out["geary_local_mv_CRIME_INC_HOVAL"] = {
    "call": "esda.Geary_Local_MV(connectivity=w_queen, permutations=999).fit([CRIME, INC, HOVAL]) after np.random.seed(12345)",
    "localG": vec(mv.localG), "p_sim": vec(mv.p_sim),
    "note": "localG = (1/k) sum_v sum_j w_ij (z_vi - z_vj)^2, z = zscore (ddof 0), W row-standardised"}

# Local join counts.
cp = df["CP"].to_numpy(dtype=float)
high = (crime > 40).astype(float)
low = (crime < 20).astype(float)
jl = esda.Join_Counts_Local(connectivity=weights.Queen.from_dataframe(df, use_index=True), seed=SEED).fit(cp, permutations=PERM)
out["join_counts_local_CP"] = {"call": "esda.Join_Counts_Local(connectivity=w_queen, seed=12345).fit(CP, permutations=999)",
                               "LJC": vec(jl.LJC), "p_sim": vec(jl.p_sim),
                               "note": "LJC_i = x_i sum_j b_ij x_j (binary W); p_sim NaN where LJC = 0"}
clc = esda.Join_Counts_Local_BV(connectivity=weights.Queen.from_dataframe(df, use_index=True), seed=SEED).fit(cp, high, case="CLC", permutations=PERM)
out["join_counts_local_bv_CLC_CP_CRIMEgt40"] = {"call": "Join_Counts_Local_BV(w_queen).fit(CP, CRIME>40, case='CLC', permutations=999)",
                                               "LJC": vec(clc.LJC), "p_sim": vec(clc.p_sim)}
bjc = esda.Join_Counts_Local_BV(connectivity=weights.Queen.from_dataframe(df, use_index=True), seed=SEED).fit(high, low, case="BJC", permutations=PERM)
out["join_counts_local_bv_BJC_CRIMEgt40_CRIMElt20"] = {"call": "Join_Counts_Local_BV(w_queen).fit(CRIME>40, CRIME<20, case='BJC', permutations=999)",
                                                      "LJC": vec(bjc.LJC), "p_sim": vec(bjc.p_sim)}
ns = df["NSA"].to_numpy(dtype=float)
jmv = esda.Join_Counts_Local_MV(connectivity=weights.Queen.from_dataframe(df, use_index=True), seed=SEED).fit([cp, high, ns], permutations=PERM)
out["join_counts_local_mv_CP_CRIMEgt40_NSA"] = {"call": "Join_Counts_Local_MV(w_queen).fit([CP, CRIME>40, NSA], permutations=999)",
                                               "LJC": vec(jmv.LJC), "p_sim": vec(jmv.p_sim)}

# China's provinces, 2022.
d = os.path.join(SHARED_DATA, "china31")
ids = [r["id"] for r in csv.DictReader(open(os.path.join(d, "provinces.csv")))]
nb = {i: [] for i in ids}
for r in csv.DictReader(open(os.path.join(d, "contiguity_edges_hainan_linked.csv"))):
    a, b = r["from_id"], r["to_id"]
    nb[a].append(b); nb[b].append(a)
rows = [r for r in csv.DictReader(open(os.path.join(d, "panel.csv"))) if r["year"] == "2022"]
by = {r["id"]: r for r in rows}
gdppc = np.array([float(by[i]["gdp"]) * 10000 / float(by[i]["population"]) for i in ids])
urb = np.array([float(by[i]["urbanization_rate"]) for i in ids])
pat = np.array([float(by[i]["patents_granted"]) / float(by[i]["population"]) for i in ids])
wc = W(nb, id_order=ids); wc.transform = "r"
bvc = esda.Moran_Local_BV(gdppc, urb, wc, transformation="r", permutations=PERM, seed=SEED)
zx, zy = (gdppc - gdppc.mean()) / gdppc.std(ddof=1), (urb - urb.mean()) / urb.std(ddof=1)
e, v = bv_moments(zx, zy, wc)
out["china31_moran_local_bv_gdppc_urbanization_2022"] = {"ids": ids, "Is": vec(bvc.Is), "q": [int(q) for q in bvc.q],
                                                         "p_sim": vec(bvc.p_sim), "expected_conditional": vec(e),
                                                         "variance_conditional": vec(v)}
# Integer ids 0..30 (provinces.csv order): with string ids esda's Geary_Local_MV sorts its per-focal sums by the
# string order of the ids ("1", "10", "11", ...) and then relabels them in id_order, which scrambles the units.
pos = {i: k for k, i in enumerate(ids)}
wc2 = W({pos[i]: [pos[j] for j in nb[i]] for i in ids}, id_order=list(range(len(ids))))
mvc = esda.Geary_Local_MV(connectivity=wc2, permutations=PERM)
np.random.seed(SEED)
mvc.fit([gdppc, urb, pat])
out["china31_geary_local_mv_gdppc_urbanization_patentspc_2022"] = {"ids": ids, "localG": vec(mvc.localG), "p_sim": vec(mvc.p_sim),
                                                                   "note": "patentspc = patents_granted / population"}
dump(out, os.path.join(SHARED_REF, "local_patterns_multivariate.json"))

# LISA over time: giddy's LISA_Markov quadrant transitions of per-capita GDP, 2011-2022 (row-standardised contiguity).
from giddy.markov import LISA_Markov  # noqa: E402
panel = list(csv.DictReader(open(os.path.join(d, "panel.csv"))))
years = sorted({r["year"] for r in panel})
val = {(r["id"], r["year"]): float(r["gdp"]) * 10000 / float(r["population"]) for r in panel}
Y = np.array([[val[(i, t)] for t in years] for i in ids])
wl = W(nb, id_order=ids); wl.transform = "r"
lm = LISA_Markov(Y, wl)
out["china31_lisa_markov_gdppc"] = {"call": "giddy.markov.LISA_Markov(gdppc (31 x 12, 2011-2022), w row-standardised)",
                                    "years": years, "transitions": lm.transitions.tolist(),
                                    "note": "rows/columns: quadrants 1 HH, 2 LH, 3 LL, 4 HL"}

# Differential local Moran (GeoDa): local Moran of the change of per-capita GDP, 2021 -> 2022.
dchg = Y[:, years.index("2022")] - Y[:, years.index("2021")]
ml = esda.Moran_Local(dchg, wl, transformation="r", permutations=0)
mg = esda.Moran(dchg, wl, transformation="r", permutations=0)
out["china31_differential_moran_gdppc_2021_2022"] = {
    "call": "esda.Moran_Local(gdppc_2022 - gdppc_2021, w, transformation='r', permutations=0); esda.Moran(...)",
    "Is": vec(ml.Is), "q": [int(q) for q in ml.q], "I": float(mg.I),
    "note": "esda's Is = (n-1) z_i lag_i / sum z^2; spdep's localmoran (the package's) = n/(n-1) times this"}
dump(out, os.path.join(SHARED_REF, "local_patterns_multivariate.json"))
