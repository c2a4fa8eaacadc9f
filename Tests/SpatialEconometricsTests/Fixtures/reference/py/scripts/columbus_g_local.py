"""esda G_Local (Gi and Gi*) on columbus CRIME with conditional permutations (open reference).

Writes <Fixtures>/reference/py/columbus_g_local.json
Weights: Queen contiguity from columbus.shp (libpysal), row-standardised ('R'); G_Local adds the diagonal itself
for star=True. Permutations: 999, seed 12345 (numba conditional randomisation, draws shared across units).
p_sim depends on the RNG stream, so it can only be compared within simulation error.
"""
import os
import sys
import warnings

import geopandas as gpd
import esda
from libpysal import examples, weights

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SHARED_REF, dump, versions, vec  # noqa: E402

warnings.filterwarnings("ignore")
SEED = 12345
PERM = 999

df = gpd.read_file(examples.get_path("columbus.shp"))
y = df["CRIME"].to_numpy(dtype=float)
w = weights.Queen.from_dataframe(df, use_index=True)

out = {"meta": {"dataset": "libpysal.examples columbus (bundled)", "variable": "CRIME",
                "versions": versions(), "seed": SEED, "permutations": PERM}}
for star, key in [(False, "g_local_queen_R"), (True, "g_star_local_queen_R")]:
    g = esda.G_Local(y, w, transform="R", permutations=PERM, star=star, seed=SEED)
    out[key] = {"call": "esda.G_Local(CRIME, w_queen, transform='R', permutations=999, star=%s, seed=12345)" % star,
                "Gs": vec(g.Gs), "Zs": vec(g.Zs), "p_sim": vec(g.p_sim),
                "note": "p_sim: folded pseudo p ((min(larger, perms-larger)+1)/(perms+1))"}
dump(out, os.path.join(SHARED_REF, "columbus_g_local.json"))
