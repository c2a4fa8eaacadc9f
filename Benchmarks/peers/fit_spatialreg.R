# Peer timing for the cross-section SAR and SEM benchmarks: spatialreg::lagsarlm (or errorsarlm with MODEL = error)
# on the files the Swift benchmark writes.
#
# usage: Rscript fit_spatialreg.R CROSS.csv EDGES.csv METHOD [lag|error]     (METHOD: eigen, Matrix, Chebyshev, ...)
# CROSS.csv: y,x1,x2. EDGES.csv: i,j 0-based directed binary links; row-standardised here (style "W").
# Prints one JSON line: {"peer", "method", "n", "seconds", "rho", "betas", "peak_rss_mb"}; only lagsarlm is timed
# (it includes the log-determinant set-up: eigenvalues, sparse Cholesky or the Chebyshev traces, and the
# asymptotic standard errors lagsarlm computes by default for that method).
suppressPackageStartupMessages({ library(spdep); library(spatialreg) })
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1])
e <- read.csv(a[2])
method <- a[3]
model <- if (length(a) >= 4) a[4] else "lag"
n <- nrow(d)
nb <- lapply(split(e$j + 1L, factor(e$i + 1L, levels = seq_len(n))), function(v) sort(as.integer(v)))
nb <- unname(nb)
attr(nb, "region.id") <- as.character(seq_len(n))
class(nb) <- "nb"
lw <- nb2listw(nb, style = "W")
t0 <- proc.time()[["elapsed"]]
if (model == "error") {
  fit <- errorsarlm(y ~ x1 + x2, data = d, listw = lw, method = method, quiet = TRUE)
  spatial <- unname(fit$lambda)
} else {
  fit <- lagsarlm(y ~ x1 + x2, data = d, listw = lw, method = method, quiet = TRUE)
  spatial <- unname(fit$rho)
}
secs <- proc.time()[["elapsed"]] - t0
hwm <- grep("^VmHWM:", readLines("/proc/self/status"), value = TRUE)
mb <- as.numeric(gsub("[^0-9]", "", hwm)) / 1024
num <- function(x) formatC(x, digits = 17, format = "g")
cat(sprintf('{"peer": "R spatialreg %s", "method": "%s method=%s", "n": %d, "seconds": %s, "rho": %s, "betas": [%s], "peak_rss_mb": %s}\n',
            as.character(packageVersion("spatialreg")), if (model == "error") "errorsarlm" else "lagsarlm", method, n, num(secs), num(spatial),
            paste(num(unname(fit$coefficients)), collapse = ", "), num(mb)))
