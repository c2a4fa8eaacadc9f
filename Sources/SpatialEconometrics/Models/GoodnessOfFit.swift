import Foundation

/// An R^2 of a spatial fit with the definition it follows. Spatial ML fits have no single R^2 (the residuals
/// are not orthogonal to the fitted values), so every report says which one it prints:
///
/// - cross-section fits: the pseudo R^2 `corr(y, yhat)^2` with the naive prediction `yhat = X b + rho W y`
///   (lag models; `X b` for error models, which excludes the spatially correlated error), spreg's `pr2`
///   (Anselin & Rey 2014, *Modern Spatial Econometrics in Practice*, ch. 7);
/// - fixed-effects panels: the within R^2 `1 - SSE / sum(y~^2)` of the estimator's transformed data
///   (Elhorst 2014, *Spatial Econometrics*, ch. 3.5).
public struct GoodnessOfFit: Sendable, Codable, Equatable {
    /// The R^2.
    public let value: Double
    /// The formula, in words a reader of the table can check.
    public let definition: String

    /// An R^2 with its definition.
    public init(value: Double, definition: String) {
        self.value = value
        self.definition = definition
    }

    /// `corr(a, b)^2` (NaN when either is constant).
    static func squaredCorrelation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        guard a.count == b.count, a.count > 1 else { return .nan }
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices {
            let da = a[i] - ma, db = b[i] - mb
            sab += da * db; saa += da * da; sbb += db * db
        }
        return saa > 0 && sbb > 0 ? sab * sab / (saa * sbb) : .nan
    }

    /// The pseudo R^2 definition of a cross-section fit of `model`.
    static func pseudoDefinition(_ model: SpatialModel) -> String {
        model.hasLag ? "pseudo R^2 = corr(y, yhat)^2, yhat = X b + rho W y (spreg pr2)"
            : model == .slx ? "R^2 = corr(y, X b)^2 (OLS)" : "pseudo R^2 = corr(y, X b)^2 (spreg pr2)"
    }
}
