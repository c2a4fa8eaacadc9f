## 12_columbus_local_patterns.R -- join counts (CP, and CRIME > 40) and local Geary (CRIME) on the
## Columbus queen contiguity (shared/data/columbus/columbus_queen.gal).
## Output: shared/reference/r/columbus_local_patterns.json
## Run: Rscript reference/r/scripts/12_columbus_local_patterns.R (from the shared folder)
source(file.path(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))), "common.R"))
suppressPackageStartupMessages({ library(spdep) })

col <- read_columbus()
nb  <- read_columbus_queen()
EV("lwB", 'lwB <- nb2listw(nb, style = "B")')
EV("lwW", 'lwW <- nb2listw(nb, style = "W")')

jc <- function(fx, tag) {
  r <- list(n_black = sum(fx == "1"), n_white = sum(fx == "0"))
  for (s in c("nonfree", "free")) {
    t <- EV(paste0(tag, "_jc_", s), sprintf('joincount.test(fx_%s, lwB, sampling = "%s")', tag, s))
    ## levels are "0" (white) then "1" (black)
    r[[s]] <- list(
      ww = list(count = unname(t[[1]]$estimate[1]), expected = unname(t[[1]]$estimate[2]), variance = unname(t[[1]]$estimate[3]),
                z = unname(t[[1]]$statistic), p = unname(t[[1]]$p.value)),
      bb = list(count = unname(t[[2]]$estimate[1]), expected = unname(t[[2]]$estimate[2]), variance = unname(t[[2]]$estimate[3]),
                z = unname(t[[2]]$statistic), p = unname(t[[2]]$p.value)))
  }
  m <- EV(paste0(tag, "_jc_multi"), sprintf('joincount.multi(fx_%s, lwB)', tag))
  r$multi_bw <- list(count = m["1:0", "Joincount"], expected = m["1:0", "Expected"], variance = m["1:0", "Variance"],
                     z = m["1:0", "z-value"])
  r
}
assign("fx_CP", factor(col$CP, levels = c(0, 1)), envir = globalenv())
assign("fx_CRIME40", factor(as.integer(col$CRIME > 40), levels = c(0, 1)), envir = globalenv())
res <- list(join_counts_CP = jc(fx_CP, "CP"), join_counts_CRIME_gt_40 = jc(fx_CRIME40, "CRIME40"))

x <- col$CRIME
lc <- EV("localC_W", 'localC(x, lwW)')
res$localC_CRIME_W <- list(c = arr(as.numeric(lc)),
  c_population_sd = arr(as.numeric(lc) * length(x) / (length(x) - 1)))
res$localC_CRIME_B <- list(c = arr(as.numeric(EV("localC_B", 'localC(x, lwB)'))))

out <- list(
  provenance = c(provenance("12_columbus_local_patterns.R"), list(calls = calls_recorded())),
  conventions = list(
    data = "shared/data/columbus/columbus.csv columns CP (0/1) and CRIME (49 values, POLYID order)",
    weights = "columbus_queen.gal read with spdep::read.gal(override.id = TRUE); style B = binary 0/1 (join counts), W = row-standardised",
    join_counts = "joincount.test(factor(y, levels = 0:1), lwB, sampling): ww = level 0, bb = level 1; count = 'Same colour statistic' (0.5 * sum w_ij y_i y_j), alternative greater; multi_bw from joincount.multi (nonfree, row '1:0')",
    localC = "spdep::localC(x, lw) = sum_j w_ij (z_i - z_j)^2 with z = scale(x) (sd with divisor n - 1); c_population_sd rescales to z with divisor n (esda Geary_Local, Anselin 2019)"),
  results = res)
write_json_full(out, file.path(DIR_REF, "r", "columbus_local_patterns.json"))
