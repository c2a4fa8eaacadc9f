"""Dynamic spatial panel with fixed effects: an independent numpy implementation (written from the formulas, not
from 36_dynamic.R) of the QML of Yu, de Jong & Lee (2008) (individual effects) and Lee & Yu (2010, Econometric
Theory) transformation approach (two-way effects), with their analytical bias correction; plus a Monte Carlo study.

  y_t = tau y_{t-1} + eta W y_{t-1} + rho W y_t + X_t beta + W X_t theta + mu + alpha_t 1 + e_t,  t = 1..T | y_0

Route chosen to differ from the R script:
  * two-way: F_N = Helmert basis (not eigenvectors of J_N); W* = F' W F; the lags W y, W y_{t-1}, W X are formed
    as W* (F' y) etc. in the transformed space (R: W on the original data, then F');
  * rho: scipy minimize_scalar(bounded) on the concentrated likelihood (delta by lstsq at every rho), then brentq on
    the concentrated score (W y~)' e(rho) / s2(rho) - T sum w/(1 - rho w);
  * traces in the bias vector from the eigenvalues of W_n: P S^{-1} = (S - tau I - eta W)^{-1}, so
    tr(P S^{-1}) = sum 1/(1 - tau - (rho + eta) w), tr(W P S^{-1}) = sum w/(...), tr(G P S^{-1}) = sum w/((1 - rho w)(...)),
    tr(G W P S^{-1}) = sum w^2/((1 - rho w)(...)); tr(G), tr(G G) from eigenvalues, tr(G'G) = |G|_F^2;
  * effects from explicit N x N matrices, delta-method gradient by central differences.

usage (from the Fixtures folder):
  python reference/py/scripts/dynamic_sdpd.py check   -> reference/py/dynamic_sdpd_check.json (vs reference/r/produc_dynamic.json)
  python reference/py/scripts/dynamic_sdpd.py mc [R]  -> reference/py/dynamic_montecarlo.json
"""
import csv, json, math, os, platform, sys, time
import numpy as np
import scipy
from scipy.optimize import minimize_scalar, brentq

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))       # .../Fixtures
DATA = os.path.join(FIX, "data", "produc")


_CACHE = {}
READING = 'bias = mean - true; mc_se = sd/sqrt(R); bias_over_mc_se = t-ratio of the mean error. The first-order correction theta + Sigma^{-1} a/T removes 94-97% of the O(1/T) bias of tau and 88-96% of that of eta; what remains is small but, with R = 1000, several MC SEs at T = 10 and shrinks about fourfold from T = 10 to T = 20 (an O(1/T^2) remainder, as expected of a first-order correction); sigma2 likewise (-0.115 -> -0.027 at T = 10, -0.055 -> -0.008 at T = 20 for N = 100). mean_information_se_uncorrected = average information-matrix SE, to compare with sd'


def helmert(n):
    """n x (n-1), orthonormal columns orthogonal to 1 (column k: (1,..,1,-k,0,..)/sqrt(k(k+1)))."""
    F = np.zeros((n, n - 1))
    for k in range(1, n):
        F[:k, k - 1] = 1.0 / math.sqrt(k * (k + 1))
        F[k, k - 1] = -k / math.sqrt(k * (k + 1))
    return F


class Panel:
    """Y: N x (T+1) (y_0..y_T); X: list of N x (T+1) regressors (only t = 1..T used); W: N x N row-standardised."""

    def __init__(self, Y, X, W, xnames, twoway, durbin, dlag):
        N = W.shape[0]
        self.xnames = list(xnames)
        ck = (id(W), twoway)
        if ck not in _CACHE:                                   # F, W*, eigenvalues once per W (Monte Carlo)
            if twoway:
                F = helmert(N); Wn = F.T @ W @ F
            else:
                F = None; Wn = W
            w = np.linalg.eigvals(Wn)
            assert np.max(np.abs(w.imag)) < 1e-9
            _CACHE[ck] = (W, F, Wn, np.sort(w.real))
        _, F, Wn, wsorted = _CACHE[ck]
        tr = (lambda M: F.T @ M) if twoway else (lambda M: M)
        n = Wn.shape[0]
        Tp = Y.shape[1] - 1
        yc = tr(Y[:, 1:]); yl = tr(Y[:, :-1])
        within = lambda M: M - M.mean(axis=1, keepdims=True)
        vec = lambda M: within(M).flatten(order="F")             # time-major
        cols, names = [], []
        if dlag in ("both", "y"):
            cols.append(vec(yl)); names.append("tau")
        if dlag in ("both", "wy"):
            cols.append(vec(Wn @ yl)); names.append("eta")
        Xt = [tr(x[:, 1:]) for x in X]
        for x, nm in zip(Xt, xnames):
            cols.append(vec(x)); names.append(nm)
        if durbin:
            for x, nm in zip(Xt, xnames):
                cols.append(vec(Wn @ x)); names.append("W_" + nm)
        self.Z = np.column_stack(cols); self.names = names
        self.y = vec(yc); self.wy = vec(Wn @ yc)
        self.Wn = Wn; self.n = n; self.T = Tp; self.W = W
        self.w = wsorted
        self.durbin = durbin

    def resid(self, rho):
        r = self.y - rho * self.wy
        d, *_ = np.linalg.lstsq(self.Z, r, rcond=None)
        return d, r - self.Z @ d

    def loglik_c(self, rho):
        nT = self.n * self.T
        _, e = self.resid(rho)
        s2 = e @ e / nT
        return -nT / 2 * (math.log(2 * math.pi * s2) + 1) + self.T * np.sum(np.log(1 - rho * self.w))

    def loglik(self, delta, rho, s2):
        nT = self.n * self.T
        if not (1 / self.w[0] < rho < 1 / self.w[-1]):
            return float("nan")
        e = self.y - rho * self.wy - self.Z @ delta
        return -nT / 2 * math.log(2 * math.pi * s2) + self.T * np.sum(np.log(1 - rho * self.w)) - e @ e / (2 * s2)

    def score(self, rho):
        nT = self.n * self.T
        _, e = self.resid(rho)
        return self.wy @ e / (e @ e / nT) - self.T * np.sum(self.w / (1 - rho * self.w))

    def fit(self, xtol=1e-12, polish=True):
        lo, hi = 1 / self.w[0] + 1e-8, 1 / self.w[-1] - 1e-8
        o = minimize_scalar(lambda r: -self.loglik_c(r), bounds=(lo, hi), method="bounded",
                            options={"xatol": xtol, "maxiter": 500})
        rho = o.x
        if polish:
            h = 1e-5
            a, b = max(lo, rho - h), min(hi, rho + h)
            if self.score(a) > 0 > self.score(b):
                rho = brentq(self.score, a, b, xtol=1e-16, rtol=4 * np.finfo(float).eps, maxiter=200)
        d, e = self.resid(rho)
        return d, rho, e @ e / (self.n * self.T)

    def info(self, delta, rho, s2):
        n, T = self.n, self.T
        G = self.Wn @ np.linalg.inv(np.eye(n) - rho * self.Wn)
        g = self.w / (1 - rho * self.w)
        Zd = (self.Z @ delta).reshape((n, T), order="F")
        GZd = (G @ Zd).flatten(order="F")
        k = len(delta)
        I = np.zeros((k + 2, k + 2))
        I[:k, :k] = self.Z.T @ self.Z / s2
        I[:k, k] = I[k, :k] = self.Z.T @ GZd / s2
        I[k, k] = GZd @ GZd / s2 + T * (np.sum(g * g) + np.sum(G * G))
        I[k, k + 1] = I[k + 1, k] = T * np.sum(g) / s2
        I[k + 1, k + 1] = n * T / (2 * s2 * s2)
        return I

    def bias_a(self, delta, rho, s2):
        nm = self.names
        tau = delta[nm.index("tau")] if "tau" in nm else 0.0
        eta = delta[nm.index("eta")] if "eta" in nm else 0.0
        w, n = self.w, self.n
        q = 1 - tau - (rho + eta) * w                  # eigenvalues of S - tau I - eta W = S (I - A)
        s = 1 - rho * w
        a = np.zeros(len(delta) + 2)
        if "tau" in nm:
            a[nm.index("tau")] = np.sum(1 / q) / n
        if "eta" in nm:
            a[nm.index("eta")] = np.sum(w / q) / n
        a[len(delta)] = (tau * np.sum(w / (s * q)) + eta * np.sum(w * w / (s * q)) + np.sum(w / s)) / n
        a[len(delta) + 1] = 1 / (2 * s2)
        maxeig = np.max(np.abs((tau + eta * w) / s))
        return a, maxeig

    def corrected(self, delta, rho, s2):
        k = len(delta)
        th = np.concatenate([delta, [rho, s2]])
        I = self.info(delta, rho, s2)
        a, maxeig = self.bias_a(delta, rho, s2)
        Sigma = I / (self.n * self.T)
        th_bc = th + np.linalg.solve(Sigma, a) / self.T
        return th_bc, maxeig


def effects(names, est, W, xnames, durbin):
    N = W.shape[0]; I = np.eye(N)
    p = dict(zip(names, est))
    tau, eta, rho = p.get("tau", 0.0), p.get("eta", 0.0), p["rho"]
    out = {}
    for x in xnames:
        b = p[x]; th = p.get("W_" + x, 0.0) if durbin else 0.0
        K = b * I + th * W
        Ms = np.linalg.solve(I - rho * W, K)
        Ml = np.linalg.solve((1 - tau) * I - (rho + eta) * W, K)
        for lab, M in (("short_run", Ms), ("long_run", Ml)):
            d = np.trace(M) / N; t = M.sum() / N
            out[(x, lab, "direct")] = d; out[(x, lab, "total")] = t; out[(x, lab, "indirect")] = t - d
    return out


def effects_with_se(names, est, V, W, xnames, durbin):
    e0 = effects(names, est, W, xnames, durbin)
    keys = list(e0)
    J = np.zeros((len(keys), len(est)))
    for j in range(len(est)):
        h = 1e-6 * max(1.0, abs(est[j]))
        ep = est.copy(); em = est.copy(); ep[j] += h; em[j] -= h
        fp = effects(names, ep, W, xnames, durbin); fm = effects(names, em, W, xnames, durbin)
        J[:, j] = [(fp[k] - fm[k]) / (2 * h) for k in keys]
    se = np.sqrt(np.einsum("ij,jk,ik->i", J, V, J))
    return {k: (e0[k], se[i]) for i, k in enumerate(keys)}


def load_produc():
    rows = list(csv.DictReader(open(os.path.join(DATA, "produc.csv"))))
    states = []
    for r in rows:
        if r["state"] not in states:
            states.append(r["state"])
    N, T1 = len(states), 17
    def mat(f):
        M = np.zeros((N, T1))
        for r in rows:
            M[states.index(r["state"]), int(r["year"]) - 1970] = f(r)
        return M
    Y = mat(lambda r: math.log(float(r["gsp"])))
    X = [mat(lambda r: math.log(float(r["pcap"]))), mat(lambda r: math.log(float(r["pc"]))),
         mat(lambda r: math.log(float(r["emp"]))), mat(lambda r: float(r["unemp"]))]
    wr = list(csv.reader(open(os.path.join(DATA, "usaww.csv"))))
    assert wr[0][1:] == states
    W = np.array([[float(v) for v in row[1:]] for row in wr[1:]])
    assert [row[0] for row in wr[1:]] == states
    return Y, X, W


def check():
    Y, X, W = load_produc()
    xn = ["log_pcap", "log_pc", "log_emp", "unemp"]
    R = json.load(open(os.path.join(FIX, "reference", "r", "produc_dynamic.json")))["results"]
    out = {"provenance": {"script": "reference/py/scripts/dynamic_sdpd.py check", "python": sys.version.split()[0],
                          "numpy": np.__version__, "scipy": scipy.__version__, "platform": platform.platform(),
                          "compared_with": "reference/r/produc_dynamic.json (36_dynamic.R)",
                          "note": "independent implementation (Helmert F_N, lags formed in the transformed space, minimize_scalar + brentq on the score, eigenvalue traces in the bias vector, effects from explicit matrices with numerical delta-method gradient); differences are abs unless named rel"},
           "results": {}}
    worst = {}
    for model in ("SDM", "SAR"):
        for effect in ("twoways", "individual"):
            for dlag in ("both", "y", "wy"):
                key = f"{model}_{effect}_{dlag}"
                durbin = model == "SDM"
                P = Panel(Y, X, W, xn, effect == "twoways", durbin, dlag)
                d, rho, s2 = P.fit()
                names = P.names + ["rho", "sigma2"]
                th = np.concatenate([d, [rho, s2]])
                th_bc, maxeig = P.corrected(d, rho, s2)
                res = {"parameter_order": names}
                for lab, t, rk in (("uncorrected", th, "uncorrected"), ("bias_corrected", th_bc, "bias_corrected")):
                    k = len(d)
                    V = np.linalg.inv(P.info(t[:k], t[k], t[k + 1]))
                    se = np.sqrt(np.diag(V))
                    ll = P.loglik(t[:k], t[k], t[k + 1])
                    r = R[key][rk]
                    assert list(r["estimates"]) == names, (list(r["estimates"]), names)
                    rest = np.array([r["estimates"][nm] for nm in names])
                    rse = np.array([r["std_errors"][nm] for nm in names])
                    rV = np.array(r["vcov"]["values"])
                    eff = effects_with_se(names, t, V, W, xn, durbin)
                    deff = max(abs(v[0] - r["effects"][x][h][c]) for (x, h, c), v in eff.items())
                    dse = max(abs(v[1] / r["effects"][x][h]["se_" + c] - 1) for (x, h, c), v in eff.items())
                    rll = r["logLik"]
                    diffs = {"estimates_max_abs": float(np.max(np.abs(t - rest))),
                             "rho_abs": float(abs(t[k] - rest[k])),
                             "std_errors_max_rel": float(np.max(np.abs(se / rse - 1))),
                             "vcov_max_rel_to_max_entry": float(np.max(np.abs(V - rV)) / np.max(np.abs(rV))),
                             "logLik_abs": None if (rll is None or math.isnan(ll)) else float(abs(ll - rll)),
                             "effects_max_abs": float(deff), "effects_se_max_rel": float(dse)}
                    res[lab] = {"estimates": dict(zip(names, map(float, t))), "std_errors": dict(zip(names, map(float, se))),
                                "logLik": None if math.isnan(ll) else float(ll), "diff_vs_R": diffs}
                    if lab == "bias_corrected":
                        res[lab]["max_mod_eig_A_transformed"] = float(maxeig)
                    for kk, v in diffs.items():
                        if v is not None:
                            worst[f"{lab}.{kk}"] = max(worst.get(f"{lab}.{kk}", 0.0), v)
                out["results"][key] = res
                print(key, {k: f"{v:.1e}" for k, v in res["bias_corrected"]["diff_vs_R"].items() if v is not None}, file=sys.stderr)
    out["max_diff_vs_R"] = worst
    p = os.path.join(FIX, "reference", "py", "dynamic_sdpd_check.json")
    json.dump(out, open(p, "w"), indent=1)
    print(json.dumps(worst, indent=1))


def rook(m):
    N = m * m; B = np.zeros((N, N))
    for i in range(m):
        for j in range(m):
            a = i * m + j
            for di, dj in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                ii, jj = i + di, j + dj
                if 0 <= ii < m and 0 <= jj < m:
                    B[a, ii * m + jj] = 1.0
    return B / B.sum(axis=1, keepdims=True)


def montecarlo(R):
    true = {"tau": 0.4, "eta": -0.1, "x": 1.0, "W_x": 0.5, "rho": 0.3, "sigma2": 1.0}
    names = ["tau", "eta", "x", "W_x", "rho", "sigma2"]
    burn = 50
    rng = np.random.default_rng(20261201)
    designs = []
    t0 = time.time()
    for m in (10, 20):
        W = rook(m); N = m * m
        Sinv = np.linalg.inv(np.eye(N) - true["rho"] * W)
        for T in (10, 20):
            est_u, est_c, se_u, eig = [], [], [], []
            for r in range(R):
                mu = rng.standard_normal(N)
                Tall = burn + T + 1
                alpha = rng.standard_normal(Tall)
                x = rng.standard_normal((N, Tall))
                e = rng.standard_normal((N, Tall))
                y = np.zeros((N, Tall)); yprev = np.zeros(N)
                for t in range(Tall):
                    rhs = true["tau"] * yprev + true["eta"] * (W @ yprev) + true["x"] * x[:, t] + true["W_x"] * (W @ x[:, t]) + mu + alpha[t] + e[:, t]
                    y[:, t] = Sinv @ rhs; yprev = y[:, t]
                Y = y[:, burn:]; Xk = [x[:, burn:]]           # y_0 = period burn, then T periods
                P = Panel(Y, Xk, W, ["x"], True, True, "both")
                d, rho, s2 = P.fit(xtol=1e-10, polish=False)
                th = np.concatenate([d, [rho, s2]])
                thc, me = P.corrected(d, rho, s2)
                V = np.linalg.inv(P.info(d, rho, s2))
                est_u.append(th); est_c.append(thc); se_u.append(np.sqrt(np.diag(V))); eig.append(me)
            U = np.array(est_u); C = np.array(est_c); S = np.array(se_u)
            tv = np.array([true[k] for k in names])
            def summ(A):
                b = A.mean(0) - tv; sd = A.std(0, ddof=1)
                return {k: {"mean": float(A[:, i].mean()), "bias": float(b[i]), "mc_se": float(sd[i] / math.sqrt(R)),
                            "bias_over_mc_se": float(b[i] / (sd[i] / math.sqrt(R))), "sd": float(sd[i]),
                            "rmse": float(math.sqrt(np.mean((A[:, i] - tv[i]) ** 2)))} for i, k in enumerate(names)}
            designs.append({"N": N, "T": T, "R": R, "uncorrected": summ(U), "bias_corrected": summ(C),
                            "mean_information_se_uncorrected": dict(zip(names, map(float, S.mean(0)))),
                            "max_mod_eig_A_transformed_max_over_reps": float(max(eig))})
            print(f"N={N} T={T} done {time.time() - t0:.0f}s", file=sys.stderr)
    out = {"provenance": {"script": f"reference/py/scripts/dynamic_sdpd.py mc {R}", "python": sys.version.split()[0],
                          "numpy": np.__version__, "scipy": scipy.__version__, "seed": "numpy default_rng(20261201), one stream over designs in order (N, T) = (100,10), (100,20), (400,10), (400,20)",
                          "runtime_seconds": round(time.time() - t0, 1)},
           "design": {"model": "y_t = tau y_{t-1} + eta W y_{t-1} + rho W y_t + x_t beta + W x_t theta + mu + alpha_t 1 + e_t",
                      "true": true, "W": "rook contiguity on an m x m lattice (m = 10, 20), row-standardised",
                      "draws_per_replication": "mu_i ~ N(0,1), alpha_t ~ N(0,1), x_it ~ N(0,1), e_it ~ N(0,1), all independent; y_{-50} = 0, 50 burn-in periods, then y_0 and t = 1..T kept",
                      "estimators": "uncorrected: Lee & Yu (2010) transformation QML (two-way, n = N-1); bias_corrected: theta + Sigma^{-1} a / T (n = N-1, W* = F' W F)",
                      "optimiser": "minimize_scalar bounded, xatol 1e-10 (no polish)"},
           "designs": designs,
           "reading": READING}
    json.dump(out, open(os.path.join(FIX, "reference", "py", "dynamic_montecarlo.json"), "w"), indent=1)
    # markdown table
    print("| N | T | param | true | bias (QML) | MC SE | bias (corrected) | MC SE |")
    print("|---|---|---|---|---|---|---|---|")
    for dsg in designs:
        for k in names:
            u = dsg["uncorrected"][k]; c = dsg["bias_corrected"][k]
            print(f"| {dsg['N']} | {dsg['T']} | {k} | {true[k]} | {u['bias']:.4f} | {u['mc_se']:.4f} | {c['bias']:.4f} | {c['mc_se']:.4f} |")


if __name__ == "__main__":
    if sys.argv[1] == "check":
        check()
    else:
        montecarlo(int(sys.argv[2]) if len(sys.argv) > 2 else 200)
