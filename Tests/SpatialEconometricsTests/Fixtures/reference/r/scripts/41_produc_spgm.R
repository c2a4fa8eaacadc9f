## 41_produc_spgm.R -- spatial panel GM (Kapoor, Kelejian & Prucha 2007; Mutl & Pfaffermayr 2011) on produc
## (48 states x 17 years, usaww), splm 1.6-5 spgm().
## Output: shared/reference/r/produc_spgm.json
## Run: Rscript reference/r/scripts/41_produc_spgm.R (from the shared folder; splm on the library path)
##
## Model: y = lambda W y + X b + u, u = rho W u + e, e = mu + v (splm's names: lambda the LAG, rho the ERROR parameter).
## Cases: model = "within" (lag + error, error only, lag only), model = "random" (error; lag + error) with
## moments "initial" (splm's default), "weights" and "fullweights"; and external instruments for an endogenous
## log(pcap) (instruments log(hwy), log(water); within, error and lag + error; random error).
## Stored per case: splm's coefficients, sqrt(diag(vcov)) and errcomp (rho, sigma^2_v, sigma^2_1, theta) as returned.
## splm's GM step minimises the moments with nlminb (default control), so its (rho, sigma^2_v, sigma^2_1) are the
## minimiser to nlminb's tolerance; `exact_*` entries redo the first GM step with nlminb at rel.tol 1e-15 (the
## `control` argument is passed only for the error models) to show that tolerance.
source(file.path(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))), "common.R"))
suppressPackageStartupMessages({ library(spdep); library(splm) })

pr <- read_produc()
Wm <- read_usaww()
stopifnot(identical(unique(pr$state), rownames(Wm)), max(abs(rowSums(Wm) - 1)) < 1e-14)
lw <- spdep::mat2listw(Wm, style = "W")
fm <- log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp
fe <- log(gsp) ~ log(pc) + log(emp) + unemp
nv <- function(x) as.list(x)
one <- function(s) {
  if (is.null(names(s$coefficients))) names(s$coefficients) <- colnames(as.matrix(s$vcov))   # random error model: unnamed
  if (is.null(names(s$coefficients))) names(s$coefficients) <- c("(Intercept)", "log(pcap)", "log(pc)", "log(emp)", "unemp")
  se <- sqrt(diag(as.matrix(s$vcov)))
  names(se) <- names(s$coefficients)
  ec <- if (is.null(s$errcomp)) NULL else { e <- as.numeric(s$errcomp); names(e) <- rownames(s$errcomp); nv(e) }
  list(coefficients = nv(s$coefficients), se = nv(se), errcomp = ec, type = if (is.null(s$type)) "spatial w2sls" else s$type)
}
RES <- list()
run <- function(key, code) RES[[key]] <<- one(EV(key, code))
run("within_sarar", 'spgm(fm, data = pr, listw = lw, model = "within", lag = TRUE, spatial.error = TRUE)')
run("within_error", 'spgm(fm, data = pr, listw = lw, model = "within", lag = FALSE, spatial.error = TRUE)')
run("within_lag", 'spgm(fm, data = pr, listw = lw, model = "within", lag = TRUE, spatial.error = FALSE)')
for (m in c("initial", "weights", "fullweights")) {
  run(paste0("random_error_", m), sprintf('spgm(fm, data = pr, listw = lw, model = "random", lag = FALSE, spatial.error = TRUE, moments = "%s")', m))
  run(paste0("random_sarar_", m), sprintf('spgm(fm, data = pr, listw = lw, model = "random", lag = TRUE, spatial.error = TRUE, moments = "%s")', m))
}
run("within_error_endog", 'spgm(fe, data = pr, listw = lw, model = "within", lag = FALSE, spatial.error = TRUE, endog = ~ log(pcap), instruments = ~ log(hwy) + log(water))')
run("within_sarar_endog", 'spgm(fe, data = pr, listw = lw, model = "within", lag = TRUE, spatial.error = TRUE, endog = ~ log(pcap), instruments = ~ log(hwy) + log(water))')
run("within_lag_endog", 'spgm(fe, data = pr, listw = lw, model = "within", lag = TRUE, spatial.error = FALSE, endog = ~ log(pcap), instruments = ~ log(hwy) + log(water))')
tight <- list(rel.tol = 1e-15, x.tol = 1e-15, eval.max = 10000, iter.max = 10000)
run("exact_within_error", 'spgm(fm, data = pr, listw = lw, model = "within", lag = FALSE, spatial.error = TRUE, control = tight)')
run("exact_random_error_initial", 'spgm(fm, data = pr, listw = lw, model = "random", lag = FALSE, spatial.error = TRUE, moments = "initial", control = tight)')
run("exact_random_error_fullweights", 'spgm(fm, data = pr, listw = lw, model = "random", lag = FALSE, spatial.error = TRUE, moments = "fullweights", control = tight)')

## moments = "weights": splm's nlminb stops with "false convergence (8)" after 2 iterations on produc, at the starting
## values (the initial estimates), for both random models. The minimum of splm's own objective (its arg1 with its
## moment matrices, built here with splm's internal functions) is found by Nelder-Mead (reltol 1e-16, scaled) polished
## by nlminb, and for the error model the final GLS step is redone on it (splm's formulas, written out).
suppressPackageStartupMessages(library(Matrix))
po <- pr[order(pr$year, match(pr$state, rownames(Wm))), ]
N <- 48L; TT <- 17L; NT <- N * TT
yv <- log(po$gsp); xm <- cbind("(Intercept)" = 1, "log(pcap)" = log(po$pcap), "log(pc)" = log(po$pc), "log(emp)" = log(po$emp), unemp = po$unemp)
Ws <- kronecker(Diagonal(TT), Matrix(Wm))
weights_min <- function(Ggw, start, ss, SS) {
  f <- function(p) as.numeric(splm:::arg1(p, v = Ggw, t = TT, ss = ss, SS = SS, verbose = FALSE))
  o <- optim(start, f, method = "Nelder-Mead", control = list(reltol = 1e-16, maxit = 50000, parscale = abs(start)))
  o2 <- nlminb(o$par, f, lower = c(-0.999, 0, 0), upper = c(0.999, Inf, Inf), control = list(rel.tol = 1e-15))
  p <- if (o2$objective <= o$value) o2$par else o$par
  list(par = p, objective = f(p), splm_start_objective = f(start))
}
## random error model
res <- as.matrix(residuals(lm(yv ~ xm - 1)))
Gg <- splm:::fs(Ws, res, N, TT)
wres <- as.matrix(Ws %*% res)
e1 <- nlminb(c(solve(crossprod(res), crossprod(res, wres)), crossprod(res) / NT), splm:::arg, v = Gg, verbose = FALSE, lower = c(-0.999, 0), upper = c(0.999, Inf))
S1 <- as.numeric(crossprod(res - e1$par[1] * Gg$ub, Gg$Q1u - e1$par[1] * Gg$Q1ub) / N)
Ggw <- splm:::pw(bigG = Gg$bigG, smallg = Gg$smallg, Q1u = Gg$Q1u, Q1ub = Gg$Q1ub, Q1ubb = Gg$Q1ubb, u = res, ub = Gg$ub, ubb = Gg$ubb, N = N, TR = Gg$TR)
m <- weights_min(Ggw, c(e1$par, S1), e1$par[2], S1)
th <- 1 - sqrt(m$par[2] / m$par[3]); ind <- rep(1:N, TT)
gls <- function(v) { v <- as.numeric(v - m$par[1] * as.matrix(Ws %*% v)); v - th * rep(tapply(v, ind, mean), TT) }
xf <- apply(xm, 2, gls); yf <- gls(yv)
b <- solve(crossprod(xf), crossprod(xf, yf)); V <- m$par[2] * solve(crossprod(xf))
RES$weights_minimum_random_error <- list(coefficients = nv(setNames(as.numeric(b), colnames(xm))), se = nv(setNames(sqrt(diag(V)), colnames(xm))),
  errcomp = list(rho = m$par[1], "sigma^2_v" = m$par[2], "sigma^2_1" = m$par[3], theta = th),
  objective = m$objective, splm_objective = m$splm_start_objective)
## random SARAR: the error parameters only
r1 <- splm:::ivplm.w2sls(Y = yv, X = xm, lag = TRUE, listw = Ws, listw2 = Ws, twow = FALSE, lag.instruments = FALSE, t = TT, N = N, NT = NT, Durbin = FALSE, xdur = NULL)
r2 <- splm:::ivplm.b2sls(Y = yv, X = xm, lag = TRUE, listw = Ws, listw2 = Ws, twow = FALSE, lag.instruments = FALSE, t = TT, N = N, NT = NT, Durbin = FALSE, xdur = NULL)
res1 <- as.matrix(as.numeric(residuals(r1))); res2 <- as.matrix(as.numeric(residuals(r2)))
Gg <- splm:::fswithin(Ws, res1, N, TT)
wres <- as.matrix(Ws %*% res1)
e1 <- nlminb(c(solve(crossprod(res1), crossprod(res1, wres)), crossprod(res1) / NT), splm:::arg, v = Gg, verbose = FALSE, lower = c(-0.999, 0), upper = c(0.999, Inf))
S1 <- as.numeric(crossprod(res2 - e1$par[1] * as.matrix(Matrix(Wm) %*% res2)) / N)
Ggw <- splm:::pwbetween(bigG = Gg$bigG, smallg = Gg$smallg, u = res2, N = N, t = TT, TR = Gg$TR, listw = Matrix(Wm))
m <- weights_min(Ggw, c(e1$par, S1), e1$par[2], S1)
RES$weights_minimum_random_sarar <- list(errcomp = list(rho = m$par[1], "sigma^2_v" = m$par[2], "sigma^2_1" = m$par[3], theta = 1 - sqrt(m$par[2] / m$par[3])),
  objective = m$objective, splm_objective = m$splm_start_objective)

## Driscoll-Kraay covariances of the final stage (the package's definition, no splm counterpart): with the final
## stage's regressors Zp (fitted endogenous, transformed exogenous) and transformed structural residuals e,
## g_it = zp_it e_it, h_t = sum_i g_it, B = sum_t h_t h_t' + sum_{l=1..L} (1 - l/(L+1)) sum_t (h_t h_{t-l}' + h_{t-l} h_t'),
## V = (Zp'Zp)^-1 B (Zp'Zp)^-1, lambda and the variances at splm's estimates. Written out here (dk()), and for the
## within error model (an OLS final stage) also by plm::vcovSCC(type = "HC0") on the transformed data.
L_DK <- 2L
period <- rep(seq_len(TT), each = N); ind <- rep(1:N, TT)
Wl <- function(v) as.numeric(as.matrix(Ws %*% v))
wit <- function(v) v - rep(tapply(v, ind, mean), TT)
dk <- function(Zp, e) {
  S <- rowsum(Zp * e, period); B <- crossprod(S)
  for (l in 1:L_DK) { G <- t(S[(l + 1):TT, , drop = FALSE]) %*% S[1:(TT - l), , drop = FALSE]; B <- B + (1 - l / (L_DK + 1)) * (G + t(G)) }
  A <- solve(crossprod(Zp)); A %*% B %*% A
}
xs <- xm[, -1]
## within error
r <- RES$within_error$errcomp$rho
yf <- wit(yv - r * Wl(yv)); xf <- apply(xs, 2, function(v) wit(v - r * Wl(v)))
b <- solve(crossprod(xf), crossprod(xf, yf)); e <- as.numeric(yf - xf %*% b)
V <- dk(xf, e)
dfp <- data.frame(state = po$state, year = po$year, yf = yf, x1 = xf[, 1], x2 = xf[, 2], x3 = xf[, 3], x4 = xf[, 4])
pf <- plm::plm(yf ~ x1 + x2 + x3 + x4 - 1, data = plm::pdata.frame(dfp, index = c("state", "year")), model = "pooling")
Vp <- plm::vcovSCC(pf, type = "HC0", maxlag = L_DK)
stopifnot(max(abs(V - unname(as.matrix(Vp)))) < 1e-12 * max(abs(V)))
RES$dk_within_error <- list(coefficients = nv(setNames(as.numeric(b), colnames(xs))), se = nv(setNames(sqrt(diag(V)), colnames(xs))),
  se_plm_vcovSCC = nv(setNames(sqrt(diag(Vp)), colnames(xs))), lags = L_DK)
## within SARAR
r <- RES$within_sarar$errcomp$rho
wy <- Wl(yv)
yf <- wit(yv - r * wy); wyf <- wit(wy - r * Wl(wy)); xf <- apply(xs, 2, function(v) wit(v - r * Wl(v)))
Xw <- apply(xs, 2, wit); WXw <- apply(Xw, 2, Wl); WWXw <- apply(WXw, 2, Wl)
H <- cbind(Xw, WXw, WWXw)
Zp <- cbind(lambda = fitted(lm(wyf ~ H - 1)), xf)
d <- solve(crossprod(Zp), crossprod(Zp, yf)); e <- as.numeric(yf - cbind(wyf, xf) %*% d)
V <- dk(Zp, e)
RES$dk_within_sarar <- list(coefficients = nv(setNames(as.numeric(d), colnames(Zp))), se = nv(setNames(sqrt(diag(V)), colnames(Zp))), lags = L_DK)
## random error, initial moments
ec <- RES$random_error_initial$errcomp
gl <- function(v) { f <- v - ec$rho * Wl(v); f - ec$theta * rep(tapply(f, ind, mean), TT) }
yf <- gl(yv); xf <- apply(xm, 2, gl)
b <- solve(crossprod(xf), crossprod(xf, yf)); e <- as.numeric(yf - xf %*% b)
V <- dk(xf, e)
RES$dk_random_error_initial <- list(coefficients = nv(setNames(as.numeric(b), colnames(xm))), se = nv(setNames(sqrt(diag(V)), colnames(xm))), lags = L_DK)

out <- list(provenance = c(provenance("41_produc_spgm.R"), list(calls = calls_recorded())),
  conventions = list(data = "produc.csv rows sorted by spgm into (year, state); usaww in the file's state order",
    naming = "splm: lambda = spatial LAG coefficient, rho = spatial ERROR coefficient; errcomp rows rho, sigma^2_v (, sigma^2_1, theta)",
    std_errors = "sqrt(diag(vcov)) of the regression coefficients (splm gives no standard error for rho or the variances)",
    moments_default = "initial",
    dk_note = "dk_*: Driscoll-Kraay sandwich of the final stage's moments zp_it e_it with 2 Bartlett lags at splm's (lambda, variances); written out, and checked against plm::vcovSCC for the within error model",
    weights_note = "splm's moments = 'weights' stops at nlminb false convergence (8) on produc; weights_minimum_* hold the minimum of its objective"),
  results = RES)
write_json_full(out, file.path(DIR_REF, "r", "produc_spgm.json"))
say("done")
