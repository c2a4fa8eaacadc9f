## 36_dynamic.R -- dynamic spatial panel (spatial lag of y_t, y_{t-1}, W y_{t-1}) with fixed effects on produc.
## Output: shared/reference/r/produc_dynamic.json
## Run: Rscript reference/r/scripts/36_dynamic.R (from the shared folder)
##      optional env DYN_SDPDMOD_LIB=<lib path with SDPDmod 0.0.6> records SDPDm(dynamic = TRUE) for comparison
##
## Model (issue 15):  y_t = tau y_{t-1} + eta W y_{t-1} + rho W y_t + X_t beta + W X_t theta + mu + alpha_t 1 + e_t,
## t = 1..T after the initial cross-section y_0 (produc: y_0 = 1970, t = 1971..1986, T = 16, N = 48).
## Estimators, written from the formulas (no spatial package used for any estimate):
##  individual FE: QML of Yu, de Jong & Lee (2008, J. Econometrics 146): within transformation over t = 1..T
##     conditional on y_0 (y_t, y_{t-1}, W y_t, W y_{t-1}, X_t, W X_t each demeaned over the T periods), likelihood
##     -nT/2 ln(2 pi s2) + T ln|I - rho W| - SSE/(2 s2), n = N; bias correction theta - B/T, B = -Sigma^{-1} a.
##  two-way FE: Lee & Yu (2010, Econometric Theory 26) transformation approach: each period's cross-section
##     multiplied by F_N' (F_N = N x (N-1) orthonormal eigenvectors of J_N = I - 1 1'/N for eigenvalue 1),
##     W* = F_N' W F_N, then the individual-FE estimator above on n = N - 1 units; Jacobian
##     T ln|I_{N-1} - rho W*| = T [ln|I_N - rho W| - ln(1 - rho)]; bias correction of the same form with n = N-1, W*.
source(file.path(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))), "common.R"))
source(file.path(DIR_R, "panel_helpers.R"))

pr <- read_produc()
Wm <- read_usaww()
stopifnot(identical(unique(pr$state), rownames(Wm)), max(abs(rowSums(Wm) - 1)) < 1e-14)
N <- 48L; T0 <- 17L; TT <- T0 - 1L            # T = 16 periods after y_0
xn <- c("log_pcap", "log_pc", "log_emp", "unemp")
wn <- paste0("W_", xn)
toM <- function(v) matrix(v, nrow = N, byrow = TRUE)   # N x 17 (rows = states in usaww order, cols 1970..1986)
Yall <- toM(log(pr$gsp))
Xall <- list(toM(log(pr$pcap)), toM(log(pr$pc)), toM(log(pr$emp)), toM(pr$unemp)); names(Xall) <- xn
cur <- 2:T0; lag <- 1:(T0 - 1)
Y <- Yall[, cur]; Y1 <- Yall[, lag]                     # y_t, y_{t-1}, t = 1..T (1971..1986)
WY <- Wm %*% Y; WY1 <- Wm %*% Y1                         # W on the original data
Xs <- lapply(Xall, function(M) M[, cur]); WXs <- lapply(Xs, function(M) Wm %*% M); names(WXs) <- wn
eg <- eigen(Wm, only.values = TRUE)$values
stopifnot(max(abs(Im(eg))) < 1e-10)
ev <- Re(eg); i_one <- which.min(abs(ev - 1)); stopifnot(abs(ev[i_one] - 1) < 1e-10); ev_no1 <- ev[-i_one]

## F_N: orthonormal eigenvectors of J_N for the eigenvalue 1 (any such basis gives the same estimates)
Fmat <- function(m) { e <- eigen(diag(m) - matrix(1 / m, m, m), symmetric = TRUE); stopifnot(all(abs(e$values[1:(m - 1)] - 1) < 1e-12)); e$vectors[, 1:(m - 1)] }
FN <- Fmat(N)
Wstar <- t(FN) %*% Wm %*% FN
dm_t <- function(M) M - rowMeans(M)                      # demean over t = 1..T (each series over its own T values)

## ---------------------------------------------------------------- estimator
## dlag: "both" (tau, eta), "y" (tau only, eta = 0), "wy" (eta only, tau = 0)
## Parameter order (Yu, de Jong & Lee 2008): delta = (tau, eta, beta', theta')', then rho, sigma2.
prep <- function(effect, durbin, dlag) {
  lagl <- switch(dlag, both = list(tau = Y1, eta = WY1), y = list(tau = Y1), wy = list(eta = WY1))
  Zl <- c(lagl, Xs, if (durbin) WXs)
  if (effect == "twoways") { tr <- function(M) t(FN) %*% M; Wg <- Wstar; evj <- ev_no1 }
  else { tr <- function(M) M; Wg <- Wm; evj <- ev }
  y <- dm_t(tr(Y)); wy <- dm_t(tr(WY))
  Z <- sapply(Zl, function(M) as.vector(dm_t(tr(M))))
  list(y = as.vector(y), wy = as.vector(wy), Z = Z, Wg = Wg, evj = evj, n = nrow(Wg), Tp = TT,
       names = colnames(Z), dlag = dlag)
}
## concentrated log-likelihood in rho; optimize(tol = 1e-12) then uniroot(tol = 1e-15) on the analytic score
qml <- function(P) {
  n <- P$n; Tp <- P$Tp; nobs <- n * Tp; evj <- P$evj
  lo <- 1 / min(evj) + 1e-9; hi <- 1 / max(evj) - 1e-9
  e0 <- lm.fit(P$Z, P$y)$residuals; ed <- lm.fit(P$Z, P$wy)$residuals
  a00 <- sum(e0^2); a0d <- sum(e0 * ed); add <- sum(ed^2)
  sse <- function(r) a00 - 2 * r * a0d + r^2 * add
  ll <- function(r) -nobs / 2 * (log(2 * pi * sse(r) / nobs) + 1) + Tp * sum(log(1 - r * evj))
  o <- optimize(ll, c(lo, hi), maximum = TRUE, tol = 1e-12)
  score <- function(q) nobs * (a0d - q * add) / sse(q) - Tp * sum(evj / (1 - q * evj))
  d <- 1e-6; r <- o$maximum
  stopifnot(score(r - d) > 0, score(r + d) < 0)
  r <- uniroot(score, c(r - d, r + d), tol = 1e-15, maxiter = 200)$root
  fit <- lm.fit(P$Z, P$y - r * P$wy)
  list(rho = r, rho_optimize = o$maximum, delta = setNames(fit$coefficients, P$names), sigma2 = sum(fit$residuals^2) / nobs,
       logLik = ll(r), score_at_rho = score(r))
}
## full log-likelihood of the (transformed) model at any (delta, rho, s2)
ll_at <- function(P, delta, rho, s2) {
  e <- P$y - rho * P$wy - P$Z %*% delta; nobs <- length(e)
  -nobs / 2 * log(2 * pi * s2) + P$Tp * sum(log(1 - rho * P$evj)) - sum(e^2) / (2 * s2)
}
## information matrix I = nT Sigma_theta (Yu, de Jong & Lee 2008, Sigma_{theta,nT} sample analogue), order (delta, rho, s2):
## I_dd = Z'Z/s2; I_d,rho = Z'(I_T x G) Z delta / s2; I_rho,rho = |(I_T x G) Z delta|^2/s2 + T tr(G^s G);
## I_rho,s2 = T tr(G)/s2; I_s2,s2 = nT/(2 s2^2); G = W S^{-1}, G^s = G + G'.
info <- function(P, delta, rho, s2) {
  n <- P$n; Tp <- P$Tp; G <- P$Wg %*% solve(diag(n) - rho * P$Wg)
  Zd <- matrix(P$Z %*% delta, nrow = n); GZd <- as.vector(G %*% Zd)
  k <- ncol(P$Z); I <- matrix(0, k + 2, k + 2)
  I[1:k, 1:k] <- crossprod(P$Z) / s2
  I[1:k, k + 1] <- I[k + 1, 1:k] <- crossprod(P$Z, GZd) / s2
  I[k + 1, k + 1] <- sum(GZd^2) / s2 + Tp * (sum(diag(G %*% G)) + sum(G * G))
  I[k + 1, k + 2] <- I[k + 2, k + 1] <- Tp * sum(diag(G)) / s2
  I[k + 2, k + 2] <- n * Tp / (2 * s2^2)
  nm <- c(P$names, "rho", "sigma2"); dimnames(I) <- list(nm, nm); I
}
## bias vector a (Yu, de Jong & Lee 2008 Theorem 3 / Lee & Yu 2010 with n = N-1, W*): with S = I - rho W,
## A = S^{-1}(tau I + eta W), P = sum_h A^h = (I - A)^{-1}:
## a_tau = tr(P S^{-1})/n, a_eta = tr(W P S^{-1})/n, a_beta = a_theta = 0,
## a_rho = [tau tr(G P S^{-1}) + eta tr(G W P S^{-1}) + tr(G)]/n, a_s2 = 1/(2 s2).
bias_a <- function(P, delta, rho, s2) {
  n <- P$n; Wg <- P$Wg; Si <- solve(diag(n) - rho * Wg); G <- Wg %*% Si
  tau <- if ("tau" %in% names(delta)) delta[["tau"]] else 0
  eta <- if ("eta" %in% names(delta)) delta[["eta"]] else 0
  A <- Si %*% (tau * diag(n) + eta * Wg); Pm <- solve(diag(n) - A); PS <- Pm %*% Si
  a <- setNames(numeric(length(delta) + 2), c(names(delta), "rho", "sigma2"))
  if ("tau" %in% names(a)) a[["tau"]] <- sum(diag(PS)) / n
  if ("eta" %in% names(a)) a[["eta"]] <- sum(diag(Wg %*% PS)) / n
  a[["rho"]] <- (tau * sum(diag(G %*% PS)) + eta * sum(diag(G %*% Wg %*% PS)) + sum(diag(G))) / n
  a[["sigma2"]] <- 1 / (2 * s2)
  list(a = a, max_mod_eig_A = max(Mod(eigen(A, only.values = TRUE)$values)))
}
## effects (point values and delta-method SEs), on the ORIGINAL N x N W (eigenvalues ev, all real):
## short run  (I - rho W)^{-1}(b I + th W):           direct = mean_i (b + th w_i)/(1 - rho w_i), total = (b + th)/(1 - rho)
## long run  [(1 - tau) I - (rho + eta) W]^{-1}(b I + th W): direct = mean_i (b + th w_i)/(1 - tau - (rho + eta) w_i),
##            total = (b + th)/(1 - tau - rho - eta); indirect = total - direct (mean row sum minus mean diagonal)
effects <- function(est, V, durbin) {
  g <- function(nm) if (nm %in% names(est)) est[[nm]] else 0
  tau <- g("tau"); eta <- g("eta"); rho <- est[["rho"]]
  out <- list()
  for (j in seq_along(xn)) {
    b <- est[[xn[j]]]; th <- if (durbin) est[[wn[j]]] else 0
    grad0 <- function() setNames(numeric(length(est)), names(est))
    res <- list()
    for (horizon in c("short_run", "long_run")) {
      dd <- if (horizon == "short_run") 1 - rho * ev else 1 - tau - (rho + eta) * ev
      d1 <- if (horizon == "short_run") 1 - rho else 1 - tau - rho - eta
      dir <- mean((b + th * ev) / dd); tot <- (b + th) / d1
      gd <- grad0(); gt <- grad0()
      gd[[xn[j]]] <- mean(1 / dd); gt[[xn[j]]] <- 1 / d1
      if (durbin) { gd[[wn[j]]] <- mean(ev / dd); gt[[wn[j]]] <- 1 / d1 }
      gd[["rho"]] <- mean((b + th * ev) * ev / dd^2); gt[["rho"]] <- (b + th) / d1^2
      if (horizon == "long_run") {
        if ("tau" %in% names(est)) { gd[["tau"]] <- mean((b + th * ev) / dd^2); gt[["tau"]] <- (b + th) / d1^2 }
        if ("eta" %in% names(est)) { gd[["eta"]] <- mean((b + th * ev) * ev / dd^2); gt[["eta"]] <- (b + th) / d1^2 }
      }
      gi <- gt - gd
      se <- function(gr) sqrt(as.numeric(t(gr) %*% V %*% gr))
      res[[horizon]] <- list(direct = dir, indirect = tot - dir, total = tot,
                             se_direct = se(gd), se_indirect = se(gi), se_total = se(gt))
    }
    out[[xn[j]]] <- res
  }
  out
}
## check of the closed forms against the explicit matrices (max abs diff), for one parameter set
effects_matrix_check <- function(est, durbin) {
  g <- function(nm) if (nm %in% names(est)) est[[nm]] else 0
  tau <- g("tau"); eta <- g("eta"); rho <- est[["rho"]]; I <- diag(N); d <- 0
  for (j in seq_along(xn)) {
    b <- est[[xn[j]]]; th <- if (durbin) est[[wn[j]]] else 0
    Ms <- solve(I - rho * Wm, b * I + th * Wm); Ml <- solve((1 - tau) * I - (rho + eta) * Wm, b * I + th * Wm)
    e <- effects(est, diag(length(est)) * 0, durbin)[[xn[j]]]
    d <- max(d, abs(mean(diag(Ms)) - e$short_run$direct), abs(mean(rowSums(Ms)) - e$short_run$total),
             abs(mean(diag(Ml)) - e$long_run$direct), abs(mean(rowSums(Ml)) - e$long_run$total))
  }
  d
}
stationarity <- function(est) {
  g <- function(nm) if (nm %in% names(est)) est[[nm]] else 0
  tau <- g("tau"); eta <- g("eta"); rho <- est[["rho"]]
  m <- abs((tau + eta * ev) / (1 - rho * ev))
  A <- solve(diag(N) - rho * Wm, tau * diag(N) + eta * Wm)
  list(sum_abs_tau_rho_eta = abs(tau) + abs(rho) + abs(eta),
       max_mod_eig_A = max(Mod(eigen(A, only.values = TRUE)$values)),
       max_mod_eig_A_from_ev = max(m),
       max_mod_eig_A_without_unit_eigenvector = max(m[-i_one]),
       eig_A_unit_eigenvector = (tau + eta) / (1 - rho),
       note = "A = (I - rho W)^{-1}(tau I + eta W) on the original 48 x 48 W; eigenvalues (tau + eta w_i)/(1 - rho w_i); the unit eigenvector (w = 1) gives (tau + eta)/(1 - rho), which the two-way transformation removes (Lee & Yu 2010: max over the other eigenvalues is what matters there)")
}
pack <- function(P, delta, rho, s2, logLik, durbin, extra = list()) {
  est <- c(delta, rho = rho, sigma2 = s2)
  I <- info(P, delta, rho, s2); V <- solve(I)
  se <- sqrt(diag(V))
  g <- function(nm) if (nm %in% names(delta)) delta[[nm]] else 0
  c(list(tau = g("tau"), eta = g("eta"), rho = rho,
         beta = nv(delta[xn]), theta = if (durbin) nv(delta[wn]) else NULL, sigma2 = s2, logLik = logLik,
         estimates = nv(est), std_errors = nv(se), z = nv(est / se), vcov = mat_json(V),
         effects = effects(est, V, durbin), stationarity = stationarity(est)), extra)
}

fit_one <- function(model, effect, dlag) {
  durbin <- model == "SDM"
  P <- prep(effect, durbin, dlag)
  f <- qml(P)
  n <- P$n; Tp <- P$Tp
  I0 <- info(P, f$delta, f$rho, f$sigma2)
  ba <- bias_a(P, f$delta, f$rho, f$sigma2)
  Sigma <- I0 / (n * Tp)                                    # Sigma_theta,nT
  B <- -as.vector(solve(Sigma, ba$a))                       # b_theta = -Sigma^{-1} a
  th <- c(f$delta, rho = f$rho, sigma2 = f$sigma2)
  th_bc <- th - B / Tp
  names(th_bc) <- names(th)
  k <- length(f$delta)
  ll_name <- if (effect == "twoways")
    sprintf("Lee-Yu (2010) transformed-model Gaussian log-likelihood: -(N-1)T/2 ln(2 pi s2) + T[ln|I - rho W| - ln(1 - rho)] - SSE/(2 s2), (N-1)T = %d, conditional on y_0", n * Tp)
  else sprintf("Yu-de Jong-Lee (2008) within (over t = 1..T) Gaussian log-likelihood: -NT/2 ln(2 pi s2) + T ln|I - rho W| - SSE/(2 s2), NT = %d, conditional on y_0", n * Tp)
  unc <- pack(P, f$delta, f$rho, f$sigma2, f$logLik, durbin, list(
    logLik_is = paste0(ll_name, "; at the QML estimate, s2 = SSE/(", n * Tp, ") so SSE/(2 s2) = ", n * Tp, "/2"),
    rho_optimize_minus_rho = f$rho_optimize - f$rho, concentrated_score_at_rho = f$score_at_rho,
    n_units_effective = n, n_periods = Tp, n_obs = n * Tp))
  bc <- pack(P, th_bc[1:k], th_bc[["rho"]], th_bc[["sigma2"]], ll_at(P, th_bc[1:k], th_bc[["rho"]], th_bc[["sigma2"]]), durbin, list(
    logLik_is = paste0(ll_name, "; EVALUATED at the bias-corrected parameters (not a maximum)"),
    bias_vector_a = nv(ba$a), bias_b = nv(setNames(B, names(th))), correction_added = nv(th_bc - th),
    se_note = "vcov = inverse of the same information matrix evaluated at the corrected parameters (as Elhorst / SDPDmod recompute it); vcov of the uncorrected fit is in `uncorrected`",
    max_mod_eig_A_in_transformed_space = ba$max_mod_eig_A,
    bias_correction_applicable = ba$max_mod_eig_A < 1 && th_bc[["rho"]] > 1 / min(P$evj) && th_bc[["rho"]] < 1 / max(P$evj),
    applicability_note = "the bias formula uses sum_h A^h = (I - A)^{-1}, valid only if max |eig A| < 1 in the (transformed) space (stable case of YdJL / Lee-Yu); when false (or near 1) the corrected values are reported as computed but are meaningless (the sum diverges; logLik is null when rho_bc leaves the parameter space)"))
  list(model = model, effect = effect, dlag = dlag, parameter_order = arr(names(th)),
       uncorrected = unc, bias_corrected = bc,
       effects_closed_form_vs_matrix_max_abs_diff = effects_matrix_check(th, durbin))
}

say("fitting")
RES <- list(); CALLS <- list()
for (model in c("SDM", "SAR")) for (effect in c("twoways", "individual")) for (dlag in c("both", "y", "wy")) {
  key <- paste(model, effect, dlag, sep = "_")
  RES[[key]] <- fit_one(model, effect, dlag)
  CALLS[[key]] <- sprintf('fit_one("%s", "%s", "%s")', model, effect, dlag)
  say(key, "tau", RES[[key]]$uncorrected$tau, "eta", RES[[key]]$uncorrected$eta, "rho", RES[[key]]$uncorrected$rho,
      "| bc", RES[[key]]$bias_corrected$tau, RES[[key]]$bias_corrected$eta, RES[[key]]$bias_corrected$rho)
}

## ---------------------------------------------------------------- internal checks
## (1) two-way: explicit F route vs J_N-demeaned data with N-1 counts and eigenvalue Jacobian (same SSE)
chk <- local({
  P <- prep("twoways", TRUE, "both")
  J <- function(M) sweep(M, 2, colMeans(M))
  Zl <- c(list(tau = Y1, eta = WY1), Xs, WXs)
  P2 <- P; P2$y <- as.vector(dm_t(J(Y))); P2$wy <- as.vector(dm_t(J(WY)))
  P2$Z <- sapply(Zl, function(M) as.vector(dm_t(J(M)))); P2$n <- N - 1L   # nobs uses n = N-1; Wg only for info
  f2 <- qml(P2); f1 <- qml(P)
  list(max_abs_diff_rho_delta_sigma2_logLik = max(abs(c(f1$rho - f2$rho, f1$delta - f2$delta, f1$sigma2 - f2$sigma2, f1$logLik - f2$logLik))),
       ln_det_identity = determinant(diag(N - 1) - f1$rho * Wstar)$modulus[[1]] - (sum(log(1 - f1$rho * ev)) - log(1 - f1$rho)),
       note = "SDM two-way both lags: explicit F_N' route vs two-way demeaned data (J_N per period, then over t) with (N-1)T observations and Jacobian T sum_{w != 1} ln(1 - rho w): same estimator")
})
say("check F route vs J route", chk$max_abs_diff_rho_delta_sigma2_logLik)
## (2) identities that let an implementation skip F_N (two-way): traces on W* from traces on W
chk_tr <- local({
  u <- RES$SDM_twoways_both$uncorrected
  tau <- u$tau; eta <- u$eta; rho <- u$rho; one <- rep(1, N)
  G <- Wm %*% solve(diag(N) - rho * Wm); Gs <- Wstar %*% solve(diag(N - 1) - rho * Wstar)
  Q <- solve(diag(N) - rho * Wm - tau * diag(N) - eta * Wm); Qs <- solve(diag(N - 1) - rho * Wstar - tau * diag(N - 1) - eta * Wstar)
  q1 <- 1 - tau - rho - eta
  P <- prep("twoways", TRUE, "both"); Pj <- local({ J <- function(M) sweep(M, 2, colMeans(M)); dm_t(J(Yall[, lag])) })
  v <- as.vector(Pj); vs <- P$Z[, "tau"]
  GvJ <- as.vector(apply(matrix(v, N), 2, function(z) { g <- G %*% z; g - mean(g) }))
  list(tr_Gstar_minus_tr_G_plus_1_over_1_minus_rho = sum(diag(Gs)) - (sum(diag(G)) - 1 / (1 - rho)),
       tr_GstarGstar_identity = sum(diag(Gs %*% Gs)) - (sum(diag(G %*% G)) - 1 / (1 - rho)^2),
       tr_GstarT_Gstar_identity = sum(Gs * Gs) - (sum(G * G) - sum(colSums(G)^2) / N),
       tr_PSinv_star_identity = sum(diag(Qs)) - (sum(diag(Q)) - 1 / q1),
       tr_W_PSinv_star_identity = sum(diag(Wstar %*% Qs)) - (sum(diag(Wm %*% Q)) - 1 / q1),
       tr_G_PSinv_star_identity = sum(diag(Gs %*% Qs)) - (sum(diag(G %*% Q)) - 1 / ((1 - rho) * q1)),
       tr_G_W_PSinv_star_identity = sum(diag(Gs %*% Wstar %*% Qs)) - (sum(diag(G %*% Wm %*% Q)) - 1 / ((1 - rho) * q1)),
       quadratic_form_identity = sum((as.vector(apply(matrix(vs, N - 1), 2, function(z) Gs %*% z)))^2) - sum(GvJ^2),
       note = paste("at the SDM two-way both-lag estimates: differences (all ~1e-13 expected) of identities with P S^{-1} = (S - tau I - eta W)^{-1},",
         "G = W S^{-1}, G* = W* (I - rho W*)^{-1}: tr f(W*) = tr f(W) - f(1) for every function of W; tr(G*'G*) = |G|_F^2 - |G'1|^2/N;",
         "|G* F'z|^2 = |J_N G z|^2 for a J_N-demeaned z (checked on the y_{t-1} column); and z1' F G* F' z2 = z1' G z2 for J_N-demeaned z1, z2"))
})
say("trace identities", max(abs(unlist(chk_tr[names(chk_tr) != "note"]))))

## ---------------------------------------------------------------- SDPDmod 0.0.6 (optional)
sdpd <- NULL
sdlib <- Sys.getenv("DYN_SDPDMOD_LIB", "")
if (nzchar(sdlib) && requireNamespace("SDPDmod", lib.loc = sdlib, quietly = TRUE)) {
  suppressPackageStartupMessages(library(SDPDmod, lib.loc = sdlib))
  prw <- add_wx(pr, Wm, c("log_pcap" = "log(pcap)", "log_pc" = "log(pc)", "log_emp" = "log(emp)", "unemp" = "unemp"))
  fm <- log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp
  tl <- list(both = list(ind = NULL, tl = TRUE, stl = TRUE), y = list(ind = NULL, tl = TRUE, stl = FALSE), wy = list(ind = NULL, tl = FALSE, stl = TRUE))
  sdpd <- list(version = as.character(utils::packageVersion("SDPDmod", lib.loc = sdlib)), source = SOURCE_COMMITS$SDPDmod, runs = list())
  for (model in c("sdm", "sar")) for (effect in c("twoways", "individual")) for (dlag in names(tl)) for (ly in c(TRUE, FALSE)) {
    if (effect == "individual" && !ly) next
    key <- sprintf("%s_%s_%s_LYtrans%s", toupper(model), effect, dlag, ly)
    call <- sprintf('SDPDm(formula = fm, data = pr, W = Wm, index = c("state", "year"), model = "%s", effect = "%s", dynamic = TRUE, tlaginfo = list(ind = NULL, tl = %s, stl = %s), LYtrans = %s)',
                    model, effect, tl[[dlag]]$tl, tl[[dlag]]$stl, ly)
    r <- tryCatch(suppressWarnings(eval(parse(text = call))), error = function(e) e)
    if (inherits(r, "error")) { sdpd$runs[[key]] <- list(call = call, error = conditionMessage(r)); next }
    o <- list(call = call, coefficients = nv(r$coefficients), rho = unname(r$rho), sige = unname(r$sige), likl = unname(r$likl),
              std = nv(setNames(r$std, names(r$coefficients))), rho_se = unname(r$rho.se))
    if (!is.null(r$coefficients1)) o <- c(o, list(coefficients1 = nv(r$coefficients1), rho1 = unname(r$rho1), sige1 = unname(r$sige1),
                                                  likl1 = unname(r$likl1), std1 = nv(setNames(r$std1, names(r$coefficients1))), rho_se1 = unname(r$rho.se1)))
    sdpd$runs[[key]] <- o
  }
  ## diagnosis: SDPDmod's own dynamic two-way bias correction redone here with solve() instead of nearPD()
  sdpd$diagnosis <- local({
    P <- prep("twoways", TRUE, "both")
    r <- sdpd$runs$SDM_twoways_both_LYtransTRUE
    delta <- unlist(r$coefficients); names(delta) <- P$names
    rho <- r$rho; s2 <- r$sige; n <- P$n
    Sig <- info(P, delta, rho, s2) / (n * TT)
    ev_sig <- eigen(Sig, symmetric = TRUE, only.values = TRUE)$values
    Snp <- as.matrix(Matrix::nearPD(Sig)$mat)
    a <- bias_a(P, delta, rho, s2)$a
    th <- c(delta, rho = rho, sigma2 = s2)
    list(at = "SDPDmod's SDM two-way both-lag estimates (0.001-grid rho, restricted to (0.001, 0.999)) and its transformed data (same as ours)",
         Sigma_eigenvalues = arr(ev_sig), Sigma_condition_number = max(ev_sig) / min(ev_sig),
         nearPD_max_abs_change_of_Sigma = max(abs(Snp - Sig)),
         nearPD_max_rel_change_of_Sigma_inverse = max(abs(solve(Snp) - solve(Sig))) / max(abs(solve(Sig))),
         n_eigenvalues_below_nearPD_eig_tol = sum(ev_sig < 1e-6 * max(ev_sig)),
         explanation = paste("SDPDm(dynamic = TRUE) inverts Sigma = I/(nT) through solve(Matrix::nearPD(Sigma)$mat). Sigma is positive definite",
           "but badly scaled (the sigma2 row is nT/(2 s2^2)/(nT) ~ 5e6 at s2 ~ 3e-4), so nearPD's default eig.tol = 1e-6 (relative to the largest",
           "eigenvalue) treats every eigenvalue below ~5.3 as non-positive and raises it: Sigma^{-1} changes by up to ~9 times its largest entry and",
           "the correction Sigma^{-1} a / T becomes garbage (tau 0.79 -> 4.48). With solve() SDPDmod's own bias vector and its estimates give",
           "corrected_with_solve, which agrees with results$SDM_twoways_both$bias_corrected up to SDPDmod's 0.001-grid log-determinant (~1e-3).",
           "The same nearPD call distorts every LYtrans = TRUE dynamic run (all corrected tau > 2). Separately, for dlag wy only (tl = FALSE,",
           "stl = TRUE) SDPDmod's bias vector uses tr(P S^-1)/n for the W y_{t-1} coefficient and eta tr(G P S^-1)/n in the rho entry, where",
           "Yu-de Jong-Lee's formula has tr(W P S^-1)/n and eta tr(G W P S^-1)/n (W missing); its uncorrected estimates also carry the",
           "0.001-grid rho and, for two-way LYtrans = TRUE, a search interval rho in (0.001, 0.999)."),
         grid_objective = local({
           lg <- SDPDmod:::lndetfull(Wstar, lmin = 0.001, lmax = 0.999, 0.001); dv <- cbind(lg$rho, lg$lndet)
           e0 <- lm.fit(P$Z, P$y)$residuals; ed <- lm.fit(P$Z, P$wy)$residuals
           f <- function(q) SDPDmod:::f_sar(q, dv, sum(e0^2), sum(ed^2), sum(e0 * ed), P$n, TT, TRUE)
           rs <- seq(0.40, 0.60, by = 1e-5); v <- vapply(rs, f, 0); o <- optimize(f, c(0.001, 0.999))
           list(global_min_on_scan_step_1e_5 = rs[which.min(v)], optimize_on_our_data = o$minimum,
                note = "SDPDmod's own objective (f_sar with the 0.001-grid nearest-point log-determinant of W*) on our transformed data: a sawtooth in rho; its global minimum is within the grid of the exact QML rho, but optimize() stops at a local minimum ~3e-3 lower, which is why SDPDmod's uncorrected rho (0.5216) differs from the exact one (0.5249) by more than the grid step")
         }),
         corrected_with_solve = nv(th + as.vector(solve(Sig, a)) / TT),
         corrected_with_nearPD = nv(th + as.vector(solve(Snp, a)) / TT))
  })
}

## ---------------------------------------------------------------- output
FORMULAS <- list(
  timing = "produc 1970..1986: y_0 = 1970 (used only as the lag of 1971); t = 1..T = 1971..1986, T = 16; X_t, W X_t at t = 1..T; each of y_t, W y_t, y_{t-1}, W y_{t-1}, X_t, W X_t is demeaned over ITS OWN T values (y_{t-1} over 1970..1985), i.e. the within transformation of Yu, de Jong & Lee (2008) conditional on y_0",
  two_way_transformation = "every N-vector (each period of y_t, W y_t, y_{t-1}, W y_{t-1}, X_t, W X_t, all formed with W on the original data) is multiplied by F_N' (N-1 x N), then demeaned over t. W* = F_N' W F_N (N-1 x N-1). F_N' W = W* F_N' because W 1 = 1, so F_N' W y = W* F_N' y. Equivalent: J_N-demean each period (J_N W = J_N W J_N), then over t, with n = N-1 in every count (checks.F_route_vs_J_route)",
  likelihood = "l(delta, rho, s2) = -nT/2 ln(2 pi s2) + T ln|I_n - rho W_n| - (1/(2 s2)) sum_t |y~_t - rho (W y)~_t - Z~_t delta|^2; individual: n = N, W_n = W; two-way: n = N-1, W_n = W*, ln|I - rho W*| = ln|I - rho W| - ln(1 - rho) = sum over eigenvalues w != 1 of ln(1 - rho w). Z_t = (y_{t-1}, W y_{t-1}, X_t, W X_t) (columns present as dlag / model say). Concentrated: delta(rho) = OLS of y~ - rho (Wy)~ on Z~, s2(rho) = SSE(rho)/(nT); l_c(rho) = -nT/2 [ln(2 pi SSE/(nT)) + 1] + T ln|I - rho W_n|. [YdJL 2008 eq. (4)-(5); Lee & Yu 2010 ET eq. for the transformed model]",
  information_matrix = "parameter order (tau, eta, beta, theta, rho, sigma2) (YdJL: delta = (gamma, rho, beta), lambda, sigma2). Sigma = I/(nT) with I_dd = Z~'Z~/s2; I_d,rho = sum_t Z~_t' G Z~_t delta / s2; I_rho,rho = sum_t |G Z~_t delta|^2/s2 + T [tr(G G) + tr(G'G)]; I_rho,s2 = T tr(G)/s2; I_s2,s2 = nT/(2 s2^2); I_d,s2 = 0; G = W_n (I - rho W_n)^{-1}. vcov = I^{-1} (sample analogue of YdJL Sigma_{theta,nT}^{-1}/(nT)); SEs = sqrt(diag)",
  bias = "a = (a_tau, a_eta, 0_beta, 0_theta, a_rho, a_s2): a_tau = (1/n) tr(P S^{-1}), a_eta = (1/n) tr(W_n P S^{-1}), a_rho = (1/n)[tau tr(G P S^{-1}) + eta tr(G W_n P S^{-1}) + tr(G)], a_s2 = 1/(2 s2), S = I - rho W_n, A = S^{-1}(tau I + eta W_n), P = sum_{h>=0} A^h = (I - A)^{-1}. b = -Sigma^{-1} a (bias_b); theta_bc = theta_hat - b/T = theta_hat + Sigma^{-1} a / T, all at theta_hat. Two-way: n = N-1 and W_n = W* in a and Sigma (Lee & Yu 2010: the transformation removes the time effects, leaving only the O(1/T) bias of the individual effects). Components of eta/tau absent when dlag drops them",
  effects = "on the original W (N = 48): short run (I - rho W)^{-1}(beta_k I + theta_k W), long run [(1 - tau) I - (rho + eta) W]^{-1}(beta_k I + theta_k W); direct = mean diagonal, total = mean row sum, indirect = total - direct; computed from the eigenvalues of W (closed forms in the script; checked against the matrices, effects_closed_form_vs_matrix_max_abs_diff); SEs: delta method with the analytic gradient and the vcov of the same fit")
out <- list(
  provenance = c(provenance("36_dynamic.R"), list(calls = CALLS, formulas = FORMULAS,
    sources = list(
      YdJL_2008 = "Yu, J., de Jong, R. and Lee, L.-F. (2008) Quasi-maximum likelihood estimators for spatial dynamic panel data with fixed effects when both n and T are large. J. Econometrics 146, 118-134",
      Lee_Yu_2010_ET = "Lee, L.-F. and Yu, J. (2010) A spatial dynamic panel data model with both time and individual fixed effects. Econometric Theory 26, 564-597",
      Elhorst_2012 = "Elhorst, J.P. (2012) Dynamic spatial panels: models, methods and inferences. J. Geographical Systems 14, 5-28"),
    numpy_crosscheck = "see reference/py/dynamic_sdpd_check.json (independent numpy implementation, reference/py/scripts/dynamic_sdpd.py)")),
  conventions = list(
    data = PANEL_CONVENTIONS$data, weights = PANEL_CONVENTIONS$weights,
    timing = FORMULAS$timing,
    stacking = "vectors time-major: y = (y_1', ..., y_T')', y_t in R^n (n = 48, or 47 after F_N' for two-way)",
    durbin_terms = "W_log_pcap etc. = W %*% log(pcap) per year, on the original data",
    parameter_order = "estimates / vcov: tau (y_{t-1}) [absent for dlag wy], eta (W y_{t-1}) [absent for dlag y], log_pcap, log_pc, log_emp, unemp, [SDM: W_log_pcap, W_log_pc, W_log_emp, W_unemp], rho, sigma2; tau / eta fields are 0 when the lag is not in the model",
    sigma2 = "uncorrected: SSE/(nT), n = 48 (individual) or 47 (two-way), T = 16 (no further dof correction); corrected: the sigma2 component of theta_bc",
    logLik = "stated per result in logLik_is: full Gaussian log-likelihood of the (transformed) model incl. -nT/2 ln(2 pi), conditional on y_0; two-way and individual likelihoods have different n and must not be compared",
    optimiser = "optimize(tol = 1e-12) over (1/min w + 1e-9, 1/max w - 1e-9), then uniroot(tol = 1e-15) on the analytic concentrated score within +-1e-6; exact eigenvalue log-determinants",
    keys = "results$<MODEL>_<effect>_<dlag>: dlag both = tau and eta, y = tau only (eta = 0), wy = eta only (tau = 0)"),
  results = RES, checks = list(F_route_vs_J_route = chk, two_way_trace_identities = chk_tr), SDPDmod = sdpd)
write_json_full(out, file.path(DIR_REF, "r", "produc_dynamic.json"))
say("done")
