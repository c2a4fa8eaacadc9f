"""Peer timings for the weights benchmarks (libpysal), on the inputs the Swift benchmark writes.

usage: python weights_pysal.py knn POINTS.csv OUT_NEIGHBORS.txt   (k = 8; writes the first 1,000 units' lists)
       python weights_pysal.py queen SIDE                          (SIDE x SIDE unit squares)
Prints one JSON line: {"peer", "case", "n", "seconds", "peak_rss_mb", "nonzero"}.
"""
import json, resource, sys, time
import numpy as np
import libpysal
from libpysal import weights

mode = sys.argv[1]
peer = "libpysal " + libpysal.__version__

def report(case, n, secs, nonzero, method):
    print(json.dumps({"peer": peer, "case": case, "n": n, "seconds": secs, "method": method, "nonzero": int(nonzero),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)

if mode == "knn":
    pts = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1)
    t = time.perf_counter()
    w = weights.KNN.from_array(pts, k=8)
    secs = time.perf_counter() - t
    with open(sys.argv[3], "w") as f:
        for i in range(min(1000, len(pts))):
            f.write(" ".join(str(j) for j in sorted(w.neighbors[i])) + "\n")
    report("knn8", len(pts), secs, w.nonzero, "KNN.from_array (scipy KDTree)")
elif mode == "queen":
    import geopandas as gpd
    from shapely.geometry import box
    side = int(sys.argv[2])
    df = gpd.GeoDataFrame(geometry=[box(c, r, c + 1, r + 1) for r in range(side) for c in range(side)])
    t = time.perf_counter()
    w = weights.Queen.from_dataframe(df, use_index=False, silence_warnings=True)
    secs = time.perf_counter() - t
    report("queen-grid", side * side, secs, w.nonzero, "Queen.from_dataframe")
