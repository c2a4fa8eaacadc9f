## 42_produc_spgm_random_iv.R -- random-effects spatial panel GM with endogenous regressors, and splm's lag-only
## random-effects estimator (EC2SLS), on produc (48 states x 17 years, usaww), splm 1.6-5 spgm().
## Output: shared/reference/r/produc_spgm_random_iv.json
## Run: Rscript reference/r/scripts/42_produc_spgm_random_iv.R (from the shared folder; splm on the library path)
##
## Model: y = lambda W y + X b + Y g + u, u = rho W u + e, e = mu + v (splm's names: lambda the LAG, rho the ERROR).
## Y = log(pcap) endogenous, instruments log(hwy), log(water).
## Cases (model = "random"): random_error_endog (KKP error model), random_sarar_endog (lag + error), and the
## spatial.error = FALSE estimators, which splm computes with ivsplm(method = "ec2sls") (Baltagi 1981 EC2SLS):
## random_lag (no endogenous regressor), random_lag_endog, random_iv_endog (no spatial term, listw = NULL).
## Stored per case: splm's coefficients, sqrt(diag(vcov)), errcomp (error models) or sigma^2_v / sigma^2_1 (EC2SLS).
## ec2sls_*: the EC2SLS written out here from Baltagi (2008, sec. 7.2) with lm() only -- within 2SLS, between 2SLS
## (sigma_v^2 = e_W'e_W/(N(T-1) - k - p), sigma_1^2 = T e_B'e_B/(N - k - 1 - p), p endogenous incl. W y),
## y* = Q y/sigma_v + P y/sigma_1, 2SLS of y* on Z* with instruments A = [QX, PX, QH, PH] (H: external instruments and
## W X, W^2 X of the within / between data for the lag); covariance s^2 (Z*'P_A Z*)^-1, s^2 = e*'e*/(NT - k - 1 - p)
## as splm. splm 1.6-5 overwrites its stored sigma1 with sigma^2_v in the lag + endogenous case (ivplm.ec2sls:
## `res$sigma1 <- sigma2v1`); the written-out sigma^2_1 is the one used in its coefficients.
source(file.path(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))), "common.R"))
suppressPackageStartupMessages({ library(spdep); library(splm) })

pr <- read_produc()
Wm <- read_usaww()
stopifnot(identical(unique(pr$state), rownames(Wm)), max(abs(rowSums(Wm) - 1)) < 1e-14)
lw <- spdep::mat2listw(Wm, style = "W")
fm <- log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp
fe <- log(gsp) ~ log(pc) + log(emp) + unemp
iv <- 'endog = ~ log(pcap), instruments = ~ log(hwy) + log(water)'
nv <- function(x) as.list(x)
one <- function(s) {
  se <- sqrt(diag(as.matrix(s$vcov)))
  names(se) <- names(s$coefficients)
  ec <- if (is.null(s$errcomp)) NULL else { e <- as.numeric(s$errcomp); names(e) <- rownames(s$errcomp); nv(e) }
  out <- list(coefficients = nv(s$coefficients), se = nv(se), errcomp = ec, type = s$type)
  if (is.null(s$errcomp)) out$splm_sigma <- list(sigmav = s$sigmav, sigma1 = s$sigma1)
  out
}
RES <- list()
run <- function(key, code) RES[[key]] <<- one(EV(key, code))
run("random_error_endog", sprintf('spgm(fe, data = pr, listw = lw, model = "random", lag = FALSE, spatial.error = TRUE, %s)', iv))
run("random_sarar_endog", sprintf('spgm(fe, data = pr, listw = lw, model = "random", lag = TRUE, spatial.error = TRUE, %s)', iv))
run("random_lag", 'spgm(fm, data = pr, listw = lw, model = "random", lag = TRUE, spatial.error = FALSE)')
run("random_lag_endog", sprintf('spgm(fe, data = pr, listw = lw, model = "random", lag = TRUE, spatial.error = FALSE, %s)', iv))
run("random_iv_endog", sprintf('spgm(fe, data = pr, listw = NULL, model = "random", lag = FALSE, spatial.error = FALSE, %s)', iv))
for (m in c("weights", "fullweights"))
  run(paste0("random_sarar_endog_", m), sprintf('spgm(fe, data = pr, listw = lw, model = "random", lag = TRUE, spatial.error = TRUE, moments = "%s", %s)', m, iv))
run("random_error_endog_fullweights", sprintf('spgm(fe, data = pr, listw = lw, model = "random", lag = FALSE, spatial.error = TRUE, moments = "fullweights", %s)', iv))

## EC2SLS written out (Baltagi 2008, sec. 7.2), rows sorted (year, state) as spgm does.
po <- pr[order(pr$year, match(pr$state, rownames(Wm))), ]
N <- 48L; TT <- 17L; NT <- N * TT
ind <- rep(1:N, TT)
Wl <- function(v) as.numeric(kronecker(diag(TT), Wm) %*% v)
Pm <- function(v) rep(tapply(v, ind, mean), TT)               # P = J_T/T kron I_N (unit means, repeated)
Qm <- function(v) v - Pm(v)
tsls <- function(y, Z, H) {                                 # 2SLS: Z's columns projected on H (all of Z; exogenous ones are in H)
  Zp <- apply(Z, 2, function(z) fitted(lm(z ~ H - 1)))
  d <- solve(crossprod(Zp), crossprod(Zp, y)); e <- as.numeric(y - Z %*% d)
  list(d = as.numeric(d), e = e, Zp = Zp)
}
ec2sls <- function(y, X, Yend, Hext) {                      # X without intercept; Yend endogenous (incl. W y); Hext external + spatial instruments
  k <- ncol(X); p <- ncol(Yend)
  w <- tsls(Qm(y), cbind(apply(Yend, 2, Qm), apply(X, 2, Qm)), cbind(apply(X, 2, Qm), apply(Hext, 2, Qm)))
  s2v <- sum(w$e^2) / (N * (TT - 1) - k - p)
  b <- tsls(Pm(y), cbind(apply(Yend, 2, Pm), 1, apply(X, 2, Pm)), cbind(1, apply(X, 2, Pm), apply(Hext, 2, Pm)))
  s21 <- sum(b$e^2) / (N - k - 1 - p)                       # sum over NT of P e squared = T sum_i ebar_i^2
  st <- function(v) Qm(v) / sqrt(s2v) + Pm(v) / sqrt(s21)
  Zs <- cbind(apply(Yend, 2, st), st(rep(1, NT)), apply(X, 2, st))
  A <- cbind(apply(X, 2, Qm), 1, apply(X, 2, Pm), apply(Hext, 2, Qm), apply(Hext, 2, Pm))
  f <- tsls(st(y), Zs, A)
  s2 <- sum(f$e^2) / (NT - ncol(Zs)); V <- s2 * solve(crossprod(f$Zp))
  list(coefficients = f$d, se = sqrt(diag(V)), sigma2_v = s2v, sigma2_1 = s21, theta = 1 - sqrt(s2v / s21))
}
y <- log(po$gsp)
X4 <- cbind(log(po$pcap), log(po$pc), log(po$emp), po$unemp)
X3 <- X4[, -1]
Y1 <- cbind(log(po$pcap)); Q <- cbind(log(po$hwy), log(po$water))
wlags <- function(X) { WX <- apply(cbind(1, X), 2, Wl); cbind(WX, apply(WX, 2, Wl)) }
pack <- function(r, names) { names(r$coefficients) <- names; names(r$se) <- names; r$coefficients <- nv(r$coefficients); r$se <- nv(r$se); r }
RES$ec2sls_random_lag <- pack(ec2sls(y, X4, cbind(Wl(y)), wlags(X4)), c("lambda", "(Intercept)", "log(pcap)", "log(pc)", "log(emp)", "unemp"))
RES$ec2sls_random_lag_endog <- pack(ec2sls(y, X3, cbind(Y1, Wl(y)), cbind(Q, wlags(X3))), c("log(pcap)", "lambda", "(Intercept)", "log(pc)", "log(emp)", "unemp"))
RES$ec2sls_random_iv_endog <- pack(ec2sls(y, X3, Y1, Q), c("log(pcap)", "(Intercept)", "log(pc)", "log(emp)", "unemp"))
for (key in c("random_lag", "random_lag_endog", "random_iv_endog")) {
  a <- unlist(RES[[key]]$coefficients); b <- unlist(RES[[paste0("ec2sls_", key)]]$coefficients)
  sa <- unlist(RES[[key]]$se); sb <- unlist(RES[[paste0("ec2sls_", key)]]$se)
  d <- max(abs(a - b[names(a)]) / abs(a), abs(sa - sb[names(a)]) / sa)
  say(key, "splm vs written-out EC2SLS, max relative difference", format(d))
  RES[[paste0("ec2sls_", key)]]$max_rel_diff_splm <- d
}

out <- list(provenance = c(provenance("42_produc_spgm_random_iv.R"), list(calls = calls_recorded())),
  conventions = list(data = "produc.csv rows sorted by spgm into (year, state); usaww in the file's state order",
    naming = "splm: lambda = spatial LAG coefficient, rho = spatial ERROR coefficient; errcomp rows rho, sigma^2_v, sigma^2_1, theta",
    std_errors = "sqrt(diag(vcov)) of the regression coefficients (splm gives no standard error for rho or the variances)",
    endogenous = "log(pcap), instruments log(hwy), log(water)",
    ec2sls_note = "spatial.error = FALSE with model = 'random' is splm's ivsplm(method = 'ec2sls'); ec2sls_* write it out from Baltagi's formulas; splm's stored sigma1 is sigma^2_v in the lag + endogenous case (a reporting slip, the coefficients use sigma^2_1)"),
  results = RES)
write_json_full(out, file.path(DIR_REF, "r", "produc_spgm_random_iv.json"))
say("done")
