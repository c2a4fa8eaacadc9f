"""Reference neighbour sets and attribute tables for the shapefile fixtures (data/shapefiles/).

Run from the Fixtures folder:  python3 reference/py/scripts/shapefile_weights.py > reference/py/shapefile_weights.json
Needs libpysal (its own shapefile and dBASE readers, no GDAL) and numpy; geopandas/shapely for the centroids and areas.

For each polygon file: libpysal.weights.Queen/Rook.from_shapefile (neighbours as 0-based record positions,
sorted), and the .dbf table as libpysal.io reads it (numbers as floats in repr form, None for missing).
For the point file: the coordinates as read by libpysal.io.
"""
import json
import os
import sys

import libpysal
from libpysal.weights import Queen, Rook

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
SHAPES = os.path.join(FIXTURES, "data", "shapefiles")


def neighbours(w):
    ids = list(w.id_order)
    pos = {k: i for i, k in enumerate(ids)}
    return [sorted(pos[j] for j in w.neighbors[k]) for k in ids]


def table(name):
    db = libpysal.io.open(os.path.join(SHAPES, name + ".dbf"))
    header = list(db.header)
    rows = [list(r) for r in db]
    db.close()
    cols = {h: [] for h in header}
    for r in rows:
        for h, v in zip(header, r):
            if isinstance(v, float) and v != v:
                v = None
            cols[h].append(v)
    return {"columns": header, "field_spec": [list(s) for s in libpysal.io.open(os.path.join(SHAPES, name + ".dbf")).field_spec],
            "values": cols}


out = {"meta": {"libpysal": libpysal.__version__, "python": sys.version.split()[0],
                "calls": "Queen.from_shapefile(path), Rook.from_shapefile(path); libpysal.io.open(dbf)",
                "note": "neighbours[i] = sorted 0-based positions of record i's neighbours"}}
for name in ["columbus", "nc"]:
    shp = os.path.join(SHAPES, name + ".shp")
    q = Queen.from_shapefile(shp)
    r = Rook.from_shapefile(shp)
    # Polygon centroids (holes subtracted, all parts), as shapely computes them (GEOS), read by geopandas.
    import geopandas as gpd
    g = gpd.read_file(shp).geometry
    out[name] = {"queen": neighbours(q), "rook": neighbours(r),
                 "queen_links": int(q.s0), "rook_links": int(r.s0), "table": table(name),
                 "centroids": [[c.x, c.y] for c in g.centroid], "areas": [float(a) for a in g.area]}
pts = libpysal.io.open(os.path.join(SHAPES, "baltim.shp"))
out["baltim"] = {"points": [list(p) for p in pts], "table": table("baltim")}
json.dump(out, sys.stdout, indent=None, separators=(",", ":"))
print()
