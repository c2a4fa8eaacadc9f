## 39_phillips_sul.R -- Phillips & Sul (2007) log t test and club clustering (Phillips & Sul 2009), reference
## values from the R package ConvergenceClubs 2.2.5 (Sichera & Pizzuto; CRAN, GPL-3), which must already be
## installed in a library on R_LIBS (this script installs nothing).
##
## (1) ConvergenceClubs' bundled `filteredGDP` (152 countries, 1970-2003, per-capita GDP with the business cycle
##     removed; Phillips & Sul 2009): written once to data/filteredgdp/filteredGDP.csv (the data only), then
##     computeH, estimateMod (time_trim 1/3 and 0.3, HACmethod "FQSB"), findClubs (refCol = 2003, cstar = 0)
##     and mergeClubs (mergeMethod "PS") on the values as they are (no log, no filter: as the package's example).
## (2) china31 per-capita GDP (gdp * 10000 / population, provinces by numeric id, 2011-2022): ln y, the
##     Hodrick-Prescott trend with lambda = 400 by the exact linear system (I + lambda D'D) tau = ln y (D the
##     (T-2) x T second-difference matrix; what mFilter::hpfilter(type = "lambda") solves), then the same
##     functions with time_trim 0.3 and 1/3 on the trend.
## Ids are 1-based rows of the input (countries in the file's order, provinces by numeric id).
## Run from Tests/SpatialEconometricsTests/Fixtures:
##   R_LIBS=<lib with ConvergenceClubs> Rscript reference/r/scripts/39_phillips_sul.R
suppressMessages({ library(ConvergenceClubs); library(jsonlite) })
data(filteredGDP)
X <- filteredGDP
if (!file.exists("data/filteredgdp/filteredGDP.csv"))
  write.csv(cbind(X[1], lapply(X[-1], function(v) sprintf("%.17g", v))), "data/filteredgdp/filteredGDP.csv",
            row.names = FALSE, quote = FALSE)
X <- read.csv("data/filteredgdp/filteredGDP.csv")
stopifnot(max(abs(as.matrix(X[, -1]) - as.matrix(filteredGDP[, -1]))) == 0)

model <- function(m) as.list(setNames(unname(m), c("beta", "std_error", "t", "p_value")))
clubsOut <- function(cl) {
  nm <- setdiff(names(cl), "divergent")
  list(clubs = lapply(nm, function(k) list(name = k, id = cl[[k]]$id, model = model(cl[[k]]$model),
                                           merged = if (is.null(cl[[k]]$clubs)) NULL else cl[[k]]$clubs)),
       divergent = if (is.null(cl$divergent)) integer(0) else cl$divergent$id)
}
analyse <- function(df, dataCols, refCol, trims) {
  out <- list(H = computeH(df[, dataCols]))
  for (tr in trims) {
    key <- sprintf("trim_%g", tr)
    cl <- findClubs(df, dataCols = dataCols, unit_names = 1, refCol = refCol, time_trim = tr, cstar = 0, HACmethod = "FQSB")
    mc <- suppressMessages(mergeClubs(cl, mergeMethod = "PS"))
    out[[key]] <- list(time_trim = tr, all = model(estimateMod(out$H, time_trim = tr, HACmethod = "FQSB")),
                       clubs = clubsOut(cl), merged = clubsOut(mc))
  }
  out
}
res <- list()
res$filteredGDP <- analyse(X, 2:35, 35, c(1/3, 0.3))

d <- read.csv("data/china31/panel.csv")
d <- d[order(d$id, d$year), ]
years <- sort(unique(d$year)); ids <- sort(unique(d$id))
ly <- t(sapply(ids, function(i) log(d$gdp[d$id == i] * 10000 / d$population[d$id == i])))
Tn <- length(years); D <- diff(diag(Tn), differences = 2); lambda <- 400
A <- diag(Tn) + lambda * crossprod(D)
trend <- t(apply(ly, 1, function(v) solve(A, v)))
cdf <- data.frame(id = ids, trend)
res$china31 <- c(list(years = years, lambda = lambda, log_y = ly, hp_trend = trend), analyse(cdf, 2:(Tn + 1), Tn + 1, c(0.3, 1/3)))

res$provenance <- list(script = "reference/r/scripts/39_phillips_sul.R", R = R.version.string,
                       ConvergenceClubs = as.character(packageVersion("ConvergenceClubs")),
                       note = "ConvergenceClubs: FQSB = quadratic-spectral HAC with Andrews' AR(1) bandwidth (ps_andrews_hac); regression over t = round(T r) + 1 .. T; core group = the prefix with the largest |t| (coreG type 'max'); sieve c* = 0 (cstar_method 'fixed'); merging as Phillips & Sul 2009")
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, matrix = "rowmajor", null = "null", pretty = TRUE), "reference/r/phillips_sul.json")
cat("written reference/r/phillips_sul.json\n")
for (k in c("filteredGDP", "china31")) for (tr in grep("^trim", names(res[[k]]), value = TRUE))
  cat(k, tr, "clubs", length(res[[k]][[tr]]$clubs$clubs), "merged", length(res[[k]][[tr]]$merged$clubs), "divergent", length(res[[k]][[tr]]$clubs$divergent), "\n")
