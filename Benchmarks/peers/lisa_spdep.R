# Peer timing: spdep::localmoran_perm (conditional permutations) on the same lattice and values as the Swift benchmark.
# usage: Rscript lisa_spdep.R VALUES.csv NEIGHBORS.csv PERMUTATIONS OUT_P.txt -> one JSON line on stdout
# (OUT_P.txt receives the folded pseudo p-values, one per unit). Only localmoran_perm is timed.
suppressPackageStartupMessages(library(spdep))
a <- commandArgs(trailingOnly = TRUE)
x <- read.csv(a[1])$x
links <- read.csv(a[2])
perms <- as.integer(a[3])
n <- length(x)
nb <- split(links$j + 1L, factor(links$i + 1L, levels = seq_len(n)))
nb <- lapply(nb, function(v) if (length(v) == 0) 0L else sort(as.integer(v)))
class(nb) <- "nb"
attr(nb, "region.id") <- as.character(seq_len(n))
lw <- nb2listw(nb, style = "W")
t0 <- proc.time()[["elapsed"]]
lm <- localmoran_perm(x, lw, nsim = perms, iseed = 12345)
secs <- proc.time()[["elapsed"]] - t0
writeLines(format(lm[, "Pr(folded) Sim"], digits = 17), a[4])
rss <- as.numeric(sub(".*:\\s*([0-9]+).*", "\\1", grep("VmHWM", readLines("/proc/self/status"), value = TRUE))) / 1024
cat(sprintf('{"peer": "spdep %s", "case": "local_moran", "n": %d, "permutations": %d, "seconds": %.6f, "peak_rss_mb": %.1f, "method": "localmoran_perm, %d permutations, serial"}\n',
            as.character(packageVersion("spdep")), n, perms, secs, rss, perms))
