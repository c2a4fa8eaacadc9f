# Columbus CRIME ~ INC + HOVAL, queen W (style W): spatialreg's method = "Matrix" fits (exact sparse Cholesky
# log-determinant) with control = list(fdHess = TRUE), so that the standard errors come from the numerical Hessian
# (nlme::fdHess) of the log-likelihood in (rho or lambda, beta) with sigma^2 concentrated out, not from the
# asymptotic formulas (which Matrix uses by default at this n, `ase = TRUE`). The reference for
# `FitOptions(standardErrors: .hessian)` / `spatial fit --se hessian`.
# usage: Rscript 26_columbus_hessian.R DATA_DIR > columbus_hessian.json   (spdep 1.2.7, spatialreg 1.2.6 from Debian)
suppressPackageStartupMessages({ library(spdep); library(spatialreg) })
args <- commandArgs(trailingOnly = TRUE)
col <- read.csv(file.path(args[1], "columbus.csv"))
nb <- read.gal(file.path(args[1], "columbus_queen.gal"), region.id = col$POLYID)
lw <- nb2listw(nb, style = "W")
num <- function(x) formatC(x, digits = 17, format = "g")
obj <- function(f, sp) {
  s <- summary(f)
  co <- coef(f); se <- s$Coef[, 2]
  b <- paste(sprintf('"%s": {"estimate": %s, "std_error": %s}', names(se), num(co[names(se)]), num(se)), collapse = ", ")
  # The inverse negative Hessian itself (errorsarlm's summary reports GLS standard errors for beta even with fdHess;
  # the Hessian it computed is kept in f$fdHess).
  h <- sqrt(diag(f$fdHess))
  hs <- paste(sprintf('"%s": %s', names(h), num(h)), collapse = ", ")
  sprintf('{"coefficients": {%s}, "%s": {"estimate": %s, "std_error": %s}, "logLik": %s, "sigma2": %s, "hessian_std_errors": {%s}}', b, sp,
          num(if (sp == "rho") f$rho else f$lambda), num(if (sp == "rho") f$rho.se else f$lambda.se), num(as.numeric(logLik(f))), num(f$s2), hs)
}
hess <- list(fdHess = TRUE)
sar <- lagsarlm(CRIME ~ INC + HOVAL, data = col, listw = lw, method = "Matrix", control = hess)
sdm <- lagsarlm(CRIME ~ INC + HOVAL, data = col, listw = lw, method = "Matrix", type = "mixed", control = hess)
sem <- errorsarlm(CRIME ~ INC + HOVAL, data = col, listw = lw, method = "Matrix", control = hess)
cat(sprintf('{"source": "spatialreg %s, method = Matrix, control = list(fdHess = TRUE)", "results": {"SAR": %s, "SDM": %s, "SEM": %s}}\n',
            as.character(packageVersion("spatialreg")), obj(sar, "rho"), obj(sdm, "rho"), obj(sem, "lambda")))
