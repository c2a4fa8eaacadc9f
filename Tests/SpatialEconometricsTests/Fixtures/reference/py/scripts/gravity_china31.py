"""Reference values for the centre of gravity and the standard deviational ellipse (issue 16) of China's 31
provinces, weighted by GDP, 2011-2022.

Independent numpy implementation. Coordinates: the provincial capitals (data/china31/provinces.csv capital_lon,
capital_lat, degrees); weights: gdp (data/china31/panel.csv). Per year:
- centre: x_bar = sum w lon / sum w, y_bar = sum w lat / sum w;
- path: haversine great-circle distance (R = 6371.0088 km) and initial bearing (degrees clockwise from north,
  [0, 360)) between consecutive centres; and, treating lon/lat as planar, Euclidean distance and atan2(dx, dy);
- ellipse: deviations projected to a local equirectangular plane at the year's weighted centre, km
  (x~ = R dlon pi/180 cos(lat_bar), y~ = R dlat pi/180); ArcGIS Directional Distribution, weighted, with sqrt(2):
  tan(theta) = (A + B) / C, A = sum w x~^2 - sum w y~^2, B = sqrt(A^2 + 4 (sum w x~y~)^2), C = 2 sum w x~y~;
  sigma_x = sqrt(2) sqrt(sum w (x~ cos - y~ sin)^2 / sum w), sigma_y = sqrt(2) sqrt(sum w (x~ sin + y~ cos)^2 / sum w);
  rotation in [0, 180); area pi sigma_x sigma_y. Cross-checked against the eigen-decomposition of the weighted
  covariance matrix (2 * eigenvalues = sigma^2; major eigenvector direction = theta), recorded as max differences.
  Also the same ellipse on the raw degrees (planar) and without sqrt(2).
Writes reference/py/gravity_china31.json. Run from Tests/SpatialEconometricsTests/Fixtures:
    python reference/py/scripts/gravity_china31.py
"""
import csv, json, math, os, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import clean  # noqa: E402

R = 6371.0088
prov = {int(r["id"]): r for r in csv.DictReader(open("data/china31/provinces.csv"))}
rows = list(csv.DictReader(open("data/china31/panel.csv")))
years = sorted({int(r["year"]) for r in rows})
ids = sorted(prov)
by = {(int(r["id"]), int(r["year"])): r for r in rows}
lon = np.array([float(prov[i]["capital_lon"]) for i in ids])
lat = np.array([float(prov[i]["capital_lat"]) for i in ids])


def haversine(l1, p1, l2, p2):
    l1, p1, l2, p2 = map(math.radians, (l1, p1, l2, p2))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * R * math.asin(min(1.0, math.sqrt(h)))


def bearing(l1, p1, l2, p2):
    l1, p1, l2, p2 = map(math.radians, (l1, p1, l2, p2))
    b = math.degrees(math.atan2(math.sin(l2 - l1) * math.cos(p2),
                                math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(l2 - l1)))
    return b % 360.0


def ellipse(w, dx, dy, scale):
    sxx, syy, sxy = (w * dx * dx).sum(), (w * dy * dy).sum(), (w * dx * dy).sum()
    A = sxx - syy
    B = math.sqrt(A * A + 4 * sxy * sxy)
    C = 2 * sxy
    th = (math.pi / 2 if A > 0 else 0.0) if C == 0 else math.atan((A + B) / C)
    if th < 0:
        th += math.pi
    c, s = math.cos(th), math.sin(th)
    sx = scale * math.sqrt((w * (dx * c - dy * s) ** 2).sum() / w.sum())
    sy = scale * math.sqrt((w * (dx * s + dy * c) ** 2).sum() / w.sum())
    # independent check: eigen-decomposition of the weighted covariance
    cov = np.array([[sxx, sxy], [sxy, syy]]) / w.sum()
    ev, vec = np.linalg.eigh(cov)
    v = vec[:, 1]  # major direction (x east, y north)
    az = math.degrees(math.atan2(v[0], v[1])) % 180.0
    check = {"major_diff": abs(scale * math.sqrt(ev[1]) - max(sx, sy)), "minor_diff": abs(scale * math.sqrt(ev[0]) - min(sx, sy)),
             "rotation_diff": min(abs(az - math.degrees(th) % 180), 180 - abs(az - math.degrees(th) % 180))}
    return {"rotation": math.degrees(th) % 180.0, "sigma_x": sx, "sigma_y": sy, "area": math.pi * sx * sy}, check


out = {"description": __doc__.strip().splitlines()[0], "weight": "gdp", "years": [str(t) for t in years],
       "centres": [], "great_circle": [], "planar_path": [], "ellipse_km": [], "ellipse_degrees": [],
       "ellipse_km_unscaled": [], "eigen_check_max": {}, "numpy": np.__version__}
checks = []
for t in years:
    w = np.array([float(by[(i, t)]["gdp"]) for i in ids])
    xb, yb = (w * lon).sum() / w.sum(), (w * lat).sum() / w.sum()
    out["centres"].append({"year": str(t), "x": xb, "y": yb, "total_weight": w.sum()})
    k = R * math.pi / 180
    dx, dy = k * (lon - xb) * math.cos(math.radians(yb)), k * (lat - yb)
    e, c = ellipse(w, dx, dy, math.sqrt(2)); out["ellipse_km"].append(e); checks.append(c)
    e, c = ellipse(w, lon - xb, lat - yb, math.sqrt(2)); out["ellipse_degrees"].append(e); checks.append(c)
    e, c = ellipse(w, dx, dy, 1.0); out["ellipse_km_unscaled"].append(e); checks.append(c)
cs = out["centres"]
for a, b in zip(cs, cs[1:]):
    out["great_circle"].append({"distance": haversine(a["x"], a["y"], b["x"], b["y"]),
                                "bearing": bearing(a["x"], a["y"], b["x"], b["y"])})
    ddx, ddy = b["x"] - a["x"], b["y"] - a["y"]
    out["planar_path"].append({"distance": math.hypot(ddx, ddy), "bearing": math.degrees(math.atan2(ddx, ddy)) % 360.0})
for key in ("major_diff", "minor_diff", "rotation_diff"):
    out["eigen_check_max"][key] = max(c[key] for c in checks)
json.dump(clean(out), open("reference/py/gravity_china31.json", "w"), indent=1)
print(json.dumps(out["eigen_check_max"]), out["centres"][0], out["ellipse_km"][0], out["great_circle"][0])
