## 40_gmm_stsls.R -- spatial two-stage least squares (spatialreg::stsls) on columbus: CRIME ~ INC + HOVAL.
## Shared:  shared/reference/r/gmm_stsls.json  (queen, style W)
## stsls instruments [X, W X] (W2X = FALSE) or [X, W X, W^2 X] (W2X = TRUE, its default), the lagged intercept
## excluded for style "W"; sigma^2 = e'e / (n - k) (k counts rho); robust = TRUE is HC0.

## Run: Rscript reference/r/scripts/40_gmm_stsls.R (from the shared folder)
source(file.path(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))), "common.R"))
suppressPackageStartupMessages({ library(spdep); library(spatialreg) })

col <- read_columbus()
nb  <- read_columbus_queen()
lw  <- nb2listw(nb, style = "W")
fm  <- CRIME ~ INC + HOVAL

one <- function(w2x, robust) {
  f <- stsls(fm, data = col, listw = lw, W2X = w2x, robust = robust)
  list(call = sprintf("stsls(CRIME ~ INC + HOVAL, data = columbus, listw = nb2listw(queen, style = 'W'), W2X = %s, robust = %s)",
                      w2x, robust),
       w2x = w2x, robust = robust, names = arr(names(f$coefficients)),
       coefficients = arr(f$coefficients), std_err = arr(sqrt(diag(f$var))), var = unname(f$var),
       sse = f$sse, df = f$df)
}
out <- list(provenance = provenance("40_gmm_stsls.R"),
            note = "coefficients in stsls's order: Rho first, then (Intercept), INC, HOVAL",
            cases = list(one(FALSE, FALSE), one(TRUE, FALSE), one(TRUE, TRUE), one(FALSE, TRUE)))
write_json_full(out, file.path(DIR_REF, "r", "gmm_stsls.json"))
