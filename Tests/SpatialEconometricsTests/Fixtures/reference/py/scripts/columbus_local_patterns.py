"""esda Join_Counts (CP, and CRIME > 40) and Geary_Local (CRIME) on columbus (open reference).

Writes <Fixtures>/reference/py/columbus_local_patterns.json
Weights: Queen contiguity from columbus.shp (libpysal); Join_Counts transforms it to binary ('b'),
Geary_Local uses row-standardised ('r'). Permutations: 999, seed 12345. p_sim depends on the RNG stream,
so it can only be compared within simulation error; the statistics are deterministic.
"""
import os
import sys
import warnings

import numpy as np
import geopandas as gpd
import esda
from libpysal import examples, weights

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SHARED_REF, dump, versions, vec  # noqa: E402

warnings.filterwarnings("ignore")
SEED = 12345
PERM = 999

df = gpd.read_file(examples.get_path("columbus.shp"))
w = weights.Queen.from_dataframe(df, use_index=True)
out = {"meta": {"dataset": "libpysal.examples columbus (bundled)", "versions": versions(), "seed": SEED, "permutations": PERM}}
for key, y in [("join_counts_CP", df["CP"].to_numpy(dtype=float)),
               ("join_counts_CRIME_gt_40", (df["CRIME"].to_numpy(dtype=float) > 40).astype(float))]:
    np.random.seed(SEED)
    jc = esda.Join_Counts(y, w, permutations=PERM)
    out[key] = {"call": "esda.Join_Counts(y, w_queen, permutations=999) after np.random.seed(12345)",
                "bb": float(jc.bb), "bw": float(jc.bw), "ww": float(jc.ww), "J": float(jc.J),
                "p_sim_bb": float(jc.p_sim_bb), "p_sim_bw": float(jc.p_sim_bw),
                "note": "p_sim_*: (#sim >= observed + 1)/(perms + 1) for both bb and bw"}
y = df["CRIME"].to_numpy(dtype=float)
lg = esda.Geary_Local(connectivity=w, labels=True, permutations=PERM, seed=SEED).fit(y)
out["geary_local_CRIME_queen_R"] = {
    "call": "esda.Geary_Local(connectivity=w_queen (transform 'r'), labels=True, permutations=999, seed=12345).fit(CRIME)",
    "localG": vec(lg.localG), "p_sim": vec(lg.p_sim), "labs": [int(v) for v in lg.labs],
    "note": "localG = sum_j w_ij (z_i - z_j)^2, z = (x - mean)/std (numpy ddof 0); labs 1 HH, 2 LL, 3 other positive, 4 negative, 0 not significant at 0.05"}
dump(out, os.path.join(SHARED_REF, "columbus_local_patterns.json"))
