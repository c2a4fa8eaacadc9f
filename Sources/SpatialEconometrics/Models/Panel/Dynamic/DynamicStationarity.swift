import Foundation

/// Stability of a dynamic spatial panel model `y_t = A y_{t-1} + ...`, `A = (I - rho W)^-1 (tau I + eta W)`
/// (Yu, de Jong & Lee 2008; Elhorst 2012, sec. 3; Debarsy, Ertur & LeSage 2012).
///
/// The eigenvalues of A are `(tau + eta w_i) / (1 - rho w_i)` over W's eigenvalues `w_i`. The model is stationary when
/// all lie inside the unit circle (``maximumModulus`` < 1): only then does `y` not explode and do the long-run effects
/// `[(1 - tau) I - (rho + eta) W]^-1 (beta_k I + theta_k W)` exist. ``sumOfAbsoluteValues`` `|tau| + |rho| + |eta|`
/// < 1 is Elhorst's (2012) sufficient condition, reported beside it.
///
/// With two-way effects the transformation removes the unit eigenvector of a row-standardised W (w = 1, eigenvalue
/// `(tau + eta)/(1 - rho)` of A), so the bias correction needs only ``transformedMaximumModulus`` (the other
/// eigenvalues) < 1; with individual effects both are the same.
///
/// Up to ``DynamicPanelRegression/eigenvalueMaximumUnits`` units (or whenever the fit's log-determinant holds the
/// eigenvalues) the moduli are exact (``exact``). Above, for W similar to a symmetric matrix (real spectrum in
/// `[w_min, w_max]` from the log-determinant's interval `(1/w_min, 1/w_max)`), the Möbius map
/// `w -> (tau + eta w)/(1 - rho w)` is monotone on the spectrum, so its largest modulus is at an end: exact for the
/// full spectrum, an upper bound (w_max = 1 kept) for the transformed one.
public struct DynamicStationarity: Sendable, Codable, Equatable {
    /// `|tau| + |rho| + |eta|`.
    public let sumOfAbsoluteValues: Double
    /// `max_i |(tau + eta w_i)/(1 - rho w_i)|` over every eigenvalue of W.
    public let maximumModulus: Double
    /// The same without W's unit eigenvalue for two-way effects (the transformed space of Lee & Yu 2010).
    public let transformedMaximumModulus: Double
    /// Whether the moduli come from W's eigenvalues (else from the ends of its real spectrum).
    public let exact: Bool

    /// `maximumModulus < 1`.
    public var isStationary: Bool { maximumModulus < 1 }

    enum CodingKeys: String, CodingKey {
        case sumOfAbsoluteValues = "sum_abs_tau_rho_eta", maximumModulus = "max_mod_eig_A"
        case transformedMaximumModulus = "max_mod_eig_A_transformed", exact
    }

    init(tau: Double, eta: Double, rho: Double, spectrum: WeightsSpectrum, twoWays: Bool) {
        sumOfAbsoluteValues = abs(tau) + abs(rho) + abs(eta)
        func modulus(_ w: Complex) -> Double {
            // |tau + eta w| / |1 - rho w|.
            hypot(tau + eta * w.real, eta * w.imaginary) / hypot(1 - rho * w.real, -rho * w.imaginary)
        }
        switch spectrum {
        case .eigenvalues(let values, let unit):
            var all = 0.0, transformed = 0.0
            for (i, w) in values.enumerated() {
                let m = modulus(w)
                all = max(all, m)
                if !(twoWays && i == unit) { transformed = max(transformed, m) }
            }
            maximumModulus = all; transformedMaximumModulus = transformed; exact = true
        case .range(let lo, let hi):
            let m = max(modulus(Complex(lo)), modulus(Complex(hi)))
            maximumModulus = m; transformedMaximumModulus = m; exact = false
        }
    }
}

/// What the dynamic model knows of W's spectrum: its eigenvalues (and the index of the unit one of a
/// row-standardised W), or the ends of a real spectrum.
enum WeightsSpectrum: Sendable {
    case eigenvalues([Complex], unit: Int?)
    case range(Double, Double)

    init(logDeterminant ld: any LogDeterminant, weights: SpatialWeights, eigenvalueMaximumUnits: Int) throws(ModelError) {
        var values: [Complex]? = (ld as? EigenvalueLogDeterminant)?.eigenvalues
        if values == nil && weights.count <= eigenvalueMaximumUnits { values = try EigenvalueLogDeterminant(weights).eigenvalues }
        if let values {
            let unit = weights.isRowStochastic ? values.indices.min { hypot(values[$0].real - 1, values[$0].imaginary) < hypot(values[$1].real - 1, values[$1].imaginary) } : nil
            self = .eigenvalues(values, unit: unit)
        } else {
            let i = ld.interval
            self = .range(1 / i.lowerBound, 1 / i.upperBound)
        }
    }
}
