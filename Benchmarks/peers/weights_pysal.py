"""Peer timings for the weights benchmark: libpysal k-NN (k = 8) on random points and queen contiguity on a
square polygon grid, on the same inputs as the Swift benchmark (points from the file it writes).

usage: python weights_pysal.py POINTS.csv GRID_SIDE  -> one JSON line per case on stdout
"""
import json, sys, time
import numpy as np

points_file, side = sys.argv[1], int(sys.argv[2])
pts = np.loadtxt(points_file, delimiter=",", skiprows=1)

import libpysal
from libpysal import weights

def timed(f, repeats):
    best = []
    out = None
    for _ in range(repeats):
        t = time.perf_counter(); out = f(); best.append(time.perf_counter() - t)
    return float(np.median(best)), out

secs, w = timed(lambda: weights.KNN.from_array(pts, k=8), 1)
print(json.dumps({"peer": "libpysal " + libpysal.__version__, "case": "knn8", "n": len(pts), "seconds": secs, "nonzero": int(w.nonzero)}), flush=True)

import geopandas as gpd
from shapely.geometry import box
polys = [box(c, r, c + 1, r + 1) for r in range(side) for c in range(side)]
df = gpd.GeoDataFrame(geometry=polys)
secs, w = timed(lambda: weights.Queen.from_dataframe(df, use_index=False, silence_warnings=True), 1)
print(json.dumps({"peer": "libpysal " + libpysal.__version__, "case": "queen_grid", "n": side * side, "seconds": secs, "nonzero": int(w.nonzero)}), flush=True)
