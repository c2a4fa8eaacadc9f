"""Independent numpy evaluation of the GSPRE log-likelihood (Baltagi, Egger & Pfaffermayr 2013) on produc/usaww at
the R reference's optima (reference/r/produc_gspre.json), for each form (general, kkp, anselin, effects_only).

    y = X b + u,  u = (iota_T kron B1^-1) mu + (I_T kron B2^-1) v,  B1 = I - lambda_mu W,  B2 = I - lambda W,
    Var(u)/sigma_v^2 = Omega = J_T kron phi (B1'B1)^-1 + I_T kron (B2'B2)^-1   (time-major: t slow, i fast),
    ln L = -NT/2 (ln(2 pi) + 1) - NT/2 ln(e'Omega^-1 e / NT) - 1/2 ln|Omega|,  beta the GLS estimate.

Written from the formulas with numpy only: Omega is formed densely (NT x NT), ln|Omega| by numpy.linalg.slogdet and
Omega^-1 applied by numpy.linalg.solve (R uses chol/backsolve and lm.fit: a different route to the same numbers). The
GLS beta and sigma_v^2 are recomputed here, not read from R.

Run (from the fixtures folder): python3 reference/py/scripts/gspre_loglik.py > reference/py/gspre_loglik_check.json
"""
import csv
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
DATA = os.path.join(ROOT, "data", "produc")


def read():
    with open(os.path.join(DATA, "usaww.csv")) as f:
        rows = list(csv.reader(f))
    states = rows[0][1:]
    W = np.array([[float(v) for v in r[1:]] for r in rows[1:]])
    assert [r[0] for r in rows[1:]] == states
    with open(os.path.join(DATA, "produc.csv")) as f:
        recs = list(csv.DictReader(f))
    N, T = len(states), 17
    years = sorted({int(r["year"]) for r in recs})
    assert len(years) == T and len(recs) == N * T
    pos = {(r["state"], int(r["year"])): r for r in recs}
    def col(fn):
        return np.array([fn(pos[(s, yr)]) for yr in years for s in states])  # time-major
    y = col(lambda r: np.log(float(r["gsp"])))
    X = np.column_stack([np.ones(N * T), col(lambda r: np.log(float(r["pcap"]))), col(lambda r: np.log(float(r["pc"]))),
                         col(lambda r: np.log(float(r["emp"]))), col(lambda r: float(r["unemp"]))])
    return W, y, X, N, T


def loglik(W, y, X, N, T, phi, lmu, lam):
    I = np.eye(N)
    B1, B2 = I - lmu * W, I - lam * W
    O = np.kron(np.ones((T, T)), phi * np.linalg.inv(B1.T @ B1)) + np.kron(np.eye(T), np.linalg.inv(B2.T @ B2))
    OiX = np.linalg.solve(O, X)
    Oiy = np.linalg.solve(O, y)
    beta = np.linalg.solve(X.T @ OiX, X.T @ Oiy)
    e = y - X @ beta
    sse = float(e @ np.linalg.solve(O, e))
    sign, logdet = np.linalg.slogdet(O)
    assert sign > 0
    NT = N * T
    ll = -NT / 2 * (np.log(2 * np.pi) + 1) - NT / 2 * np.log(sse / NT) - logdet / 2
    return float(ll), beta.tolist(), sse / NT, float(logdet)


def main():
    W, y, X, N, T = read()
    with open(os.path.join(ROOT, "reference", "r", "produc_gspre.json")) as f:
        ref = json.load(f)["results"]
    out = {"provenance": {"script": "reference/py/scripts/gspre_loglik.py", "numpy": np.__version__,
                          "python": sys.version.split()[0]},
           "note": "numpy dense evaluation at the R optimum of each form; beta and sigma2 recomputed by GLS here",
           "results": {}}
    for form in ["general", "kkp", "anselin", "effects_only"]:
        r = ref[form]
        ll, beta, s2, logdet = loglik(W, y, X, N, T, r["phi"], r["lambda_mu"], r["lambda"])
        out["results"][form] = {"phi": r["phi"], "lambda_mu": r["lambda_mu"], "lambda": r["lambda"], "logLik": ll,
                                "beta": beta, "sigma2": s2, "log_det_omega": logdet,
                                "logLik_R_minus_numpy": r["logLik"] - ll}
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
