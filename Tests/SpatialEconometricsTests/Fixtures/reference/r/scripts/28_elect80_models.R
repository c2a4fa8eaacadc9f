# US 1980 presidential election by county (Pace & Barry 1997; spData's elect80, 3,107 counties) with spData's queen
# contiguities e80_queen (four counties have no neighbour: islands, kept with zero.policy = TRUE) and its 4 nearest
# neighbours k4 (asymmetric), both row-standardised: a county-scale reference well above the package's dense and
# 2,000-unit thresholds. Writes the data and both weights for the tests, and spatialreg method = "eigen" fits of
# spatialreg's elect80 example log(pc_turnout) ~ log(pc_college) + log(pc_homeownership) + log(pc_income)
# (SAR, SDM, SEM) with exact impacts, the time each fit took, and, for the performance comparison, spatialreg's exact
# sparse methods (method = "Matrix" on the queen W, "LU" on k4; at this n their standard errors come from the numerical
# Hessian). R is run single-threaded and the fits one after another, so the times are those of one core.
# usage: Rscript 28_elect80_models.R OUT_DATA_DIR > elect80_models.json
#   (OUT_DATA_DIR receives elect80.csv, elect80_queen.gal, elect80_k4.gal; spData 2.2.1, spdep 1.2.7, spatialreg 1.2.6,
#   R 4.2.2 from Debian)
Sys.setenv(OMP_NUM_THREADS = "1", OPENBLAS_NUM_THREADS = "1")
suppressPackageStartupMessages({ library(spData); library(spdep); library(spatialreg); library(Matrix) })
out <- commandArgs(trailingOnly = TRUE)[1]
data(elect80)
e <- as.data.frame(elect80)
stopifnot(!anyDuplicated(e$FIPS), nrow(e) == length(e80_queen), nrow(e) == length(k4))
d <- data.frame(FIPS = as.character(e$FIPS), long = e$long, lat = e$lat, lturnout = log(e$pc_turnout),
                lcollege = log(e$pc_college), lhomeownership = log(e$pc_homeownership), lincome = log(e$pc_income))
write.csv(d, file.path(out, "elect80.csv"), row.names = FALSE)
# R fits the data as the tests read them (write.csv keeps 15 significant digits).
d <- read.csv(file.path(out, "elect80.csv"), colClasses = c(FIPS = "character"))
# e80_queen's region ids are 0...3106 and k4's 1...3107 (both in elect80's row order): the GAL files carry the FIPS
# codes instead, so that the data pair with the weights by id. write.nb.gal writes an island as 'id 0' and a blank line.
nbq <- e80_queen; attr(nbq, "region.id") <- d$FIPS
nbk <- k4; attr(nbk, "region.id") <- d$FIPS
write.nb.gal(nbq, file.path(out, "elect80_queen.gal"), oldstyle = FALSE, shpfile = "elect80", ind = "FIPS")
write.nb.gal(nbk, file.path(out, "elect80_k4.gal"), oldstyle = FALSE, shpfile = "elect80", ind = "FIPS")
lwq <- nb2listw(nbq, style = "W", zero.policy = TRUE)
lwk <- nb2listw(nbk, style = "W")
f <- lturnout ~ lcollege + lhomeownership + lincome
xs <- c("lcollege", "lhomeownership", "lincome")
n <- nrow(d)

# JSON: numbers as the shortest of 15-17 significant digits that gives back R's double exactly.
num <- function(x) { if (!is.finite(x)) return("null")
  for (k in 15:17) { s <- formatC(x, digits = k, format = "g"); if (as.numeric(s) == x) return(s) }; s }
js <- function(v) {
  if (is.null(v)) return("null")
  if (is.list(v)) {
    if (!is.null(names(v))) return(paste0("{", paste(sprintf('"%s": %s', names(v), vapply(v, js, "")), collapse = ", "), "}"))
    return(paste0("[", paste(vapply(v, js, ""), collapse = ", "), "]"))
  }
  one <- function(x) if (is.character(x)) as.character(jsonlite::toJSON(x, auto_unbox = TRUE)) else if (is.logical(x)) tolower(as.character(x)) else num(x)
  if (length(v) == 1 && !inherits(v, "AsIs")) return(one(v))
  paste0("[", paste(vapply(as.list(v), one, ""), collapse = ", "), "]")
}
named <- function(x, nm = names(x)) setNames(as.list(as.numeric(x)), nm)
# seconds: elapsed; cpu_seconds: user + system time of R's process (what one core spent; the machine may be shared).
timed <- function(expr) { t <- system.time(v <- expr)
  list(value = v, seconds = round(t[["elapsed"]], 3), cpu = round(t[["user.self"]] + t[["sys.self"]], 3)) }

# Exact impacts by the definition S_k = (I - rho W)^-1 (beta_k I + theta_k W): direct = tr(S_k)/n from the eigenvalues
# of W, total = 1'S_k 1/n from two sparse solves (I - rho W) v = 1 and (I - rho W) u = W 1. With islands W 1 is not 1, so
# the total differs from spatialreg's impacts(), which computes it as (beta_k + theta_k)/(1 - rho).
definition <- function(rho, b, t, lw, ev) {
  W <- as(lw, "CsparseMatrix"); A <- Diagonal(n) - rho * W
  s1 <- sum(solve(A, rep(1, n))); sw <- sum(solve(A, as.numeric(W %*% rep(1, n))))
  tr0 <- Re(sum(1 / (1 - rho * ev))); tr1 <- Re(sum(ev / (1 - rho * ev)))
  direct <- (b * tr0 + t * tr1) / n; total <- (b * s1 + t * sw) / n
  list(direct = named(direct, xs), indirect = named(total - direct, xs), total = named(total, xs))
}
record <- function(ft, sp, tm, lw = NULL, ev = NULL, rename = identity) {
  s <- summary(ft); co <- coef(ft); se <- s$Coef[, 2]
  coefs <- setNames(lapply(names(se), function(k) list(estimate = co[[k]], std_error = se[[k]])), rename(names(se)))
  r <- list(coefficients = coefs)
  r[[sp]] <- if (sp == "rho") list(estimate = ft$rho, std_error = ft$rho.se) else list(estimate = ft$lambda, std_error = ft$lambda.se)
  r$logLik <- as.numeric(logLik(ft)); r$sigma2 <- ft$s2; r$interval <- ft$interval
  r$asymptotic_std_errors <- isTRUE(ft$ase)
  if (is.matrix(ft$fdHess)) r$hessian_std_errors <- named(sqrt(diag(ft$fdHess)), rename(rownames(ft$fdHess)))
  r$seconds <- tm$seconds; r$cpu_seconds <- tm$cpu
  if (sp == "rho" && !is.null(ev)) {
    b <- co[xs]; t <- if (paste0("lag.", xs[1]) %in% names(co)) co[paste0("lag.", xs)] else rep(0, length(xs))
    r$impacts_definition <- definition(ft$rho, b, t, lw, ev)
  }
  r
}
with_impacts <- function(r, ft, lw) {
  im <- timed(impacts(ft, listw = lw))
  r$impacts <- list(direct = named(im$value$direct, xs), indirect = named(im$value$indirect, xs), total = named(im$value$total, xs))
  r$impacts_seconds <- im$seconds; r$impacts_cpu_seconds <- im$cpu
  r
}

results <- list(); sparse <- list(); islands <- list()
for (wn in c("queen", "k4")) {
  lw <- if (wn == "queen") lwq else lwk
  zp <- wn == "queen"
  ev <- eigenw(lw)   # the eigenvalues for the impacts by definition (not used by the fits, which compute their own)
  sar <- timed(lagsarlm(f, data = d, listw = lw, method = "eigen", zero.policy = zp))
  sdm <- timed(lagsarlm(f, data = d, listw = lw, method = "eigen", type = "mixed", zero.policy = zp))
  sem <- timed(errorsarlm(f, data = d, listw = lw, method = "eigen", zero.policy = zp))
  res <- list(SAR = with_impacts(record(sar$value, "rho", sar, lw, ev), sar$value, lw),
              SDM = with_impacts(record(sdm$value, "rho", sdm, lw, ev), sdm$value, lw),
              SEM = record(sem$value, "lambda", sem))
  if (wn == "queen") {
    # The SDM with the lagged intercept W 1 as a regressor of its own (what a design that lags the constant whenever
    # the row sums of W differ does): spatialreg's type = "mixed" leaves it out for style "W" (create_WX), so it is fitted
    # here as a lag model on X and hand-made W X, W 1 columns (lag.listw with zero.policy: an island's lag is 0).
    dd <- d
    dd$lag_Intercept <- lag.listw(lw, rep(1, n), zero.policy = TRUE)
    for (v in xs) dd[[paste0("lag_", v)]] <- lag.listw(lw, d[[v]], zero.policy = TRUE)
    fw <- as.formula(paste("lturnout ~", paste(c(xs, "lag_Intercept", paste0("lag_", xs)), collapse = " + ")))
    ren <- function(nm) { nm <- sub("^lag_Intercept$", "lag.(Intercept)", nm); sub("^lag_", "lag.", nm) }
    sdmw <- timed(lagsarlm(fw, data = dd, listw = lw, method = "eigen", zero.policy = TRUE))
    r <- record(sdmw$value, "rho", sdmw, rename = ren)
    co <- coef(sdmw$value)
    r$impacts_definition <- definition(sdmw$value$rho, co[xs], co[paste0("lag_", xs)], lw, ev)
    res$SDM_lagged_intercept <- r
  }
  results[[wn]] <- res
  card_ <- card(lw$neighbours)
  islands[[wn]] <- list(file = paste0("elect80_", wn, ".gal"), style = "W", zero_policy = zp, symmetric = is.symmetric.nb(lw$neighbours),
                        links = sum(card_), islands = sum(card_ == 0), island_ids = I(d$FIPS[card_ == 0]))
  # spatialreg's exact sparse methods at this n (fdHess standard errors): Matrix (Cholesky, symmetric-similar W) for
  # the queen W, LU for the asymmetric k4.
  m <- if (wn == "queen") "Matrix" else "LU"
  sar2 <- timed(lagsarlm(f, data = d, listw = lw, method = m, zero.policy = zp))
  sem2 <- timed(errorsarlm(f, data = d, listw = lw, method = m, zero.policy = zp))
  sparse[[paste0(wn, "_", m)]] <- list(method = m, SAR = record(sar2$value, "rho", sar2), SEM = record(sem2$value, "lambda", sem2))
}

note <- paste(
  "Lagged intercept of the SDM with islands: spatialreg's lagsarlm(type = 'mixed') builds W X with create_WX, which adds",
  "a lagged intercept column 'lag.(Intercept)' only when listw$style != 'W'. With style 'W' it is left out, islands or not,",
  "although an island's row of W is zero, so (W 1)_i = 0 for the", islands$queen$islands, "islands of the queen W and 1 elsewhere,",
  "and W 1 is not collinear with",
  "the intercept. results.queen.SDM is spatialreg's convention (no lag.(Intercept)); results.queen.SDM_lagged_intercept",
  "is the same model with W 1 as a regressor of its own, fitted as a lag model on hand-made lag columns.")
impacts_note <- paste(
  "impacts: spatialreg's impacts(fit, listw = lw) (exact: direct from the eigenvalues of W, total = (beta + theta)/(1 - rho));",
  "impacts_definition: direct = tr(S_k)/n from the eigenvalues, total = 1'S_k 1/n by sparse solves. The two agree when",
  "every row of W sums to one (k4); with the queen W's islands spatialreg's total is not 1'S_k 1/n.")
cat(js(list(
  source = sprintf("spatialreg %s, method = eigen, spData elect80 (%d counties) with e80_queen (style W, zero.policy = TRUE) and k4 (style W)",
                   as.character(packageVersion("spatialreg")), n),
  provenance = list(R = R.version.string, spData = as.character(packageVersion("spData")), spdep = as.character(packageVersion("spdep")),
                    spatialreg = as.character(packageVersion("spatialreg")), Matrix = as.character(packageVersion("Matrix")),
                    LAPACK = La_version(), threads = "one (OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = 1), fits run one after another",
                    calls = paste("lagsarlm(f, listw, method = 'eigen', zero.policy) / lagsarlm(..., type = 'mixed') / errorsarlm(...);",
                                  "impacts(fit, listw = lw); seconds = system.time(fit)['elapsed'], including the eigenvalues each fit computes;",
                                  "sparse_methods: method = 'Matrix' (queen) and 'LU' (k4), fdHess standard errors (n > control$small = 1500)")),
  formula = "lturnout ~ lcollege + lhomeownership + lincome  (log(pc_turnout) ~ log(pc_college) + log(pc_homeownership) + log(pc_income))",
  n = n, id = "FIPS", weights = islands,
  notes = list(lagged_intercept = note, spatialreg_lagged_intercept = FALSE, impacts = impacts_note),
  results = results, sparse_methods = sparse)), "\n")
