import Foundation

/// Which regressors of a Durbin model (SLX, SDM, SDEM) get a spatial lag, and with which weights matrix: xsmle's
/// `durbin(varlist)` and `dmat(W2)`.
///
/// The model is `y = rho W y + X b + W2 X_D theta + u` (`u = lambda W u + e` for the SDEM), `X_D` the columns of X
/// named in `durbin` (all of them when `nil`) and `W2` the Durbin weights (W itself when `nil`). The likelihood is the
/// one of the lag or error model with `W2 X_D` as extra regressors, so a fit with a subset or a second matrix equals
/// the SAR / SEM fitted with those columns added by hand; only the names (`W_<x>`) and the effects differ.
///
/// Effects: with W2 = W, `(I - rho W)^-1 (b_k I + theta_k W)` with `theta_k = 0` for a regressor without a lag. With a
/// distinct W2 the effects `(I - rho W)^-1 (b_k I + theta_k W2)` need traces of `(I - rho W)^-1 W2`, which this
/// package does not compute: ``ImpactMeasures`` refuses such fits with ``ModelError/invalidArgument(_:)``.
///
/// Reference: Belotti, Hughes & Piano Mortari (2017), "Spatial panel-data models using Stata", *Stata Journal* 17(1),
/// 139–180 (`durbin()`, `dmat()`).
public enum DurbinTerms {
    /// The regressors to lag, in the order of `x`, after checking `durbin` against the model and the regressors.
    ///
    /// - Parameters:
    ///   - durbin: the names to lag (`nil`: all of `x` for a Durbin model, none otherwise).
    ///   - x: the regressors, as given.
    ///   - model: the model; `durbin` and `durbinWeights` apply to SLX, SDM and SDEM only.
    ///   - separateWeights: whether a second weights matrix for W X was given.
    /// - Throws: ``ModelError/invalidArgument(_:)`` naming the option and the offending regressor: `durbin` or
    ///   `durbinWeights` for a model without W X, an empty list, a repeated name, or a name that is not a regressor.
    public static func lagged(_ durbin: [String]?, of x: [String], model: SpatialModel, separateWeights: Bool = false) throws(ModelError) -> [String] {
        if !model.hasDurbin {
            if durbin != nil {
                throw .invalidArgument("durbin (--durbin) applies to the models with W X terms (sdm, sdem, slx), not to the \(model.rawValue.uppercased())")
            }
            if separateWeights {
                throw .invalidArgument("durbinWeights (--durbin-weights) applies to the models with W X terms (sdm, sdem, slx), not to the \(model.rawValue.uppercased())")
            }
            return []
        }
        guard let durbin else { return x }
        guard !durbin.isEmpty else {
            throw .invalidArgument("durbin (--durbin) lists no regressor: give at least one of \(x.joined(separator: ", ")) (without W X terms fit the SAR or SEM)")
        }
        var seen = Set<String>()
        for name in durbin {
            guard x.contains(name) else {
                throw .invalidArgument("durbin (--durbin): '\(name)' is not a regressor; the regressors are \(x.joined(separator: ", "))")
            }
            guard seen.insert(name).inserted else { throw .invalidArgument("durbin (--durbin): '\(name)' is listed twice") }
        }
        return x.filter { seen.contains($0) }
    }
}
