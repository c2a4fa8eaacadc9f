# Columbus CRIME ~ INC + HOVAL with two weights that are not similar to a symmetric matrix or not
# row-standardised: (1) k = 4 nearest neighbours on the X, Y columns, row-standardised (asymmetric);
# (2) inverse distance 1/d_ij for d_ij <= 10 (binary-free, NOT standardised). Fits SAR, SEM, SDM with
# spatialreg (method = "eigen") and records the weights as triplets so the test uses exactly the same W.
# usage: Rscript 25_columbus_other_weights.R DATA_DIR > columbus_other_weights.json
suppressPackageStartupMessages({ library(spdep); library(spatialreg); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
col <- read.csv(file.path(args[1], "columbus.csv"))
xy <- cbind(col$X, col$Y)
nbk <- knn2nb(knearneigh(xy, k = 4))
lw_knn <- nb2listw(nbk, style = "W")
d <- as.matrix(dist(xy))
Widw <- ifelse(d > 0 & d <= 10, 1 / d, 0)
lw_idw <- mat2listw(Widw, style = "M")
triplets <- function(lw) { m <- listw2mat(lw); idx <- which(m != 0, arr.ind = TRUE); idx <- idx[order(idx[, 1], idx[, 2]), ]
  list(i = idx[, 1] - 1, j = idx[, 2] - 1, w = m[idx]) }
fit <- function(lw, type) {
  f <- if (type == "error") errorsarlm(CRIME ~ INC + HOVAL, data = col, listw = lw, method = "eigen")
       else lagsarlm(CRIME ~ INC + HOVAL, data = col, listw = lw, method = "eigen", type = type)
  s <- summary(f)
  out <- list(coefficients = as.list(coef(f)), std_errors = as.list(s$Coef[, 2]), logLik = as.numeric(logLik(f)),
              sigma2 = f$s2, interval = f$interval)
  if (type != "error") { out$rho <- f$rho; out$rho_se <- f$rho.se
    im <- impacts(f, listw = lw); out$impacts <- list(direct = as.numeric(im$direct), indirect = as.numeric(im$indirect), total = as.numeric(im$total))
    # The definition, from the dense inverse: S_k = (I - rho W)^-1 (beta_k I + theta_k W), direct = mean(diag S_k),
    # total = mean(rowSums S_k). spatialreg's impacts() computes the total as (beta + theta)/(1 - rho), which holds only
    # for row-standardised W, so for the inverse-distance W its totals differ from this definition.
    W <- listw2mat(lw); n <- nrow(W); A <- solve(diag(n) - f$rho * W); b <- coef(f)
    dd <- c(); tt <- c()
    for (v in c("INC", "HOVAL")) { th <- if (type == "mixed") b[paste0("lag.", v)] else 0
      S <- A %*% (b[v] * diag(n) + th * W); dd <- c(dd, mean(diag(S))); tt <- c(tt, mean(rowSums(S))) }
    out$impacts_dense_definition <- list(direct = dd, indirect = tt - dd, total = tt) }
  else { out$lambda <- f$lambda; out$lambda_se <- f$lambda.se }
  out
}
res <- list()
for (nm in c("knn4_row", "idw10_none")) {
  lw <- if (nm == "knn4_row") lw_knn else lw_idw
  res[[nm]] <- list(weights = triplets(lw), SAR = fit(lw, "lag"), SEM = fit(lw, "error"), SDM = fit(lw, "mixed"))
}
res$provenance <- list(R = R.version.string, spdep = as.character(packageVersion("spdep")),
                       spatialreg = as.character(packageVersion("spatialreg")),
                       calls = "knn2nb(knearneigh(cbind(X,Y), k=4)) + nb2listw(style='W'); W_ij = 1/d_ij for d_ij <= 10 via mat2listw(style='M'); lagsarlm/errorsarlm(method='eigen'); impacts(fit, listw=lw)")
cat(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE))
