## 38_produc_gspre.R -- the generalized spatial panel random-effects model (GSPRE; Baltagi, Egger & Pfaffermayr 2013,
## Econometric Reviews 32) on produc (48 states x 17 years, usaww), with its special cases.
## Output: shared/reference/r/produc_gspre.json
## Run: Rscript reference/r/scripts/38_produc_gspre.R (from the shared folder); splm is used when installed (never installed here)
##
## y = X b + u,  u = (iota_T kron B1^-1) mu + (I_T kron B2^-1) v,  B1 = I - lambda_mu W,  B2 = I - lambda W,
## mu ~ N(0, sigma_mu^2 I_N), v ~ N(0, sigma_v^2 I_NT), phi = sigma_mu^2 / sigma_v^2. Time-major stacking (t slow, i fast):
##   Omega = J_T kron (phi (B1'B1)^-1) + I_T kron (B2'B2)^-1,   Var(u) = sigma_v^2 Omega.
## Written from these formulas with the NT x NT Omega formed DENSELY and factored by chol() at every evaluation (no
## algebraic shortcut, so that the library's sparse identities are checked against the definition):
##   ln L = -NT/2 (ln(2 pi) + 1) - NT/2 ln(sigma2) - 1/2 ln|Omega|,  beta = GLS, sigma2 = e'Omega^-1 e / NT.
## Special cases: lambda_mu = lambda (Kapoor, Kelejian & Prucha 2007, splm "sem2re"), lambda_mu = 0 (Anselin 1988 /
## Baltagi et al. 2003, splm "semre" = spml(spatial.error = "b")), lambda = 0 (spatial effects only).
## Optimiser: nlminb on (ln phi, lambda_mu, lambda) (rel.tol 1e-15) then optim BFGS (reltol 1e-16); gradient at the
## optimum reported. Standard errors as splm: beta from sigma2 (X'Omega^-1 X)^-1, (phi, lambda_mu, lambda) from the
## inverse negative numDeriv::hessian (Richardson) of the concentrated log-likelihood in (phi, lambda_mu, lambda).
source(file.path(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))), "common.R"))
source(file.path(DIR_R, "panel_helpers.R"))
have_splm <- requireNamespace("splm", quietly = TRUE)
if (have_splm) suppressPackageStartupMessages({ library(spdep); library(splm) })

pr <- read_produc()
Wm <- read_usaww()
stopifnot(identical(unique(pr$state), rownames(Wm)))
N <- 48L; TT <- 17L; NT <- N * TT
xn <- c("(Intercept)", "log(pcap)", "log(pc)", "log(emp)", "unemp")
## time-major vectors: element (t - 1) N + i
tm <- function(v) as.vector(matrix(v, nrow = N, byrow = TRUE))
y <- tm(log(pr$gsp))
X <- cbind(1, tm(log(pr$pcap)), tm(log(pr$pc)), tm(log(pr$emp)), tm(pr$unemp)); colnames(X) <- xn
ev <- Re(eigen(Wm, only.values = TRUE)$values)
lo <- 1 / min(ev); hi <- 1 / max(ev)
I_N <- diag(N); J_T <- matrix(1, TT, TT); I_T <- diag(TT)

omega <- function(phi, lmu, l) {
  B1 <- I_N - lmu * Wm; B2 <- I_N - l * Wm
  kronecker(J_T, phi * solve(crossprod(B1))) + kronecker(I_T, solve(crossprod(B2)))
}
profile <- function(phi, lmu, l) {
  O <- omega(phi, lmu, l)
  R <- chol(O)                                   # O = R'R
  Xs <- backsolve(R, X, transpose = TRUE); ys <- backsolve(R, y, transpose = TRUE)
  f <- lm.fit(Xs, ys)
  sse <- sum(f$residuals^2)
  logdet <- 2 * sum(log(diag(R)))
  list(ll = -NT / 2 * (log(2 * pi) + 1) - NT / 2 * log(sse / NT) - logdet / 2, beta = f$coefficients, sse = sse,
       xtx = crossprod(Xs), logdet = logdet)
}

## form: which of (lambda_mu, lambda) are free. p = (ln phi, free spatial parameters).
unpack <- function(p, form) switch(form,
  general = c(exp(p[1]), p[2], p[3]), kkp = c(exp(p[1]), p[2], p[2]),
  anselin = c(exp(p[1]), 0, p[2]), effects_only = c(exp(p[1]), p[2], 0))
fit_form <- function(form, start) {
  obj <- function(p) { q <- unpack(p, form); -profile(q[1], q[2], q[3])$ll }
  np <- if (form == "general") 3 else 2
  lower <- c(-20, rep(lo + 1e-6, np - 1)); upper <- c(10, rep(hi - 1e-6, np - 1))
  o <- nlminb(start[1:np], obj, lower = lower, upper = upper, control = list(rel.tol = 1e-15, x.tol = 1.5e-18, eval.max = 2000, iter.max = 1000))
  o2 <- optim(o$par, obj, method = "BFGS", control = list(reltol = 1e-16, maxit = 2000, ndeps = rep(1e-6, np)))
  p <- if (o2$value < o$objective) o2$par else o$par
  q <- unpack(p, form); pf <- profile(q[1], q[2], q[3])
  s2 <- pf$sse / NT
  covB <- s2 * solve(pf$xtx); dimnames(covB) <- list(xn, xn)
  ## error components in splm's parametrisation (phi, not ln phi)
  conc <- function(th) { full <- switch(form, general = th, kkp = c(th[1], th[2], th[2]), anselin = c(th[1], 0, th[2]),
                                        effects_only = c(th[1], th[2], 0)); profile(full[1], full[2], full[3])$ll }
  th <- switch(form, general = q, kkp = q[1:2], anselin = q[c(1, 3)], effects_only = q[1:2])
  thn <- switch(form, general = c("phi", "lambda_mu", "lambda"), kkp = c("phi", "lambda"), anselin = c("phi", "lambda"),
                effects_only = c("phi", "lambda_mu"))
  H <- numDeriv::hessian(conc, th)
  V <- solve(-H); dimnames(V) <- list(thn, thn)
  g <- numDeriv::grad(conc, th)
  list(form = form, phi = q[1], lambda_mu = q[2], lambda = q[3], beta = nv(setNames(pf$beta, xn)),
       beta_se = nv(setNames(sqrt(diag(covB)), xn)), sigma2 = s2, sigma2_mu = q[1] * s2, logLik = pf$ll,
       error_components_se = nv(setNames(sqrt(diag(V)), thn)), error_components_vcov = mat_json(V),
       gradient_at_optimum = nv(setNames(g, thn)), log_det_omega = pf$logdet,
       residuals_gls = arr(y - X %*% pf$beta))
}

say("fitting")
RES <- list()
RES$anselin <- fit_form("anselin", c(0, 0.5))
RES$kkp <- fit_form("kkp", c(0, 0.5))
RES$effects_only <- fit_form("effects_only", c(0, 0.5))
## general: started from the better of the restricted optima, and from a neutral point; the best is kept
st <- list(c(log(RES$anselin$phi), 0, RES$anselin$lambda), c(log(RES$kkp$phi), RES$kkp$lambda, RES$kkp$lambda))
gens <- lapply(st, function(s) fit_form("general", s))
RES$general <- gens[[which.max(sapply(gens, `[[`, "logLik"))]]
RES$general_starts <- lapply(gens, function(g) list(logLik = g$logLik, phi = g$phi, lambda_mu = g$lambda_mu, lambda = g$lambda))
say("general", RES$general$logLik, RES$general$phi, RES$general$lambda_mu, RES$general$lambda)

write_out <- function() {
out <- list(provenance = c(provenance("38_produc_gspre.R"), list(calls = calls_recorded())),
  conventions = list(data = PANEL_CONVENTIONS$data, weights = PANEL_CONVENTIONS$weights,
    model = "y = X b + u, u = (iota_T kron (I - lambda_mu W)^-1) mu + (I_T kron (I - lambda W)^-1) v; X = (Intercept), log(pcap), log(pc), log(emp), unemp",
    omega = "Omega = J_T kron phi (B1'B1)^-1 + I_T kron (B2'B2)^-1, formed densely (NT x NT) and factored by chol at every evaluation",
    loglik = "-NT/2 (ln(2 pi) + 1) - NT/2 ln(e'Omega^-1 e / NT) - 1/2 ln|Omega| (the full log-likelihood at the concentrated beta, sigma2)",
    optimiser = "nlminb (rel.tol 1e-15) then optim BFGS (reltol 1e-16) on (ln phi, free spatial parameters); general form started from the anselin and kkp optima",
    std_errors = "beta: sigma2 (X'Omega^-1 X)^-1; error components: inverse negative numDeriv::hessian of the concentrated log-likelihood in (phi, spatial parameters)",
    residuals = "residuals_gls = y - X beta, time-major (element (t-1) N + i)",
    splm_sigma2 = "splm sigma2 = (one = sigma_mu^2 + sigma_v^2, idios = sigma_v^2, id = sigma_mu^2)"),
  results = RES)
write_json_full(out, file.path(DIR_REF, "r", "produc_gspre.json"))
}
write_out()
say("own fits written")
if (have_splm) {
  EV("fm", 'fm <- log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp')
  sp <- function(name, errors) {
    t0 <- proc.time()[["elapsed"]]
    f <- EV(name, sprintf('spreml(fm, data = pr, index = c("state", "year"), w = Wm, lag = FALSE, errors = "%s")', errors))
    el <- proc.time()[["elapsed"]] - t0
    list(errors = errors, coefficients = nv(f$coefficients), errcomp = nv(f$errcomp), sigma2 = arr(sapply(f$sigma2, as.numeric)),
         logLik = as.numeric(f$logLik), beta_se = nv(sqrt(diag(f$vcov))),
         errcomp_se = nv(sqrt(diag(as.matrix(f$vcov.errcomp)))), seconds = el)
  }
  for (e in c("semre", "sem2re", "semgre")) {
    RES[[paste0("splm_", e)]] <- tryCatch(sp(paste0("spreml_", e), e), error = function(err) list(error = conditionMessage(err)))
    write_out()
  }
  RES$splm_note <- paste("splm spreml: semgre errcomp = (phi, rho1, rho2) with rho1 the effects' (our lambda_mu) and rho2 the",
    "remainder's (our lambda) spatial parameter; sem2re (KKP) errcomp = (phi, rho); semre (Anselin) errcomp = (phi, rho).",
    "splm maximises by nlminb from zeros at rel.tol 1e-15 and takes the errcomp Hessian by nlme::fdHess (no extrapolation).")
}

write_out()
say("done")
