## 40_robust_vcov.R -- peers for the robust covariance engine (SandwichCovariance): non-spatial least squares, where
## the sandwich A^-1 B A^-1 with A = X'X and scores s_i = x_i e_i is exactly what sandwich and plm compute.
## Output: shared/reference/r/robust_vcov.json
## Run: Rscript reference/r/scripts/40_robust_vcov.R (from the shared folder)
##
##  columbus  CRIME ~ INC + HOVAL, OLS: sandwich::vcovHC(type = "HC0") (White 1980) and "HC1" (n/(n-k)).
##  produc    log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp, plm pooling and within (individual effects):
##            plm::vcovHC(method = "arellano", type = "HC0", cluster = "group") (Arellano 1987: sum over states of
##            X_g' e_g e_g' X_g, no small-sample factor) and plm::vcovSCC(type = "HC0", maxlag = 2, Bartlett weights
##            1 - l/(L + 1)) (Driscoll & Kraay 1998: h_t = sum_i x_it e_it, Omega_0 + sum_l w_l (Omega_l + Omega_l')).
##            maxlag 2 = floor(4 (17/100)^(2/9)), Stata xtscc's default for T = 17. Also residuals, so a test can
##            rebuild the scores from the data it reads.
source(file.path(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))), "common.R"))
suppressPackageStartupMessages({ library(sandwich); library(plm) })
ORACLE_PKGS <- c(ORACLE_PKGS, "sandwich")

col <- read_columbus()
EV("columbus_ols", 'ols <- lm(CRIME ~ INC + HOVAL, data = col)')
EV("columbus_hc0", 'hc0 <- sandwich::vcovHC(ols, type = "HC0")')
EV("columbus_hc1", 'hc1 <- sandwich::vcovHC(ols, type = "HC1")')

pr <- read_produc()
EV("produc_pdata", 'pd <- pdata.frame(pr, index = c("state", "year"))')
f <- log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp
EV("produc_pooling", 'pool <- plm(f, data = pd, model = "pooling")')
EV("produc_within", 'within <- plm(f, data = pd, model = "within", effect = "individual")')
EV("pooling_arellano", 'pool_cl <- plm::vcovHC(pool, method = "arellano", type = "HC0", cluster = "group")')
EV("pooling_scc", 'pool_scc <- plm::vcovSCC(pool, type = "HC0", maxlag = 2, wj = function(j, maxlag) 1 - j / (maxlag + 1))')
EV("pooling_white1", 'pool_hc0 <- plm::vcovHC(pool, method = "white1", type = "HC0")')
EV("within_arellano", 'within_cl <- plm::vcovHC(within, method = "arellano", type = "HC0", cluster = "group")')
EV("within_scc", 'within_scc <- plm::vcovSCC(within, type = "HC0", maxlag = 2, wj = function(j, maxlag) 1 - j / (maxlag + 1))')

fit_json <- function(m, vc) list(coefficients = nv(coef(m)), vcov = mat_json(vc), residuals = arr(as.numeric(residuals(m))))
out <- list(
  provenance = c(provenance("40_robust_vcov.R"), list(calls = calls_recorded())),
  conventions = list(
    scores = "least squares: bread (X'X)^-1, scores x_i e_i (within: demeaned x and e); vcov = bread B bread",
    HC0 = "B = sum_i s_i s_i' (no factor); HC1 multiplies by n/(n - k)",
    arellano = "B = sum_g (sum_{i in g} s_i)(sum_{i in g} s_i)', g = state, type HC0: no small-sample factor",
    scc = "h_t = sum_i s_it, B = Omega_0 + sum_{l=1..2} (1 - l/3)(Omega_l + Omega_l'), Omega_l = sum_{t > l} h_t h_{t-l}', type HC0: no factor",
    row_order = "produc rows: states in usaww order, years ascending (the file's order); residuals in that order"),
  columbus = list(ols = fit_json(ols, hc0), HC0 = mat_json(hc0), HC1 = mat_json(hc1)),
  produc = list(pooling = c(fit_json(pool, pool_cl), list(arellano = mat_json(pool_cl), scc = mat_json(pool_scc), white1 = mat_json(pool_hc0))),
                within = c(fit_json(within, within_cl), list(arellano = mat_json(within_cl), scc = mat_json(within_scc)))))
write_json_full(out, file.path(DIR_REF, "r", "robust_vcov.json"))
