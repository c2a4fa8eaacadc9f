"""Peer timing: esda.Moran_Local with conditional permutations on the same lattice and values as the Swift
benchmark (read from the files it writes).

usage: python lisa_esda.py VALUES.csv NEIGHBORS.csv PERMUTATIONS OUT_P.txt -> one JSON line on stdout
(OUT_P.txt receives the folded pseudo p-values, one per unit.)
VALUES.csv: one value per line (header 'x'); NEIGHBORS.csv: 'i,j' 0-based directed links (header).
"""
import json, resource, sys, time
import numpy as np
import esda
from libpysal.weights import W

x = np.loadtxt(sys.argv[1], skiprows=1)
links = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1, dtype=np.int64)
perms = int(sys.argv[3])
n = len(x)
nb = {i: [] for i in range(n)}
for i, j in links:
    nb[int(i)].append(int(j))
w = W(nb, silence_warnings=True)
w.transform = "r"
t = time.perf_counter()
lm = esda.Moran_Local(x, w, transformation="r", permutations=perms, seed=12345, n_jobs=-1)
secs = time.perf_counter() - t
np.savetxt(sys.argv[4], lm.p_sim)
print(json.dumps({"peer": "esda " + esda.__version__ + " (n_jobs=-1)", "case": "local_moran", "n": n, "permutations": perms,
                  "seconds": secs, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "method": "Moran_Local, %d permutations, n_jobs=-1" % perms}), flush=True)
