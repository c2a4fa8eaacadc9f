import Foundation
import SpatialEconometrics

/// The options several commands share, each declared here once: the data table and its columns, the weights and
/// how rows are matched to them, the panel's columns and effects, and the output format. A command lists the groups
/// it takes; ``WeightsInput`` and ``PanelInput`` read them the same way everywhere.
enum SharedOptions {
    // MARK: Data

    static let data = Option("--data", .value, "F", help: "the data table: a CSV file with a header row, or a shapefile's .dbf attribute table (code page from a .cpg beside it)")
    static let y = Option("--y", .value, "NAME", help: "the dependent variable's column, or an expression over columns: 'log(gsp)'")
    static let x = Option("--x", .list, "A,B,...", help: "the explanatory variables' columns or expressions, comma-separated: 'log(pcap),pc/emp'")
    static let formula = Option("--formula", .value, "'Y ~ A + B'", help: """
        instead of --y and --x: a formula with R's meaning, 'log(gsp) ~ log(pcap) + I(pc / emp) + unemp' (+ separates \
        terms, I() wraps arithmetic, a:b and a*b are interactions, - 1 drops the intercept of a cross-section); the \
        tables name the terms as written
        """)
    static let variable = Option("--var", .value, "NAME", help: "the variable's column, or an expression over columns: 'log(x)'")
    static let by = Option("--by", .value, "TIMECOL",
                           help: "one result per period of this column (periods sorted numerically when they are numbers, else in order of first appearance)")

    /// `--data` followed by the command's own columns.
    static func dataGroup(_ columns: Option...) -> OptionGroup { OptionGroup("Data", [data] + columns) }

    // MARK: Weights

    static let weights = Option("--weights", .value, "W", help: "weights file: .gal, .gwt, .json, or .csv (dense n x n, or triplets i,j,w / edge list)")

    /// `--transform`, with the command's default (`row` where weights are used in a model, `none` where they are built).
    static func transform(default d: String, help: String = "the transformation of the weights") -> Option {
        Option("--transform", .choice(WeightsTransformation.allCases.map(\.rawValue)), "T", default: d, help: help)
    }

    static let idColumn = Option("--id-column", .value, "NAME", help: """
        data column holding the weights' ids (cross-sections: in a panel the unit column names them). Default: the column the weights \
        name (a GAL/GWT header '0 n name POLYID', a dense CSV's corner cell), else the one column whose values are exactly the \
        weights' ids (several: refused, name one). Rows are always matched by id, never by position: results do not depend on the \
        order of rows or of the weights' units, and are listed in the weights' ids sorted (numerically when all are integers)
        """)
    static let byPosition = Option("--by-position", .flag, help: """
        pair row k (a panel: the k-th unit in order of first appearance) with unit k of the weights file instead (only \
        weights without ids of their own, units 1..n or 0..n-1, are paired this way by default, with a warning)
        """)
    static let dropMissing = Option("--drop-missing", .flag, help: """
        drop the units with a missing cell in the columns used (a panel: in any period, so it stays balanced) and subset the \
        weights to the rest (transformation applied again; dropped units and new islands named on stderr); without it a \
        missing cell is an error naming its row and column
        """)

    /// Every command that pairs a data table with a weights file takes these (``WeightsInput``).
    static let weightsGroup = OptionGroup("Weights", [weights, transform(default: "row"), idColumn, byPosition, dropMissing])

    // MARK: Durbin terms

    static let durbin = Option("--durbin", .list, "A,B,...", help: """
        sdm, sdem, slx: the W X terms only for these regressors (each among --x, or the --formula's terms as written), \
        as xsmle's durbin(); without it every regressor gets its W_ lag
        """)
    static let durbinWeights = Option("--durbin-weights", .value, "W2", help: """
        sdm, sdem, slx: a second weights file for the W X terms (xsmle's dmat()), matched to the units by id like \
        --weights and transformed with --transform; effects are not computed with it (they need traces of (I - rho W)^-1 W2)
        """)

    static let errorWeights = Option("--error-weights", .value, "M", help: """
        sac on a fixed-effects panel: a second weights file M for the error term u = lambda M u + e (xsmle's emat()), \
        matched to the units by id like --weights and transformed with --transform; standard errors then come from the \
        numerical Hessian
        """)

    // MARK: Panels

    static let unit = Option("--unit", .value, "ID", help: "the units' column (a panel: each unit once per period)")
    static let time = Option("--time", .value, "T", help: "the periods' column")

    /// `--effects` with the values a command accepts.
    static func effects(_ allowed: [String], default value: String = "twoways", help: String) -> Option {
        Option("--effects", .choice(allowed), "E", default: value, help: help)
    }

    static let unbalanced = Option("--unbalanced", .optionalChoice(UnbalancedWeights.allCases.map(\.rawValue), implied: UnbalancedWeights.renormalized.rawValue),
                                   "W_T", help: """
        allow gaps (unit-periods without a row) in a fixed-effects sar or sdm fit: the exact direct approach on the observed \
        cells, W_t = W restricted to each period's observed units, renormalized (W's transformation applied again; the \
        default) or restricted (W's weights kept); effects by the exact two-way projection; with --drop-missing, rows with a \
        missing value become gaps. Without it a gap is an error
        """)
    static let estimator = Option("--estimator", .choice(PanelEstimator.allCases.map(\.rawValue)), "E", default: "leeyu", help: """
        the fixed-effects estimator: leeyu (Lee-Yu transformation), biascorrected, direct (exact direct approach), splm \
        (splm's lag of the demeaned y, to reproduce published splm numbers)
        """)

    // MARK: Covariance

    /// `--vce`: one vocabulary for every estimator's covariance (``CovarianceEstimator``).
    static let vce = Option("--vce", .value, "V", default: "default", help: """
        the covariance of the estimates: default (the estimator's own: the information matrix for ML), robust \
        (heteroskedasticity-robust sandwich, factor m/(m-1)), cluster (by unit, factor G/(G-1); panels), dkraay[:LAGS] \
        (Driscoll-Kraay, Bartlett lags, default floor(4 (T/100)^(2/9)); panels), hac:KERNEL:BANDWIDTH (spatial HAC of \
        Kelejian & Prucha 2007, spatial gmm S2SLS only, over the units' coordinates: KERNEL triangular|bartlett, uniform, epanechnikov|quadratic, \
        bisquare|quartic, gaussian, parzen, normalised to k(0) = 1; BANDWIDTH a distance H, knn:K (the largest K-th-nearest-neighbour \
        distance) or adaptive:K (each unit's own, libpysal Kernel(k=K, fixed=False)), e.g. hac:triangular:adaptive:10); \
        standard errors, tests and --impacts use it. The spatial ML estimator itself is not robust to \
        heteroskedasticity of unknown form (Lin & Lee 2010): the sandwich corrects the covariance only
        """)

    /// `--coordinates X,Y`: the units' coordinate columns for the spatial HAC kernel (`--vce hac:...`).
    static let coordinates = Option("--coordinates", .list, "X,Y", help: """
        with --vce hac: the two columns of the data holding each unit's coordinates (planar; the kernel's distances are \
        Euclidean in their units), matched to the weights' units as the other columns are
        """)

    // MARK: Maps

    /// `--map`: polygons to draw the result over (each command says what it draws).
    static let map = Option("--map", .value, "GEOJSON", help: "polygons (GeoJSON, or a .shp shapefile) to draw the result over")
    static let mapIdProperty = Option("--map-id-property", .value, "P", help: """
        the polygons' property joined to the units (default: the weights' id variable, else the data's id column, \
        else the one property holding the weights' ids); no match at all is an error, a partial match a warning \
        with the counts
        """)
    static let inset = Option("--inset", .list, "ID1,ID2,...", help: """
        units (by the ids the map is joined by) drawn in a framed inset panel at their own scale and left out of the \
        main map's extent, e.g. islands far from the mainland; ids that match no polygon are named in a warning
        """)

    // MARK: Composite index (entropy, obstacle, grey)

    static let indicators = Option("--indicators", .value, "LIST", help: "columns with their direction: + more is better, - less is better")
    static let indexUnit = unit.with(help: "the units' column: with --time, a balanced panel whose units and years are by default normalised together")
    static let perPeriod = Option("--per-period", .flag, help: "weights computed period by period instead (needs --time)")
    static let fillGaps = Option("--fill-gaps", .value, "E", help: """
        fill missing cells first (needs --unit and --time): linear interpolation inside a unit's series, E (linear or \
        nearest) extrapolation at its ends; every filled cell is listed. Without it a missing cell is an error
        """)
    static let shift = Option("--shift", .number, "S", default: "\(EntropyOptions.defaultShift)", help: """
        added to the normalised values before p_ij = x'_ij / sum x'_ij; --shift 0 uses the convention 0 ln 0 = 0. \
        Scores use the unshifted values
        """)
    static let indicatorGroups = Option("--groups", .value, "SPEC", help: "first-level dimensions (\"dim1=a,b;dim2=c\"): their summed weights and sub-index scores")
    static let weighting = Option("--weighting", .choice(EntropyOptions.Weighting.allCases.map(\.rawValue)), "W", default: "entropy", help: """
        entropy (w = d / sum d), equal (1/m), cv (coefficient of variation s/mean, w = V / sum V), critic (Diakoulaki: \
        C = s sum_k (1 - r_jk) on the normalised values, w = C / sum C) or improved-critic (C = (s / mean) sum_k (1 - |r_jk|))
        """)
    static let normalization = Option("--normalization", .choice(EntropyOptions.Normalization.allCases.map(\.rawValue)), "N", default: "min-max",
                                      help: "min-max: (x-min)/(max-min), (max-x)/(max-min); ratio: x/max, min/x")
    static let cvBasis = Option("--cv-basis", .choice(EntropyOptions.CVBasis.allCases.map(\.rawValue)), "B", default: "raw", help: """
        --weighting cv (or --combine-with cv): the CV of the raw values (scale-free, direction-free; needs a positive mean) \
        or of the normalised values
        """)
    static let criticConflict = Option("--critic-conflict", .choice(EntropyOptions.CriticConflict.allCases.map(\.rawValue)), "C", default: "signed", help: """
        CRITIC's conflict term: signed sum (1 - r) (Diakoulaki et al. 1995) or absolute sum (1 - |r|) (improved-critic always uses |r|)
        """)
    static let combine = Option("--combine", .choice(WeightCombination.Rule.allCases.map(\.rawValue)), "RULE", help: """
        combine the --weighting weights w1 with the sets w2, ..., wK of --combine-with (or w2 of --given-weights): \
        multiplicative prod_k wk / sum prod_k wk, linear sum_k c_k wk (two sets: alpha w1 + (1 - alpha) w2), or \
        game-theory (Nash: a from the K x K system (w_l . w_k) a = w_l . w_l, normalised |a| / sum |a|)
        """)
    static let combineWith = Option("--combine-with", .list, "M[,M...]", help: """
        the other objective sets of --combine, in order (e.g. critic with entropy; critic,cv for three sets): \
        \(EntropyOptions.Weighting.allCases.map(\.rawValue).joined(separator: ", "))
        """)
    static let givenWeights = Option("--given-weights", .list, "a=W,b=W", help: """
        the second set of --combine: subjective (AHP, expert) weights, one per indicator, rescaled to sum 1
        """)
    static let combineAlpha = Option("--combine-alpha", .number, "A", default: "0.5", help: "the share of the first set in --combine linear of two sets")
    static let combineShares = Option("--combine-shares", .list, "C1,C2,...", help: """
        the shares of --combine linear, one per set (the --weighting set first), >= 0 and summing to 1 (needed for three \
        or more sets)
        """)

    /// The indicator system and the weighting, shared by `entropy`, `obstacle` and `grey` (``IndexInput``);
    /// `dimensions`: the command takes `--groups`.
    static func indexGroups(dimensions: Bool = true) -> [OptionGroup] {
        [dataGroup(indicators),
         OptionGroup("Panel", [indexUnit, time, perPeriod, fillGaps]),
         OptionGroup("Weights", [weighting, normalization, shift] + (dimensions ? [indicatorGroups] : [])
                     + [cvBasis, criticConflict, combine, combineWith, givenWeights, combineAlpha, combineShares])]
    }

    // MARK: Output

    static let json = Option("--json", .flag, help: "print the result as JSON on stdout (full precision, NaN as null; shape below)")
    static let outputGroup = OptionGroup("Output", [json])

    static let format = Option("--format", .choice(OutputFormat.Kind.allCases.map(\.rawValue)), "F", default: "text", help: """
        text (the summary), markdown (pandoc/GitHub), latex (booktabs; pdflatex), csv, html, or json (as --json)
        """)
    static let standalone = Option("--standalone", .flag, help: """
        LaTeX only: a complete document (pdflatex; xelatex with ctex when labels are not ASCII, said in its first line)
        """)
    static let layout = Option("--layout", .choice(CoefficientLayout.allCases.map(\.rawValue)), "L", help: """
        coefficient tables: se (estimate with stars over its standard error in parentheses; the default of every format but \
        text) or statistics (estimate, standard error, z, p); with text, prints the tables in this layout instead of the summary
        """)
    /// `--json`, `--format`, `--standalone`, and `--layout` for commands that print coefficient tables (``OutputFormat``).
    static func exportGroup(coefficients: Bool) -> OptionGroup {
        OptionGroup("Output", [json, format, standalone] + (coefficients ? [layout] : []))
    }
}
