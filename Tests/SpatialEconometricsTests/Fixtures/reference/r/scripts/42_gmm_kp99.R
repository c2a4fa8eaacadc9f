## 42_gmm_kp99.R -- Kelejian & Prucha (1999) GM estimator of the spatial error model: spatialreg::GMerrorsar.
## Writes reference/r/gmm_kp99.json (run from the shared folder: Rscript reference/r/scripts/42_gmm_kp99.R)
## columbus CRIME ~ INC + HOVAL (queen, style W) and elect80 lturnout ~ lcollege + lhomeownership + lincome (k4, style W;
## 3,107 counties); each as a SEM and as an SDEM with hand-built lags W_x (GMerrorsar has no Durbin argument).
## GMerrorsar: OLS residuals u; (lambda, sigma^2) minimise ||G [lambda, lambda^2, sigma^2]' - g||^2 (three moments,
## identity weighting) by nlminb; beta by least squares of y - lambda W y on X - lambda W X; its default (legacy = FALSE)
## covariance s2 (Xs'Xs)^-1 with s2 = ||(I - lambda W) u_OLS||^2 / n (OLS residuals filtered, not the FGLS ones);
## "lambda_se" is spatialreg's se.lambda = TRUE value, recorded for the documentation only (see Docs/Regression.md).
## "nlminb_tight" reruns nlminb with rel.tol = 1e-14 from the same start to show the optimiser's stopping accuracy.
source(file.path(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))), "common.R"))
suppressPackageStartupMessages({ library(spdep); library(spatialreg) })

one <- function(label, d, lw, yname, xs, durbin) {
  if (durbin) {
    for (v in xs) d[[paste0("W_", v)]] <- lag.listw(lw, d[[v]])
    xs <- c(xs, paste0("W_", xs))
  }
  fm <- as.formula(paste(yname, "~", paste(xs, collapse = " + ")))
  f <- GMerrorsar(fm, data = d, listw = lw)
  g <- GMerrorsar(fm, data = d, listw = lw, control = list(rel.tol = 1e-14, x.tol = 1e-14, eval.max = 2000, iter.max = 2000))
  list(label = label, model = if (durbin) "sdem" else "sem",
       call = sprintf("GMerrorsar(%s, data, listw = nb2listw(nb, style = 'W'))", deparse(fm)),
       names = arr(names(f$coefficients)), coefficients = arr(f$coefficients), std_err = arr(f$rest.se),
       vcov = unname(f$vcov), lambda = unname(f$lambda), lambda_se = unname(as.numeric(f$lambda.se)),
       s2 = f$s2, GMs2 = f$GMs2, objective = f$optres$objective, convergence = f$optres$convergence,
       start = arr(f$pars), G = unname(f$vv$bigG), g = arr(f$vv$litg),
       nlminb_tight = list(lambda = unname(g$lambda), GMs2 = g$GMs2, objective = g$optres$objective,
                           coefficients = arr(g$coefficients), std_err = arr(g$rest.se)))
}

col <- read_columbus()
lwc <- nb2listw(read_columbus_queen(), style = "W")
e80 <- read.csv(file.path(DIR_DATA, "elect80", "elect80.csv"), colClasses = c(FIPS = "character"))
nbk <- read.gal(file.path(DIR_DATA, "elect80", "elect80_k4.gal"), override.id = TRUE)
e80 <- e80[match(attr(nbk, "region.id"), e80$FIPS), ]
stopifnot(!anyNA(e80$FIPS), nrow(e80) == 3107)
lwk <- nb2listw(nbk, style = "W")
cases <- list(one("columbus", col, lwc, "CRIME", c("INC", "HOVAL"), FALSE),
              one("columbus", col, lwc, "CRIME", c("INC", "HOVAL"), TRUE),
              one("elect80", e80, lwk, "lturnout", c("lcollege", "lhomeownership", "lincome"), FALSE),
              one("elect80", e80, lwk, "lturnout", c("lcollege", "lhomeownership", "lincome"), TRUE))
out <- list(provenance = provenance("42_gmm_kp99.R"),
            conventions = list(G = "spatialreg's bigG (3 x 3, columns lambda, lambda^2, sigma^2) and litg at the OLS residuals",
                               s2 = "||(I - lambda W) u_OLS||^2 / n (GMerrorsar legacy = FALSE)",
                               GMs2 = "the sigma^2 of the nonlinear least squares"),
            cases = cases)
write_json_full(out, file.path(DIR_REF, "r", "gmm_kp99.json"))
