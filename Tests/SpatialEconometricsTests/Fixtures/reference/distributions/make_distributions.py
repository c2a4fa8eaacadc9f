"""Reference values for the distribution functions (SciPy). Run: python make_distributions.py > distributions.json"""
import json, scipy, numpy as np
from scipy import stats

out = {"provenance": {"scipy": scipy.__version__, "numpy": np.__version__,
                      "calls": "stats.norm.cdf/sf/ppf, stats.chi2.cdf/sf, stats.t.sf (two-sided = 2 sf(|t|)), stats.f.sf"}}
out["normal"] = [{"z": z, "cdf": stats.norm.cdf(z), "sf": stats.norm.sf(z)} for z in (-8.5, -3.2, -1.96, -0.3, 0.0, 0.7, 1.644853626951, 2.5, 6.0, 9.0)]
out["normal_quantile"] = [{"p": p, "q": stats.norm.ppf(p)} for p in (1e-12, 1e-5, 0.01, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999)]
out["chisq"] = [{"df": df, "x": x, "cdf": stats.chi2.cdf(x, df), "sf": stats.chi2.sf(x, df)}
                for df in (1, 2, 3, 7.5, 48, 200) for x in (0.01, 0.5, 3.841458820694124, 11.3, 60.0, 250.0)]
out["t"] = [{"df": df, "t": t, "p_two_sided": 2 * stats.t.sf(abs(t), df)} for df in (1, 3, 10, 45, 812) for t in (-3.5, 0.2, 1.0, 2.0, 4.4)]
out["f"] = [{"d1": a, "d2": b, "f": f, "sf": stats.f.sf(f, a, b)} for a, b in ((1, 10), (2, 46), (5, 800), (12, 3)) for f in (0.3, 1.0, 3.2, 9.0)]
print(json.dumps(out, indent=1))
