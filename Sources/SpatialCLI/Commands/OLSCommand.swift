import Foundation
import SpatialEconometrics

/// `spatial ols`: OLS with the spatial diagnostics.
struct OLSCommand: Command {
    static let name = "ols"
    static let summary = "OLS with spatial diagnostics (Moran's I of residuals, LM lag/error, robust, SARMA)"
    static let synopsis = ["--data F --y NAME --x A,B,... --weights W [--no-intercept] [--json]"]
    static let noIntercept = Option("--no-intercept", .flag, help: "fit without a constant term")
    static let groups = [
        SharedOptions.dataGroup(SharedOptions.y, SharedOptions.x),
        OptionGroup("Model", [noIntercept]),
        SharedOptions.weightsGroup,
        SharedOptions.outputGroup,
    ]
    static let notes = """
        JSON: {"model":"ols","n","coefficients":[{"name","estimate","std_error","z","p_value"}],"sigma2",
               "log_likelihood","aic","diagnostics":{"moran_residuals","lm_error","lm_lag","robust_lm_error",
               "robust_lm_lag","lm_sarma"},"tests":{...}} (the "z" of OLS coefficients is the t statistic)
        """

    let json: Bool, noIntercept: Bool
    let data: String, y: String, x: [String]
    let weightsInput: WeightsInput

    init(_ o: inout ParsedOptions) throws(UsageError) {
        json = try o.flag("--json")
        noIntercept = try o.flag("--no-intercept")
        data = try o.required("--data")
        y = try o.required("--y")
        x = try o.requiredList("--x")
        weightsInput = try WeightsInput(&o)
    }

    func run(_ context: CommandContext) throws -> Int32 {
        let console = context.console
        let paired = try weightsInput.pair(try DataTable(contentsOf: URL(fileURLWithPath: data)), columns: [y] + x, console: console)
        let w = paired.weights
        let ols: OrdinaryLeastSquares
        do { ols = try OrdinaryLeastSquares(data: paired.table, y: y, x: x, intercept: !noIntercept) } catch { throw paired.inSourceRows(error) }
        let diag = try SpatialDiagnostics(data: paired.table, y: y, x: x, weights: w, intercept: !noIntercept)
        if json {
            var tests = ["jarque_bera": ols.jarqueBera]
            if let bp = ols.breuschPagan { tests["breusch_pagan"] = bp }
            if let kb = ols.koenkerBassett { tests["koenker_bassett"] = kb }
            if let f = ols.fTest { tests["f"] = f }
            try console.json(FitReport(model: "ols", n: ols.n, coefficients: ols.coefficients, sigma2: ols.sigma2, logLikelihood: ols.logLikelihood,
                                       aic: ols.aic, bic: ols.bic, standardErrors: "OLS, s^2 = e'e/(n - k)", tests: tests, diagnostics: diag,
                                       warnings: w.warnings + ols.warnings, pairing: PairingReport(paired)))
        } else {
            console.text(ols.summary + "\n\n" + diag.summary + "\n" + PairingReport.line(paired))
        }
        return ExitStatus.success
    }
}
