## 37_produc_sac.R -- the fixed-effects spatial panel SAC (lag and error) on produc (48 states x 17 years, usaww).
## Output: shared/reference/r/produc_sac.json
## Run: Rscript reference/r/scripts/37_produc_sac.R (from the shared folder)
##
## y_t = rho W y_t + X_t b + mu + alpha_t + u_t,  u_t = lambda W u_t + e_t   (xsmle model(sac); splm lag = TRUE, spatial.error = "b")
## Written from the formulas (no spatial package for the own estimates):
##  (a) exact direct approach: with A = I - rho W, B = I - lambda W per period, the residual after projecting out the
##      effects is M (B A y - B X b) (M the within projection: B (1 alpha_t) = (1 - lambda) alpha_t 1 for row-standardised W
##      and B mu is constant over time, so M after B is exact); B A y, B X formed on the ORIGINAL data, then demeaned.
##      l = -NT/2 (ln(2 pi SSE/NT) + 1) + T sum ln(1 - rho ev) + T sum ln(1 - lambda ev).
##  (b) Lee-Yu transformation, two-way: data by F_T' (time) and F_N' (space), W** = F_N' W F_N, residual
##      B**(A** y** - X** b) computed with W** on the F-transformed data (not by demeaning), (N-1)(T-1) observations,
##      Jacobian (T-1)[ln|I - rho W| - ln(1 - rho)] + (T-1)[ln|I - lambda W| - ln(1 - lambda)].
##  (c) splm's variant: W applied to the demeaned y and X (the lag of the demeaned data); and splm::spml itself.
## Standard errors: the analytical information matrix (beta, rho, lambda, sigma2) with A, B, G = W A^-1, H = W B^-1,
## K = B G B^-1 (dense, written here): I_bb = sum_t (B X_t)'(B X_t)/s2, I_b,rho = sum_t (B X_t)' B G X_t b / s2,
## I_rho,rho = sum_t |B G X_t b|^2/s2 + Tp [tr(K K) + tr(K'K)], I_rho,lambda = Tp [tr(K H) + tr(K H')],
## I_lambda,lambda = Tp [tr(H H) + tr(H'H)], I_rho,s2 = Tp tr(G)/s2, I_lambda,s2 = Tp tr(H)/s2, I_s2,s2 = nobs/(2 s2^2),
## X_t the transformed regressors (demeaned; (b): F-transformed, with W**).
source(file.path(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))), "common.R"))
source(file.path(DIR_R, "panel_helpers.R"))
have_splm <- requireNamespace("splm", quietly = TRUE)
if (have_splm) suppressPackageStartupMessages({ library(spdep); library(splm) })

pr <- read_produc()
Wm <- read_usaww()
stopifnot(identical(unique(pr$state), rownames(Wm)), max(abs(rowSums(Wm) - 1)) < 1e-14)
N <- 48L; TT <- 17L; NT <- N * TT
xn <- c("log(pcap)", "log(pc)", "log(emp)", "unemp")
toM <- function(v) matrix(v, nrow = N, byrow = TRUE)              # N x T, rows = states, columns = years
Y <- toM(log(pr$gsp))
Xs <- list(toM(log(pr$pcap)), toM(log(pr$pc)), toM(log(pr$emp)), toM(pr$unemp)); names(Xs) <- xn
ev <- Re(eigen(Wm, only.values = TRUE)$values)
lo <- 1 / min(ev) + 1e-7; hi <- 1 / max(ev) - 1e-7
dm <- function(M, effect) switch(effect,
  individual = M - rowMeans(M), time = sweep(M, 2, colMeans(M)),
  twoways = sweep(M - rowMeans(M), 2, colMeans(M)) + mean(M))
Fmat <- function(m) { e <- eigen(diag(m) - matrix(1 / m, m, m), symmetric = TRUE); e$vectors[, 1:(m - 1)] }
FT <- Fmat(TT); FN <- Fmat(N)

## Nested maximisation: for each rho the best lambda (optimize, tol 1e-12), then a polish of (rho, lambda) by optim BFGS
## on the same profile (reltol 1e-16); returns the estimate with beta, sigma2, logLik.
sac_fit <- function(resid_parts, jac, nobs) {
  ## resid_parts(r, l) -> list(y = transformed B A y, X = transformed B X) as vectors / matrix
  prof <- function(r, l) { p <- resid_parts(r, l); f <- lm.fit(p$X, p$y); sse <- sum(f$residuals^2)
    list(ll = -nobs / 2 * (log(2 * pi * sse / nobs) + 1) + jac(r, l), beta = f$coefficients, sse = sse) }
  inner <- function(r) optimize(function(l) prof(r, l)$ll, c(lo, hi), maximum = TRUE, tol = 1e-12)
  r <- optimize(function(r) inner(r)$objective, c(lo, hi), maximum = TRUE, tol = 1e-12)$maximum
  l <- inner(r)$maximum
  o <- optim(c(r, l), function(p) -prof(p[1], p[2])$ll, method = "BFGS", control = list(reltol = 1e-16, maxit = 1000, ndeps = c(1e-7, 1e-7)))
  if (-o$value > prof(r, l)$ll) { r <- o$par[1]; l <- o$par[2] }
  p <- prof(r, l)
  list(rho = r, lambda = l, beta = p$beta, sigma2 = p$sse / nobs, logLik = p$ll, sse = p$sse)
}

## Information matrix (beta, rho, lambda, sigma2) for transformed regressors Xl (list of n x T' matrices), weights Wt.
sac_info <- function(Wt, Xl, beta, rho, lambda, s2, Tp, nobs) {
  n <- nrow(Wt); I <- diag(n); A <- I - rho * Wt; B <- I - lambda * Wt
  G <- Wt %*% solve(A); H <- Wt %*% solve(B); K <- B %*% G %*% solve(B)
  k <- length(Xl); Tq <- ncol(Xl[[1]])
  BX <- lapply(seq_len(Tq), function(t) B %*% sapply(Xl, function(M) M[, t]))
  m <- lapply(seq_len(Tq), function(t) B %*% G %*% (sapply(Xl, function(M) M[, t]) %*% beta))
  Ibb <- Reduce(`+`, lapply(BX, crossprod)) / s2
  Ibr <- Reduce(`+`, lapply(seq_len(Tq), function(t) crossprod(BX[[t]], m[[t]]))) / s2
  Irr <- sum(sapply(m, function(v) sum(v^2))) / s2 + Tp * (sum(diag(K %*% K)) + sum(K * K))
  Irl <- Tp * (sum(diag(K %*% H)) + sum(K * H))
  Ill <- Tp * (sum(diag(H %*% H)) + sum(H * H))
  Irs <- Tp * sum(diag(G)) / s2; Ils <- Tp * sum(diag(H)) / s2; Iss <- nobs / (2 * s2^2)
  d <- k + 3; Inf_ <- matrix(0, d, d)
  Inf_[1:k, 1:k] <- Ibb; Inf_[1:k, k + 1] <- Inf_[k + 1, 1:k] <- Ibr
  Inf_[k + 1, k + 1] <- Irr; Inf_[k + 1, k + 2] <- Inf_[k + 2, k + 1] <- Irl; Inf_[k + 2, k + 2] <- Ill
  Inf_[k + 1, k + 3] <- Inf_[k + 3, k + 1] <- Irs; Inf_[k + 2, k + 3] <- Inf_[k + 3, k + 2] <- Ils; Inf_[k + 3, k + 3] <- Iss
  V <- solve(Inf_); nm <- c(names(beta), "rho", "lambda", "sigma2"); dimnames(V) <- list(nm, nm); V
}

fit_json <- function(f, V, likelihood, nobs) {
  se <- sqrt(diag(V)); k <- length(f$beta)
  list(rho = f$rho, lambda = f$lambda, beta = nv(f$beta), sigma2 = f$sigma2, logLik = f$logLik, observations = nobs,
       se = nv(se), vcov = mat_json(V), logLik_is = likelihood)
}

lagW <- function(M, Wt = Wm) Wt %*% M
RES <- list()
## ---------------------------------------------------------------- (a) exact direct approach
for (eff in c("individual", "time", "twoways")) {
  parts <- function(r, l) {
    AY <- Y - r * lagW(Y); BAY <- AY - l * lagW(AY)
    list(y = as.vector(dm(BAY, eff)), X = sapply(Xs, function(M) as.vector(dm(M - l * lagW(M), eff))))
  }
  f <- sac_fit(parts, function(r, l) TT * sum(log(1 - r * ev)) + TT * sum(log(1 - l * ev)), NT)
  Xd <- lapply(Xs, dm, effect = eff)
  V <- sac_info(Wm, Xd, f$beta, f$rho, f$lambda, f$sigma2, TT, NT)
  RES[[paste0("direct_", eff)]] <- fit_json(f, V, "exact direct approach: -NT/2 (ln(2 pi SSE/NT) + 1) + T ln|I - rho W| + T ln|I - lambda W|, SSE of M(B A y) on M(B X)", NT)
}
## ---------------------------------------------------------------- (b) Lee-Yu, two-way and individual
W2 <- t(FN) %*% Wm %*% FN
ys <- t(FN) %*% Y %*% FT; Xss <- lapply(Xs, function(M) t(FN) %*% M %*% FT)
nobs2 <- (N - 1) * (TT - 1)
parts2 <- function(r, l) {
  AY <- ys - r * W2 %*% ys; BAY <- AY - l * W2 %*% AY
  list(y = as.vector(BAY), X = sapply(Xss, function(M) as.vector(M - l * W2 %*% M)))
}
f <- sac_fit(parts2, function(r, l) (TT - 1) * (sum(log(1 - r * ev)) - log(1 - r) + sum(log(1 - l * ev)) - log(1 - l)), nobs2)
V <- sac_info(W2, Xss, f$beta, f$rho, f$lambda, f$sigma2, TT - 1, nobs2)
RES$leeyu_twoways <- fit_json(f, V, "Lee-Yu transformed (F_T, F_N; W** = F_N' W F_N): (N-1)(T-1) observations, Jacobian (T-1)[ln|I - rho W| - ln(1 - rho)] + (T-1)[ln|I - lambda W| - ln(1 - lambda)]", nobs2)
RES$leeyu_twoways$check_logdet_identity <- max(abs(sapply(c(-0.5, 0.3, 0.7), function(r)
  determinant(diag(N - 1) - r * W2)$modulus - (sum(log(1 - r * ev)) - log(1 - r)))))
ys1 <- Y %*% FT; Xs1 <- lapply(Xs, function(M) M %*% FT); nobs1 <- N * (TT - 1)
parts1 <- function(r, l) {
  AY <- ys1 - r * Wm %*% ys1; BAY <- AY - l * Wm %*% AY
  list(y = as.vector(BAY), X = sapply(Xs1, function(M) as.vector(M - l * Wm %*% M)))
}
f <- sac_fit(parts1, function(r, l) (TT - 1) * (sum(log(1 - r * ev)) + sum(log(1 - l * ev))), nobs1)
V <- sac_info(Wm, Xs1, f$beta, f$rho, f$lambda, f$sigma2, TT - 1, nobs1)
RES$leeyu_individual <- fit_json(f, V, "Lee-Yu transformed (F_T): N(T-1) observations, Jacobian (T-1) ln|I - rho W| + (T-1) ln|I - lambda W|", nobs1)
## ---------------------------------------------------------------- (c) splm's variant (W of the demeaned data)
for (eff in c("individual", "twoways")) {
  Yd <- dm(Y, eff); Xd <- lapply(Xs, dm, effect = eff)
  parts <- function(r, l) {
    AY <- Yd - r * lagW(Yd); BAY <- AY - l * lagW(AY)
    list(y = as.vector(BAY), X = sapply(Xd, function(M) as.vector(M - l * lagW(M))))
  }
  f <- sac_fit(parts, function(r, l) TT * sum(log(1 - r * ev)) + TT * sum(log(1 - l * ev)), NT)
  V <- sac_info(Wm, Xd, f$beta, f$rho, f$lambda, f$sigma2, TT, NT)
  RES[[paste0("splm_variant_", eff)]] <- fit_json(f, V, "splm's variant: W times the demeaned y and X; NT observations, T ln|I - rho W| + T ln|I - lambda W|", NT)
  if (have_splm) {
    lw <- spdep::mat2listw(Wm, style = "W")
    fm <- log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp
    s <- EV(paste0("spml_SAC_", eff), sprintf('spml(fm, data = pr, index = c("state", "year"), listw = lw, model = "within", effect = "%s", lag = TRUE, spatial.error = "b")', eff))
    se <- sqrt(diag(s$vcov)); names(se) <- names(s$coefficients)
    RES[[paste0("splm_", eff)]] <- list(coefficients = nv(s$coefficients), se = nv(se), sigma2 = as.numeric(s$sigma2), type = s$type,
      naming = "splm's within sarar names the spatial LAG parameter 'lambda' and the ERROR parameter 'rho' (here: rho and lambda)")
  }
}

## ---------------------------------------------------------------- (d) a second matrix M for the error (xsmle emat())
## M: the states within two steps on usaww's contiguity (first- and second-order neighbours), row-standardised.
Wb <- (Wm > 0) * 1; M2 <- ((Wb + Wb %*% Wb) > 0) * 1; diag(M2) <- 0; Mm <- M2 / rowSums(M2)
evM <- Re(eigen(Mm, only.values = TRUE)$values)
stopifnot(max(abs(Im(eigen(Mm, only.values = TRUE)$values))) < 1e-10)
loM <- 1 / min(evM) + 1e-7
## Standard errors: inverse negative Hessian (numDeriv::hessian, Richardson) of the log-likelihood in (beta, rho, lambda)
## with sigma2 concentrated out, -m/2 (ln(2 pi e'e/m) + 1) + J(rho) + J(lambda).
emat_fit <- function(eff, leeyu) {
  if (leeyu) {
    FNm <- FN; W_ <- t(FNm) %*% Wm %*% FNm; M_ <- t(FNm) %*% Mm %*% FNm
    y_ <- t(FNm) %*% Y %*% FT; X_ <- lapply(Xs, function(Q) t(FNm) %*% Q %*% FT); m <- (N - 1) * (TT - 1); Tp <- TT - 1
    jac <- function(r, l) Tp * (sum(log(1 - r * ev)) - log(1 - r) + sum(log(1 - l * evM)) - log(1 - l))
    resid <- function(b, r, l) { AY <- y_ - r * W_ %*% y_; XB <- Reduce(`+`, Map(`*`, X_, b)); U <- AY - XB; as.vector(U - l * M_ %*% U) }
    parts <- function(r, l) { AY <- y_ - r * W_ %*% y_; BAY <- AY - l * M_ %*% AY
      list(y = as.vector(BAY), X = sapply(X_, function(Q) as.vector(Q - l * M_ %*% Q))) }
  } else {
    m <- NT; Tp <- TT
    jac <- function(r, l) Tp * (sum(log(1 - r * ev)) + sum(log(1 - l * evM)))
    parts <- function(r, l) { AY <- Y - r * Wm %*% Y; BAY <- AY - l * Mm %*% AY
      list(y = as.vector(dm(BAY, eff)), X = sapply(Xs, function(Q) as.vector(dm(Q - l * Mm %*% Q, eff)))) }
    resid <- function(b, r, l) { AY <- Y - r * Wm %*% Y; XB <- Reduce(`+`, Map(`*`, Xs, b)); U <- AY - XB; as.vector(dm(U - l * Mm %*% U, eff)) }
  }
  lo_save <- lo; lo <<- max(lo, loM)
  f <- sac_fit(parts, jac, m)
  lo <<- lo_save
  ll <- function(p) { k <- length(xn); e <- resid(p[1:k], p[k + 1], p[k + 2]); -m / 2 * (log(2 * pi * sum(e^2) / m) + 1) + jac(p[k + 1], p[k + 2]) }
  p0 <- c(f$beta, f$rho, f$lambda)
  H <- numDeriv::hessian(ll, p0)
  V <- solve(-H); nm <- c(names(f$beta), "rho", "lambda"); dimnames(V) <- list(nm, nm)
  list(rho = f$rho, lambda = f$lambda, beta = nv(f$beta), sigma2 = f$sigma2, logLik = f$logLik, observations = m,
       se = nv(sqrt(diag(V))), vcov = mat_json(V),
       se_are = "inverse negative Hessian (numDeriv::hessian, Richardson) of the log-likelihood in (beta, rho, lambda), sigma2 concentrated out",
       check_loglik_at_estimate = as.numeric(ll(p0) - f$logLik))
}
RES$emat_direct_twoways <- emat_fit("twoways", FALSE)
RES$emat_direct_individual <- emat_fit("individual", FALSE)
RES$emat_leeyu_twoways <- emat_fit("twoways", TRUE)
RES$emat_note <- "M = row-standardised second-order contiguity of usaww (units within two steps, no self-links); lag on W = usaww, error on M"

out <- list(provenance = c(provenance("37_produc_sac.R"), list(calls = calls_recorded())),
  conventions = list(data = PANEL_CONVENTIONS$data, weights = PANEL_CONVENTIONS$weights,
    model = "y_t = rho W y_t + X_t b + mu + alpha_t + u_t, u_t = lambda W u_t + e_t; X = log(pcap), log(pc), log(emp), unemp",
    optimiser = "nested stats::optimize (tol 1e-12) over (1/min ev, 1/max ev), then optim BFGS (reltol 1e-16) on the concentrated likelihood; log-determinants from the eigenvalues of W",
    parameter_order = "vcov rows/cols: beta, rho, lambda, sigma2",
    std_errors = "sqrt(diag(inverse analytical information matrix)); splm's are its own (block-diagonal beta | (rho, lambda) with its vcov.arcoef)"),
  results = RES)
write_json_full(out, file.path(DIR_REF, "r", "produc_sac.json"))
say("done")
