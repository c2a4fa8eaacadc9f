"""spreg's pseudo R^2 (pr2 = corr(y, predy)^2) of the ML lag and error models on columbus.

Run from anywhere:  python3 reference/py/scripts/pseudo_r2.py   (writes reference/py/pseudo_r2.json; spreg prints to stdout)
Needs spreg, libpysal, numpy. Data: data/columbus/columbus.csv (CRIME ~ INC + HOVAL), W: data/columbus/columbus_queen.gal
row-standardised. spreg's predy is X b + rho W y for ML_Lag and X b for ML_Error (method "full": exact
log-determinant). pr2_e (ML_Lag) is corr(y, (I - rho W)^-1 X b)^2, the reduced-form version, recorded too.
"""
import csv
import json
import os
import sys
from importlib.metadata import version

import numpy as np
import libpysal
import spreg

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
DATA = os.path.join(FIXTURES, "data", "columbus")

with open(os.path.join(DATA, "columbus.csv")) as f:
    rows = list(csv.DictReader(f))
w = libpysal.io.open(os.path.join(DATA, "columbus_queen.gal")).read()
ids = [r["POLYID"] for r in rows] if "POLYID" in rows[0] else [str(i + 1) for i in range(len(rows))]
order = {i: k for k, i in enumerate(ids)}
perm = [order[str(i)] for i in w.id_order]
y = np.array([[float(rows[k]["CRIME"])] for k in perm])
x = np.array([[float(rows[k]["INC"]), float(rows[k]["HOVAL"])] for k in perm])
w.transform = "r"
lag = spreg.ML_Lag(y, x, w, method="full")
err = spreg.ML_Error(y, x, w, method="full")
out = {
    "provenance": {"spreg": version("spreg"), "libpysal": version("libpysal"), "numpy": np.__version__,
                   "python": sys.version.split()[0],
                   "calls": "spreg.ML_Lag(y, x, w, method='full'), spreg.ML_Error(y, x, w, method='full'); y = CRIME, "
                            "x = INC, HOVAL, w = columbus_queen.gal row-standardised, rows in w.id_order"},
    "lag": {"rho": float(lag.rho), "pr2": float(lag.pr2), "pr2_e": float(lag.pr2_e)},
    "error": {"lambda": float(err.lam), "pr2": float(err.pr2)},
}
with open(os.path.join(FIXTURES, "reference", "py", "pseudo_r2.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
