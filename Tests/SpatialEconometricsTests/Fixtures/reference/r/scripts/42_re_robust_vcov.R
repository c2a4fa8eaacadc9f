## 42_re_robust_vcov.R -- peers for the sandwich covariances of the random-effects ML fits (RandomEffectsRegression,
## covariance: robust, cluster, dkraay), non-spatial model: at the ML phi the beta block of the full sandwich is the
## least-squares sandwich of the quasi-demeaned (GLS) regression, because the information matrix is block diagonal
## between beta and (phi, sigma_e^2) -- what Stata's `xtreg, re vce(robust)` reports (quasi-demeaned data clustered by
## panel) and what plm::vcovHC(method = "arellano") / vcovSCC compute on a pooled regression of the quasi-demeaned data.
## Output: shared/reference/r/re_robust_vcov.json
## Run: Rscript reference/r/scripts/42_re_robust_vcov.R (from the shared folder)
##
##  produc  log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp, random effects by ML:
##          phi = sigma_mu^2 / sigma_e^2 solves the profile score (beta by GLS, sigma_e^2 = SSE/NT concentrated out),
##          d lnL/d phi = -NT/2 (dSSE/dphi)/SSE - NT/(2 (1 + T phi)), dSSE/dphi = -T (1 + T phi)^-3/2 sum e*_it ubar_i,
##          by uniroot (tol 1e-14); cross-checked against nlme::lme(method = "ML").
##          Quasi-demeaned data v* = v - psi vbar_i, psi = 1 - (1 + T phi)^-1/2; lm on them (plm drops the
##          quasi-demeaned intercept): sandwich::vcovCL (by state, HC0; = plm vcovHC arellano), vcovHC (HC0),
##          vcovPL (Driscoll-Kraay, 2 Bartlett lags 1 - l/(L + 1); = plm vcovSCC), each also by hand. No small-sample factors (the library's
##          G/(G-1) and m/(m-1) are applied by the test).
source(file.path(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))), "common.R"))
suppressPackageStartupMessages({ library(sandwich); library(nlme) })
ORACLE_PKGS <- c(ORACLE_PKGS, "sandwich", "nlme")

pr <- read_produc()
N <- 48; TT <- 17; NT <- N * TT
y <- log(pr$gsp)
X <- cbind("(Intercept)" = 1, "log(pcap)" = log(pr$pcap), "log(pc)" = log(pr$pc), "log(emp)" = log(pr$emp), unemp = pr$unemp)
unit <- pr$state
quasi <- function(v, psi) v - psi * ave(v, unit)
profile <- function(phi) {
  psi <- 1 - 1 / sqrt(1 + TT * phi)
  ys <- quasi(y, psi); Xs <- apply(X, 2, quasi, psi = psi)
  f <- lm.fit(Xs, ys)
  u <- y - X %*% f$coefficients
  list(beta = f$coefficients, es = f$residuals, ubar = ave(as.numeric(u), unit), sse = sum(f$residuals^2), ys = ys, Xs = Xs, psi = psi)
}
score <- function(phi) {
  p <- profile(phi)
  dsse <- -TT * (1 + TT * phi)^(-1.5) * sum(p$es * p$ubar)
  -NT / 2 * dsse / p$sse - NT / (2 * (1 + TT * phi))
}
EV("ml_phi", 'phi <- uniroot(score, c(1, 100), tol = 1e-14)$root')
fit <- profile(phi)
sigma2 <- fit$sse / NT
EV("lme_ml", 'lme_fit <- nlme::lme(log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp, random = ~ 1 | state, data = pr, method = "ML")')
lme_phi <- as.numeric(VarCorr(lme_fit)[1, "Variance"]) / as.numeric(VarCorr(lme_fit)[2, "Variance"])
stopifnot(abs(lme_phi / phi - 1) < 1e-4)

qd <- data.frame(state = pr$state, year = pr$year, ys = fit$ys, fit$Xs, check.names = FALSE)
names(qd)[4:8] <- c("c0", "x1", "x2", "x3", "x4")
## plm drops the quasi-demeaned intercept (a constant column 1 - psi) from a pooling fit without an intercept, so the
## regression is lm() and the sandwiches are sandwich's: vcovCL (clustered by state, HC0, no G/(G-1)), vcovHC (HC0) and
## vcovPL (Driscoll-Kraay: sums by year, Bartlett lags 2, no adjustment), each checked against the formula by hand.
EV("qd_lm", 'ols <- lm(ys ~ 0 + c0 + x1 + x2 + x3 + x4, data = qd)')
stopifnot(max(abs(coef(ols) - fit$beta)) < 1e-10)
EV("arellano", 'cl <- sandwich::vcovCL(ols, cluster = ~ state, type = "HC0", cadjust = FALSE)')
EV("white1", 'hc0 <- sandwich::vcovHC(ols, type = "HC0")')
EV("scc", 'scc <- sandwich::vcovPL(ols, cluster = ~ state, order.by = ~ year, lag = 2, kernel = "Bartlett", adjust = FALSE)')
Xs <- fit$Xs; s <- Xs * fit$es; bread <- solve(crossprod(Xs))
Sg <- rowsum(s, pr$state); Ht <- rowsum(s, pr$year)
dk <- crossprod(Ht); for (l in 1:2) { w <- 1 - l / 3; O <- crossprod(Ht[(l + 1):TT, , drop = FALSE], Ht[1:(TT - l), , drop = FALSE]); dk <- dk + w * (O + t(O)) }
stopifnot(max(abs(cl - bread %*% crossprod(Sg) %*% bread)) < 1e-10 * max(abs(cl)),
          max(abs(hc0 - bread %*% crossprod(s) %*% bread)) < 1e-10 * max(abs(hc0)),
          max(abs(scc - bread %*% dk %*% bread)) < 1e-10 * max(abs(scc)))
names_ <- colnames(X)
fix <- function(m) { dimnames(m) <- list(names_, names_); m }

out <- list(
  provenance = c(provenance("42_re_robust_vcov.R"), list(calls = calls_recorded())),
  conventions = list(
    model = "non-spatial random effects by ML, phi = sigma_mu^2/sigma_e^2, sigma2 = sigma_e^2 = SSE*/NT",
    beta_block = "the beta block of the sandwich of (beta, phi, sigma_e^2) with the information-matrix bread equals the least-squares sandwich of the quasi-demeaned regression (information block diagonal)",
    factors = "none here (HC0); the library applies G/(G-1) (cluster) and m/(m-1) (robust); Driscoll-Kraay none"),
  produc = list(phi = phi, lme_phi = lme_phi, sigma2 = sigma2, beta = nv(setNames(as.numeric(fit$beta), names_)),
                arellano = mat_json(fix(cl)), white1 = mat_json(fix(hc0)), scc = mat_json(fix(scc))))
write_json_full(out, file.path(DIR_REF, "r", "re_robust_vcov.json"))
