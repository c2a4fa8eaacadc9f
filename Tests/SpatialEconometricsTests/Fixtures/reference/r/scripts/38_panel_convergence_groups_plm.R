# Cross-check of the OLS within panel beta convergence by group (reference/py/panel_convergence_groups_china31.json)
# with plm (R 4.2.2): within each NBS region of data/china31/provinces.csv, on that region's provinces alone, growth
# ln y_t - ln y_t-1 on ln y_t-1 (and urbanization_rate_t-1), within, individual and two-way effects.
# Writes reference/r/panel_convergence_groups_plm.json (beta and its SE, %.17g). Run from the Fixtures folder:
#   Rscript reference/r/scripts/38_panel_convergence_groups_plm.R
suppressMessages(library(plm))
d <- read.csv("data/china31/panel.csv"); d$ly <- log(d$gdp * 10000 / d$population)
prov <- read.csv("data/china31/provinces.csv")
d$region <- prov$region[match(d$id, prov$id)]
num <- function(x) sprintf("%.17g", x)
parts <- c()
for (r in sort(unique(d$region))) {
  p <- pdata.frame(d[d$region == r, ], index = c("id", "year"))
  p$g <- p$ly - plm::lag(p$ly); p$lly <- plm::lag(p$ly); p$lu <- plm::lag(p$urbanization_rate)
  fits <- c()
  for (e in c("individual", "twoways")) {
    a <- plm(g ~ lly, data = p, model = "within", effect = e)
    c2 <- plm(g ~ lly + lu, data = p, model = "within", effect = e)
    fits <- c(fits, sprintf('"absolute_%s": {"beta": %s, "std_error": %s}', e, num(coef(a)[1]), num(sqrt(vcov(a)[1, 1]))),
              sprintf('"conditional_%s": {"beta": %s, "std_error": %s}', e, num(coef(c2)[1]), num(sqrt(vcov(c2)[1, 1]))))
  }
  parts <- c(parts, sprintf('  "%s": {%s}', r, paste(fits, collapse = ", ")))
}
writeLines(c("{", sprintf('"provenance": {"R": "%s", "plm": "%s", "script": "reference/r/scripts/38_panel_convergence_groups_plm.R"},',
                          R.version.string, as.character(packageVersion("plm"))),
             '"groups": {', paste(parts, collapse = ",\n"), "}}"), "reference/r/panel_convergence_groups_plm.json")
