import Foundation
import SpatialEconometrics

extension FitCommand {
    /// Reads `--vce` (declared once, ``SharedOptions/vce``) and refuses, with `.inapplicable`, the modes that do not
    /// support the covariance asked for: cluster and Driscoll-Kraay on a cross-section, the bias-corrected dynamic panel and the bias-corrected estimates, with `--se hessian`, and HAC (GMM's) for every ML fit.
    static func covariance(_ o: inout ParsedOptions, model: SpatialModel, panel: PanelSpecification?, seMethod: StandardErrorMethod) throws(UsageError) -> CovarianceEstimator {
        guard let text = try o.given("--vce") else { return .default }
        let vce: CovarianceEstimator
        do { vce = try CovarianceEstimator(parsing: text) } catch {
            // The library's message starts "vce '...'": the option's name on the command line is --vce.
            if case .invalidArgument(let message) = error { throw .invalid("--vce", message: "--" + message) }
            throw .invalid("--vce", message: "--vce \(text): \(error.description)")
        }
        if vce == .default { return vce }
        if case .hac = vce {
            throw .inapplicable("--vce", message: "--vce \(text): the spatial HAC covariance belongs to the GMM (two-stage least-squares) fits: "
                + "spatial gmm --model sar|sdm --vce \(text) --coordinates X,Y. The ML estimator is consistent only under the error "
                + "process it specifies, so a HAC sandwich would not make an ML fit valid; an ML fit takes default, robust, cluster or dkraay[:LAGS]")
        }
        switch panel {
        case nil:
            if vce.needsPanel {
                throw .inapplicable("--vce", message: "--vce \(text) needs a panel (give --unit and --time); a cross-section takes default or robust")
            }
        case .random, .generalizedRandom:
            break
        case .dynamic(_, _, let biasCorrected):
            if biasCorrected {
                throw .inapplicable("--vce", message: "--vce \(text) does not apply to the bias-corrected --dynamic fit (not the maximum of a likelihood): "
                    + "add --uncorrected for the QML, whose scores the sandwich sums")
            }
        case .fixed(_, let estimator):
            if estimator == .biascorrected {
                throw .inapplicable("--vce", message: "--vce \(text) does not apply to --estimator biascorrected: the corrected estimates are not the maximum "
                    + "of a likelihood, so no sandwich of its scores applies (use leeyu or direct)")
            }
        case .unbalanced:
            break
        }
        if seMethod == .hessian {
            throw .inapplicable("--vce", message: "--vce \(text) is a sandwich whose bread is the information matrix; it does not combine with --se hessian")
        }
        return vce
    }
}
