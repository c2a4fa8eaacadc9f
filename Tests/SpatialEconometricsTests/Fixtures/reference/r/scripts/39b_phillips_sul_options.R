## 39b_phillips_sul_options.R -- the clustering options of ConvergenceClubs 2.2.5 (Sichera & Pizzuto; CRAN, GPL-3)
## beyond 39_phillips_sul.R: the incremental c* of findClubs (cstar_method = "incremental", cstar_increment,
## cstar_cap), von Lyncker & Thoennessen's (2017) merging (mergeClubs(mergeMethod = "vLT")) and the merging of
## divergent units (mergeClubs(mergeDivergent = TRUE, estar = -1.65)). The package must already be installed in a
## library on R_LIBS (this script installs nothing).
## Data as 39_phillips_sul.R: data/filteredgdp/filteredGDP.csv (values as they are) and the HP trend (lambda 400,
## exact solve) of china31 ln per-capita GDP. Ids are 1-based rows of the input.
## Run from Tests/SpatialEconometricsTests/Fixtures:
##   R_LIBS=<lib with ConvergenceClubs> Rscript reference/r/scripts/39b_phillips_sul_options.R
suppressMessages({ library(ConvergenceClubs); library(jsonlite) })
X <- read.csv("data/filteredgdp/filteredGDP.csv")
d <- read.csv("data/china31/panel.csv"); d <- d[order(d$id, d$year), ]
years <- sort(unique(d$year)); ids <- sort(unique(d$id)); Tn <- length(years)
ly <- t(sapply(ids, function(i) log(d$gdp[d$id == i] * 10000 / d$population[d$id == i])))
D <- diff(diag(Tn), differences = 2); A <- diag(Tn) + 400 * crossprod(D)
cdf <- data.frame(id = ids, t(apply(ly, 1, function(v) solve(A, v))))

model <- function(m) as.list(setNames(unname(m), c("beta", "std_error", "t", "p_value")))
clubsOut <- function(cl) {
  nm <- setdiff(names(cl), "divergent")
  list(clubs = lapply(nm, function(k) list(name = k, id = cl[[k]]$id, model = model(cl[[k]]$model),
                                           cstar = if (is.null(cl[[k]]$cstar)) NULL else cl[[k]]$cstar,
                                           merged = if (is.null(cl[[k]]$clubs)) NULL else cl[[k]]$clubs)),
       divergent = if (is.null(cl$divergent)) integer(0) else cl$divergent$id)
}
run <- function(df, dataCols, refCol, trim, cstar, increment, merge, divergent) {
  cl <- if (is.null(increment)) findClubs(df, dataCols = dataCols, unit_names = 1, refCol = refCol, time_trim = trim, cstar = cstar, HACmethod = "FQSB")
        else findClubs(df, dataCols = dataCols, unit_names = 1, refCol = refCol, time_trim = trim, cstar = cstar, HACmethod = "FQSB",
                       cstar_method = "incremental", cstar_increment = increment, cstar_cap = 3)
  mc <- suppressMessages(mergeClubs(cl, mergeMethod = merge, mergeDivergent = divergent, estar = -1.65))
  list(trim = trim, cstar = cstar, cstar_increment = increment, cstar_cap = 3, merge = merge, merge_divergent = divergent,
       clubs = clubsOut(cl), merged = clubsOut(mc))
}
res <- list(cases = list(
  china31_incremental_from_minus1 = c(list(data = "china31"), run(cdf, 2:(Tn + 1), Tn + 1, 1/3, -1, 0.1, "PS", FALSE)),
  china31_incremental_from_minus1.65 = c(list(data = "china31"), run(cdf, 2:(Tn + 1), Tn + 1, 1/3, -1.65, 0.1, "PS", FALSE)),
  china31_vlt = c(list(data = "china31"), run(cdf, 2:(Tn + 1), Tn + 1, 0.3, 0, NULL, "vLT", FALSE)),
  china31_ps_divergent = c(list(data = "china31"), run(cdf, 2:(Tn + 1), Tn + 1, 0.3, 0, NULL, "PS", TRUE)),
  china31_vlt_divergent = c(list(data = "china31"), run(cdf, 2:(Tn + 1), Tn + 1, 0.3, 0, NULL, "vLT", TRUE)),
  filteredGDP_vlt = c(list(data = "filteredGDP"), run(X, 2:35, 35, 1/3, 0, NULL, "vLT", FALSE)),
  filteredGDP_vlt_divergent_cstar_minus1 = c(list(data = "filteredGDP"), run(X, 2:35, 35, 0.3, -1, NULL, "vLT", TRUE)),
  filteredGDP_incremental_ps_divergent = c(list(data = "filteredGDP"), run(X, 2:35, 35, 0.3, -1, 0.1, "PS", TRUE))))
res$provenance <- list(script = "reference/r/scripts/39b_phillips_sul_options.R", R = R.version.string,
                       ConvergenceClubs = as.character(packageVersion("ConvergenceClubs")),
                       note = "findClubs(HACmethod = 'FQSB', cstar, cstar_method 'incremental' where cstar_increment is given, cstar_cap 3), mergeClubs(mergeMethod, mergeDivergent, estar = -1.65)")
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, null = "null", pretty = TRUE), "reference/r/phillips_sul_options.json")
for (k in names(res$cases)) { r <- res$cases[[k]]
  cat(k, ": clubs", sapply(r$clubs$clubs, function(c) length(c$id)), "| merged", sapply(r$merged$clubs, function(c) length(c$id)),
      "| div", length(r$clubs$divergent), "->", length(r$merged$divergent), "\n") }
