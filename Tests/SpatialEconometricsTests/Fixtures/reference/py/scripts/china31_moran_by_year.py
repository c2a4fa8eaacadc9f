"""Per-year global Moran's I of per-capita GDP (gdp * 10000 / population) of China's 31 provinces, 2011-2022,
on row-standardised queen contiguity with Hainan linked to Guangdong (contiguity_edges_hainan_linked.csv).
esda.Moran (two_tailed=False: one-sided p as spdep's default 'greater' when I > E[I]).

usage: python china31_moran_by_year.py DATA_DIR > china31_moran_by_year.json
"""
import csv, json, os, sys
import numpy as np
import esda, libpysal
from libpysal.weights import W

d = sys.argv[1]
ids = [r["id"] for r in csv.DictReader(open(os.path.join(d, "provinces.csv")))]
nb = {i: [] for i in ids}
for r in csv.DictReader(open(os.path.join(d, "contiguity_edges_hainan_linked.csv"))):
    a, b = r["from_id"], r["to_id"]
    nb[a].append(b); nb[b].append(a)
w = W(nb, id_order=ids); w.transform = "r"
rows = list(csv.DictReader(open(os.path.join(d, "panel.csv"))))
out = {"provenance": {"esda": esda.__version__, "libpysal": libpysal.__version__,
                      "call": "esda.Moran(gdppc, w, transformation='r', permutations=0, two_tailed=False)"}, "years": {}}
for year in sorted({r["year"] for r in rows}):
    v = {r["id"]: float(r["gdp"]) * 10000 / float(r["population"]) for r in rows if r["year"] == year}
    x = np.array([v[i] for i in ids])
    m = esda.Moran(x, w, transformation="r", permutations=0, two_tailed=False)
    out["years"][year] = {"I": m.I, "EI": m.EI, "VI_rand": m.VI_rand, "z_rand": m.z_rand, "p_rand": m.p_rand,
                          "VI_norm": m.VI_norm, "z_norm": m.z_norm}
print(json.dumps(out, indent=1))
