"""Reference values for the distribution-dynamics analyses (issue 16): kernel densities (scipy gaussian_kde, an
independent numpy Epanechnikov sum, R's bw.nrd0 and density()), Markov chains (giddy Markov, mapclassify Quantiles),
spatial Markov chains (giddy Spatial_Markov(fixed=True), homogeneity tests) and LISA Markov (giddy LISA_Markov).

Data: data/china31/panel.csv, per-capita GDP = gdp * 10000 / population (yuan per person), 31 provinces ordered by
numeric id, 2011-2022; weights: data/china31/contiguity_edges_hainan_linked.csv (queen contiguity, Hainan linked to
Guangdong and Guangxi, row-standardised). data/produc/produc.csv (48 states in file order, 1970-1986), gsp / emp,
with data/produc/usaww.csv (row-standardised). Writes reference/py/distribution_dynamics.json.
Run from Tests/SpatialEconometricsTests/Fixtures:
    python reference/py/scripts/distribution_dynamics.py
(R's density() part is skipped when Rscript is not on PATH.)
"""
import csv, json, os, shutil, subprocess, sys, warnings
from importlib.metadata import version
import numpy as np
from scipy import stats
import mapclassify as mc
import libpysal
from giddy.markov import Markov, Spatial_Markov, LISA_Markov, prais
from giddy.mobility import markov_mobility
from giddy.ergodic import steady_state, mfpt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import clean  # noqa: E402

warnings.simplefilter("ignore")

# ---- data
rows = list(csv.DictReader(open("data/china31/panel.csv")))
years = sorted({int(r["year"]) for r in rows})
ids = sorted({int(r["id"]) for r in rows})
val = {(int(r["id"]), int(r["year"])): float(r["gdp"]) * 10000 / float(r["population"]) for r in rows}
china = np.array([[val[(i, y)] for y in years] for i in ids])           # n x t
edges = list(csv.DictReader(open("data/china31/contiguity_edges_hainan_linked.csv")))
nb = {i: set() for i in ids}
for e in edges:
    a, b = int(e["from_id"]), int(e["to_id"])
    nb[a].add(b); nb[b].add(a)
wc = libpysal.weights.W({i: sorted(nb[i]) for i in ids}, id_order=ids)
wc.transform = "r"

prow = list(csv.DictReader(open("data/produc/produc.csv")))
states = list(dict.fromkeys(r["state"] for r in prow))
pyears = sorted({int(r["year"]) for r in prow})
pv = {(r["state"], int(r["year"])): float(r["gsp"]) / float(r["emp"]) for r in prow}
produc = np.array([[pv[(s, y)] for y in pyears] for s in states])
ww = list(csv.reader(open("data/produc/usaww.csv")))
head = ww[0][1:]
dense = {r[0]: [float(v) for v in r[1:]] for r in ww[1:]}
wp = libpysal.weights.W({s: [head[j] for j, v in enumerate(dense[s]) if v != 0] for s in states},
                        {s: [v for v in dense[s] if v != 0] for s in states}, id_order=states)
wp.transform = "r"

out = {"provenance": {"python": sys.version.split()[0], "giddy": version("giddy"), "mapclassify": version("mapclassify"),
                      "scipy": version("scipy"), "numpy": version("numpy"), "libpysal": version("libpysal"),
                      "script": "reference/py/scripts/distribution_dynamics.py"},
       "conventions": {
           "china31": "gdppc = gdp*10000/population, rows = provinces by numeric id 1..31, columns = 2011..2022",
           "produc": "gsp/emp, rows = states in file order, columns = 1970..1986",
           "kde_grid": "numpy.linspace(lo, hi, count) given per case",
           "kde_gaussian": "scipy.stats.gaussian_kde(x, bw_method=rule)(grid); bandwidth = kde.factor * std(x, ddof=1)",
           "kde_fixed": "gaussian_kde(x, bw_method=h/std(x, ddof=1)), i.e. a kernel sd of h",
           "kde_epanechnikov": "independent numpy sum: (1/(n h)) sum 3/(4 sqrt5) (1 - u^2/5)_+ with u=(x-xi)/h (R's unit-variance form)",
           "nrd0": "0.9 min(sd, IQR/1.34) n^-0.2, IQR of numpy type-7 quantiles (R bw.nrd0); R values where Rscript exists",
           "markov": "giddy.markov.Markov(class_ids); steady_state/mfpt of giddy.ergodic; shorrocks = markov_mobility(p, 'P')",
           "pooled_quantiles": "mapclassify.Quantiles(y.flatten(), k).yb (numpy row-major flatten of n x t)",
           "period_quantiles": "mapclassify.Quantiles(y[:, t], k).yb per column",
           "relative": "y / y.mean(axis=0) (each period's cross-section mean)",
           "spatial_markov": "giddy Spatial_Markov(y, w, k=K, m=K, fixed=True) with w row-standardised",
           "lisa_markov": "giddy LISA_Markov(y, w) (esda Moran_Local quadrants 1 HH, 2 LH, 3 LL, 4 HL)",
           "lisa_chi_2": "chi_2 as giddy's LISA_Markov computes it (on y.T: unit means over time, transitions across units); chi_2_panel: the same formula in the panel's orientation (period means, transitions over time), which the package implements"},
       "kde": {}, "markov": {}, "spatial_markov": {}, "lisa_markov": {}}


def nrd0(x):
    hi = np.std(x, ddof=1)
    q75, q25 = np.percentile(x, [75, 25])
    lo = min(hi, (q75 - q25) / 1.34)
    if lo == 0:
        lo = hi or abs(x[0]) or 1.0
    return 0.9 * lo * len(x) ** -0.2


def epan(x, grid, h):
    u = (grid[:, None] - x[None, :]) / h
    k = np.where(u * u < 5, 0.75 * (1 - u * u / 5) / np.sqrt(5), 0.0)
    return k.sum(axis=1) / (len(x) * h)


# ---- kernel densities
grid = np.linspace(0.0, 200000.0, 201)
lgrid = np.linspace(9.5, 12.5, 151)
kde = {"grid": {"min": 0.0, "max": 200000.0, "count": 201}, "log_grid": {"min": 9.5, "max": 12.5, "count": 151}, "years": {}}
for t, y in enumerate(years):
    x = china[:, t]
    lx = np.log(x)
    e = {}
    for rule in ("scott", "silverman"):
        k = stats.gaussian_kde(x, bw_method=rule)
        e[rule] = {"bandwidth": float(k.factor * np.std(x, ddof=1)), "density": k(grid)}
        kl = stats.gaussian_kde(lx, bw_method=rule)
        e["log_" + rule] = {"bandwidth": float(kl.factor * np.std(lx, ddof=1)), "density": kl(lgrid)}
    h = nrd0(x)
    e["nrd0"] = {"bandwidth": h, "density": stats.gaussian_kde(x, bw_method=h / np.std(x, ddof=1))(grid)}
    e["fixed_8000"] = {"bandwidth": 8000.0, "density": stats.gaussian_kde(x, bw_method=8000.0 / np.std(x, ddof=1))(grid)}
    e["epanechnikov_silverman"] = {"bandwidth": e["silverman"]["bandwidth"], "density": epan(x, grid, e["silverman"]["bandwidth"])}
    kde["years"][str(y)] = e
out["kde"] = kde

if shutil.which("Rscript"):
    xs = {str(y): list(china[:, t]) for t, y in enumerate(years)}
    code = """
    args <- commandArgs(TRUE); x <- as.numeric(strsplit(args[1], ",")[[1]])
    d <- density(x, bw = "nrd0", n = 201, from = 0, to = 200000)
    e <- density(x, bw = bw.nrd0(x), kernel = "epanechnikov", n = 201, from = 0, to = 200000)
    cat(sprintf("%.17g", bw.nrd0(x)), "\\n"); cat(sprintf("%.17g", d$y), "\\n"); cat(sprintf("%.17g", e$y), "\\n")
    """
    rres = {}
    for y in ("2011", "2022"):
        res = subprocess.run(["Rscript", "-e", code, ",".join(repr(float(v)) for v in xs[y])], capture_output=True, text=True, check=True)
        lines = res.stdout.strip().split("\n")
        rres[y] = {"bw_nrd0": float(lines[0]), "density_nrd0": [float(v) for v in lines[1].split()],
                   "density_epanechnikov_nrd0": [float(v) for v in lines[2].split()]}
    rv = subprocess.run(["Rscript", "-e", "cat(R.version.string)"], capture_output=True, text=True).stdout
    out["kde_r"] = {"R": rv, "call": "density(x, bw='nrd0', n=201, from=0, to=200000) (FFT-binned); kernel='epanechnikov' with bw=bw.nrd0(x)",
                    "years": rres}


# ---- Markov chains
def markov_case(class_ids, k):
    m = Markov(class_ids, classes=np.arange(k), summary=False)
    p = m.p
    empty = [int(i) for i in np.where(m.transitions.sum(axis=1) == 0)[0]]
    c = {"k": k, "class_ids": class_ids, "transitions": m.transitions, "p": p, "empty_classes": empty,
         "num_recurrent_classes": int(m.num_rclasses), "num_communication_classes": int(m.num_cclasses),
         "prais": prais(p), "shorrocks": float(markov_mobility(p, measure="P"))}
    if not empty and m.num_cclasses == 1:
        c["steady_state"] = m.steady_state
        c["mfpt"] = m.mfpt
    return c


def pooled(y, k):
    q = mc.Quantiles(y.flatten(), k=k)
    return q.yb.reshape(y.shape), list(q.bins)


yb, bins = pooled(china, 5)
out["markov"]["china31_pooled5"] = dict(markov_case(yb, 5), bins=bins)
rel = china / china.mean(axis=0)
yb, bins = pooled(rel, 5)
out["markov"]["china31_relative_pooled5"] = dict(markov_case(yb, 5), bins=bins)
yb = np.array([mc.Quantiles(china[:, t], k=4).yb for t in range(len(years))]).transpose()
out["markov"]["china31_period4"] = dict(markov_case(yb, 4), bins=[list(mc.Quantiles(china[:, t], k=4).bins) for t in range(len(years))])
yb = mc.UserDefined(rel.flatten(), [0.8, 1.0, 1.2, np.inf]).yb.reshape(rel.shape)
out["markov"]["china31_relative_breaks"] = dict(markov_case(yb, 4), breaks=[0.8, 1.0, 1.2])
prel = produc / produc.mean(axis=0)
yb, bins = pooled(prel, 5)
out["markov"]["produc_relative_pooled5"] = dict(markov_case(yb, 5), bins=bins)


# ---- spatial Markov
def spatial_case(y, w, k):
    sm = Spatial_Markov(y, w, k=k, m=k, fixed=True)
    ss = []
    for l, P in enumerate(sm.P):
        T = sm.T[l]
        if (T.sum(axis=1) == 0).any():
            ss.append(None); continue
        import quantecon as qe
        mcq = qe.MarkovChain(P)
        ss.append(steady_state(P) if mcq.num_communication_classes == 1 else None)
    return {"k": k, "class_ids": sm.class_ids, "lag_class_ids": sm.lclass_ids, "cutoffs": list(sm.cutoffs),
            "lag_cutoffs": list(sm.lag_cutoffs), "transitions": sm.transitions, "p": sm.p, "T": sm.T, "P": sm.P,
            "S": ss, "LR": float(sm.LR), "LR_p_value": float(sm.LR_p_value), "Q": float(sm.Q),
            "Q_p_value": float(sm.Q_p_value), "dof": int(sm.dof_hom)}


out["spatial_markov"]["china31_relative4"] = spatial_case(rel, wc, 4)
out["spatial_markov"]["china31_levels5"] = spatial_case(china, wc, 5)
out["spatial_markov"]["produc_relative5"] = spatial_case(prel, wp, 5)

# ---- LISA Markov
# giddy's LISA_Markov.chi_2 transposes y first (y.T, t x n) and then takes each unit's mean over time and the
# transitions between consecutive units of a period; "chi_2_panel" is the same formula (giddy's Markov, kron, chi2)
# with the panel's orientation: each period's cross-section mean, transitions between consecutive periods.
from giddy.markov import chi2 as giddy_chi2
from libpysal import weights as lpw


def chi2_panel(y, w, lm):
    ybar = y.mean(axis=0)
    ylag = np.array([lpw.lag_spatial(w, y[:, t]) for t in range(y.shape[1])]).T
    my, ml = Markov(y / ybar < 1.0, summary=False), Markov(ylag / ybar < 1.0, summary=False)
    A = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 1, 0, 0]])
    t1 = np.diag(lm.transitions.sum(axis=1)).dot(A.dot(np.kron(my.p, ml.p)).dot(A.T))
    c = giddy_chi2(lm.transitions, t1)
    return [float(c[0]), float(c[1]), int(c[2])]


for name, y, w in (("china31", china, wc), ("produc", produc, wp)):
    lm = LISA_Markov(y, w)
    out["lisa_markov"][name] = {"q": lm.q, "transitions": lm.transitions, "p": lm.p,
                                "chi_2": [float(lm.chi_2[0]), float(lm.chi_2[1]), int(lm.chi_2[2])],
                                "chi_2_panel": chi2_panel(y, w, lm)}

with open("reference/py/distribution_dynamics.json", "w") as f:
    json.dump(clean(out), f, indent=None, allow_nan=False)
    f.write("\n")
print("wrote reference/py/distribution_dynamics.json")
print(out["spatial_markov"]["china31_relative4"]["LR"], out["spatial_markov"]["china31_relative4"]["dof"])
