import Foundation
import SpatialEconometrics

/// The response and regressors of a regression command: `--y NAME --x A,B,...` (columns or expressions), or
/// `--formula 'Y ~ A + B'` with R's meaning (``Formula``: `I()` for arithmetic, `a:b` and `a*b` interactions,
/// `- 1` drops the intercept), declared once in ``SharedOptions``.
struct RegressionVariables: Sendable {
    let y: String
    let x: [String]
    /// The formula's intercept choice (`nil` with `--y`/`--x`: the command's default).
    let formulaIntercept: Bool?

    init(_ o: inout ParsedOptions) throws(UsageError) {
        guard let text = try o.given("--formula") else {
            y = try o.required("--y")
            x = try o.requiredList("--x")
            formulaIntercept = nil
            return
        }
        if let given = ["--y", "--x"].first(where: { o.has($0) }) { throw .exclusive("--formula", given) }
        let formula: Formula
        do { formula = try Formula(text) } catch { throw .invalid("--formula", message: "--formula: \(error)") }
        guard !formula.terms.isEmpty else {
            throw .invalid("--formula", message: "--formula '\(text)' has no regressor: give at least one term after '~'")
        }
        y = formula.response.text
        x = formula.termNames
        formulaIntercept = formula.intercept
    }
}
