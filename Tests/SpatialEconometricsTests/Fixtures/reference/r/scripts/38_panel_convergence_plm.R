# Cross-check of the OLS within panel beta convergence (reference/py/panel_convergence_china31.json, "within") with
# plm 2.6 (R 4.2.2): growth ln y_t - ln y_t-1 on ln y_t-1 (and urbanization_rate_t-1), within, individual and two-way.
# Prints beta and its SE (observed 2026-12-01: equal to the numpy values to 1e-14). Run from the Fixtures folder:
#   Rscript reference/r/scripts/38_panel_convergence_plm.R
suppressMessages(library(plm))
d <- read.csv("data/china31/panel.csv"); d$ly <- log(d$gdp*10000/d$population)
p <- pdata.frame(d, index=c("id","year"))
p$g <- p$ly - plm::lag(p$ly); p$lly <- plm::lag(p$ly); p$lu <- plm::lag(p$urbanization_rate)
for (e in c("individual","twoways")) { m <- plm(g ~ lly, data=p, model="within", effect=e); print(sprintf("%s %.17g %.17g", e, coef(m)[1], sqrt(vcov(m)[1,1])))
 m <- plm(g ~ lly + lu, data=p, model="within", effect=e); print(sprintf("cond %s %.17g %.17g", e, coef(m)[1], sqrt(vcov(m)[1,1])))}
