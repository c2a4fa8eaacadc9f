"""Dagum (1997) Gini decomposition of per-capita GDP of China's 31 provinces by NBS region, 2011-2022: an
independent implementation (numpy only) written from the paper's double sums, to check SpatialEconometrics'
DagumGini (which uses sorted prefix sums instead).

Per-capita GDP = gdp * 10000 / population (yuan per person) from panel.csv; groups = provinces.csv `region`
(east, central, west, northeast), in order of first appearance in NBS province order.

  G    = sum_j sum_h sum_i sum_r |y_ji - y_hr| / (2 n^2 mu)
  G_jj = sum_i sum_r |y_ji - y_jr| / (2 n_j^2 mu_j)
  G_jh = sum_i sum_r |y_ji - y_hr| / (n_j n_h (mu_j + mu_h))
  p_j = n_j / n,  s_j = n_j mu_j / (n mu)
  d_jh = sum_i sum_r max(y_ji - y_hr, 0) / (n_j n_h),  p_jh = sum_i sum_r max(y_hr - y_ji, 0) / (n_j n_h), mu_j >= mu_h
  D_jh = (d_jh - p_jh) / (d_jh + p_jh)
  G_w  = sum_j G_jj p_j s_j
  G_nb = sum_{j<h} G_jh (p_j s_h + p_h s_j) D_jh
  G_t  = sum_{j<h} G_jh (p_j s_h + p_h s_j) (1 - D_jh)
The script asserts G = G_w + G_nb + G_t and that G equals mean |x_i - x_j| / (2 mu) over all pairs.

usage: python dagum_china31.py DATA_DIR > dagum_china31.json   (DATA_DIR = the folder with panel.csv, provinces.csv)
"""
import csv, json, os, sys
import numpy as np

d = sys.argv[1]
prov = {r["id"]: r["region"] for r in csv.DictReader(open(os.path.join(d, "provinces.csv")))}
rows = list(csv.DictReader(open(os.path.join(d, "panel.csv"))))
years = sorted({r["year"] for r in rows})
out = {"provenance": {"numpy": np.__version__, "script": "reference/py/scripts/dagum_china31.py",
                      "variable": "gdp * 10000 / population", "groups": "provinces.csv region (NBS four regions)"},
       "years": {}}
for year in years:
    sel = sorted((r for r in rows if r["year"] == year), key=lambda r: int(r["id"]))
    y = np.array([float(r["gdp"]) * 10000 / float(r["population"]) for r in sel])
    lab = [prov[r["id"]] for r in sel]
    names = list(dict.fromkeys(lab))
    n, mu = len(y), y.mean()
    Y = {g: y[[i for i in range(n) if lab[i] == g]] for g in names}
    G = np.abs(y[:, None] - y[None, :]).sum() / (2 * n * n * mu)
    p = {g: len(Y[g]) / n for g in names}
    s = {g: len(Y[g]) * Y[g].mean() / (n * mu) for g in names}
    Gjj = {g: np.abs(Y[g][:, None] - Y[g][None, :]).sum() / (2 * len(Y[g]) ** 2 * Y[g].mean()) for g in names}
    Gw = sum(Gjj[g] * p[g] * s[g] for g in names)
    Gnb = Gt = 0.0
    pairs = []
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            j, h = (names[a], names[b]) if Y[names[a]].mean() >= Y[names[b]].mean() else (names[b], names[a])
            diff = Y[j][:, None] - Y[h][None, :]
            nn = len(Y[j]) * len(Y[h])
            Gjh = np.abs(diff).sum() / (nn * (Y[j].mean() + Y[h].mean()))
            djh = np.maximum(diff, 0).sum() / nn
            pjh = np.maximum(-diff, 0).sum() / nn
            D = (djh - pjh) / (djh + pjh)
            wgt = p[j] * s[h] + p[h] * s[j]
            Gnb += Gjh * wgt * D
            Gt += Gjh * wgt * (1 - D)
            pairs.append({"richer": j, "poorer": h, "gini": Gjh, "D": D, "net_between": Gjh * wgt * D, "transvariation": Gjh * wgt * (1 - D)})
    assert abs(G - (Gw + Gnb + Gt)) < 1e-12, (G, Gw + Gnb + Gt)
    out["years"][year] = {"gini": G, "within": Gw, "net_between": Gnb, "transvariation": Gt,
                          "groups": [{"name": g, "n": len(Y[g]), "mean": Y[g].mean(), "gini": Gjj[g],
                                      "population_share": p[g], "income_share": s[g]} for g in names],
                          "pairs": pairs}
print(json.dumps(out, indent=1))
