# Boston census tracts (Harrison & Rubinfeld 1978, corrected by Gilley & Pace 1996; spData's boston.c, 506 tracts)
# with spData's boston.soi neighbours (sphere of influence, symmetric), row-standardised: just above the package's
# 500-unit dense threshold, so ours uses the exact sparse Cholesky log-determinant and Hutchinson traces there.
# Writes the data and the weights for the tests, and spatialreg method = "eigen" fits of
# log(CMEDV) ~ CRIM + RM2 + lLSTAT + lDIS + NOX2 (SAR, SEM, SDM).
# usage: Rscript 27_boston_models.R OUT_DATA_DIR > boston_models.json   (spData 2.2.1, spdep 1.2.7, spatialreg 1.2.6, Debian)
suppressPackageStartupMessages({ library(spData); library(spdep); library(spatialreg) })
out <- commandArgs(trailingOnly = TRUE)[1]
data(boston)
b <- boston.c
d <- data.frame(TRACT = b$TRACT, lCMEDV = log(b$CMEDV), CRIM = b$CRIM, RM2 = b$RM^2, lLSTAT = log(b$LSTAT), lDIS = log(b$DIS),
                NOX2 = b$NOX^2)
write.csv(d, file.path(out, "boston.csv"), row.names = FALSE)
# boston.soi's rows are boston.c's rows, but its region.id has leading zeros ("0001" for tract 1) and one id that
# differs ("3592" where boston.c has 3593): the GAL is written with boston.c's TRACT so the ids match the data.
nb <- boston.soi
attr(nb, "region.id") <- as.character(b$TRACT)
write.nb.gal(nb, file.path(out, "boston_soi.gal"), oldstyle = FALSE, shpfile = "boston", ind = "TRACT")
lw <- nb2listw(nb, style = "W")
num <- function(x) formatC(x, digits = 17, format = "g")
f <- lCMEDV ~ CRIM + RM2 + lLSTAT + lDIS + NOX2
obj <- function(fit, sp) {
  s <- summary(fit); co <- coef(fit); se <- s$Coef[, 2]
  b <- paste(sprintf('"%s": {"estimate": %s, "std_error": %s}', names(se), num(co[names(se)]), num(se)), collapse = ", ")
  sprintf('{"coefficients": {%s}, "%s": {"estimate": %s, "std_error": %s}, "logLik": %s, "sigma2": %s}', b, sp,
          num(if (sp == "rho") fit$rho else fit$lambda), num(if (sp == "rho") fit$rho.se else fit$lambda.se), num(as.numeric(logLik(fit))), num(fit$s2))
}
sar <- lagsarlm(f, data = d, listw = lw, method = "eigen")
sdm <- lagsarlm(f, data = d, listw = lw, method = "eigen", type = "mixed")
sem <- errorsarlm(f, data = d, listw = lw, method = "eigen")
cat(sprintf('{"source": "spatialreg %s, method = eigen, spData boston.c with boston.soi (style W)", "results": {"SAR": %s, "SDM": %s, "SEM": %s}}\n',
            as.character(packageVersion("spatialreg")), obj(sar, "rho"), obj(sdm, "rho"), obj(sem, "lambda")))
