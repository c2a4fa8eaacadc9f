import Foundation

/// The standard normal distribution.
///
/// `cdf(z) = erfc(-z / sqrt 2) / 2`, computed from `erfc` so both tails keep full relative precision;
/// `quantile` starts from Abramowitz & Stegun 26.2.23 and refines with Halley steps to machine precision.
public enum Normal {
    /// `P(Z <= z)`.
    public static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// `P(Z > z)`.
    public static func upperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// Density `exp(-z^2/2) / sqrt(2 pi)`.
    public static func density(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }

    /// p-value of a z statistic for the given alternative.
    public static func pValue(_ z: Double, alternative: Alternative) -> Double {
        switch alternative {
        case .greater: return upperTail(z)
        case .less: return cdf(z)
        case .twoSided: return min(1, 2 * upperTail(abs(z)))
        }
    }

    /// The z with `P(Z <= z) = p`; `-inf` / `+inf` at 0 / 1, `nan` outside [0, 1].
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = min(p, 1 - p)
        let t = (-2 * log(q)).squareRoot()
        var x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
        if p < 0.5 { x = -x }
        for _ in 0..<4 {
            // Halley's method on f(x) = Phi(x) - p, written with the smaller tail for precision.
            let f = p < 0.5 ? cdf(x) - p : (1 - p) - upperTail(x)
            let d = density(x)
            guard d > 0 else { break }
            let u = f / d
            x -= u / (1 + 0.5 * x * u)
        }
        return x
    }
}

/// Which tail a test's p-value counts.
public enum Alternative: String, Sendable, Codable, CaseIterable {
    /// One-sided (the statistic is larger than under the null), one-sided (smaller), or two-sided (R's
    /// `"two.sided"`).
    case greater, less, twoSided = "two.sided"
}

/// Regularised incomplete gamma and beta functions, the building blocks of the chi-square, t and F
/// distributions (series and Lentz continued fractions; Press et al. 2007, *Numerical Recipes*, 6.2 and 6.4).
enum SpecialFunctions {
    /// `P(a, x) = gamma(a, x) / Gamma(a)` and its complement `Q`.
    static func regularizedGamma(_ a: Double, _ x: Double) -> (p: Double, q: Double) {
        guard a > 0, x >= 0, a.isFinite else { return (.nan, .nan) }
        if x == 0 { return (0, 1) }
        if x.isInfinite { return (1, 0) }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var sum = 1 / a, term = 1 / a, ap = a
            for _ in 0..<10_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            let p = min(1, sum * exp(logPrefix))
            return (p, 1 - p)
        }
        // Continued fraction for Q (modified Lentz).
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b; if abs(d) < tiny { d = tiny }
            c = b + an / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        let q = min(1, exp(logPrefix) * h)
        return (1 - q, q)
    }

    /// `I_x(a, b)`, the regularised incomplete beta function.
    static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        guard a > 0, b > 0, x >= 0, x <= 1 else { return .nan }
        if x == 0 || x == 1 { return x }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaFraction(x, a, b) / a
        }
        return 1 - exp(logFront) * betaFraction(1 - x, b, a) / b
    }

    private static func betaFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1..<10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}

/// The chi-square distribution with `degreesOfFreedom` > 0.
public struct ChiSquared: Sendable {
    /// The degrees of freedom.
    public let degreesOfFreedom: Double
    /// The distribution with `degreesOfFreedom` > 0 (not checked: a non-positive value gives NaN probabilities).
    public init(degreesOfFreedom: Double) { self.degreesOfFreedom = degreesOfFreedom }
    /// `P(X <= x)`.
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : SpecialFunctions.regularizedGamma(degreesOfFreedom / 2, x / 2).p }
    /// `P(X > x)`: the p-value of an LR, LM or Wald statistic.
    public func upperTail(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return x <= 0 ? 1 : SpecialFunctions.regularizedGamma(degreesOfFreedom / 2, x / 2).q
    }
}

/// Student's t distribution.
public struct StudentT: Sendable {
    /// The degrees of freedom.
    public let degreesOfFreedom: Double
    /// Student's t with `degreesOfFreedom` > 0.
    public init(degreesOfFreedom: Double) { self.degreesOfFreedom = degreesOfFreedom }
    /// `P(|T| > |t|)`.
    public func twoSidedPValue(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if t.isInfinite { return 0 }
        return SpecialFunctions.regularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5)
    }
    /// `P(T <= t)`.
    public func cdf(_ t: Double) -> Double {
        let tail = 0.5 * twoSidedPValue(t)
        return t >= 0 ? 1 - tail : tail
    }
}

/// The F distribution with `(numerator, denominator)` degrees of freedom.
public struct FDistribution: Sendable {
    /// The numerator and denominator degrees of freedom.
    public let numerator: Double, denominator: Double
    /// F with `numerator` and `denominator` degrees of freedom, both > 0.
    public init(numerator: Double, denominator: Double) { self.numerator = numerator; self.denominator = denominator }
    /// `P(F > f)`.
    public func upperTail(_ f: Double) -> Double {
        if f.isNaN { return .nan }
        if f <= 0 { return 1 }
        return SpecialFunctions.regularizedBeta(denominator / (denominator + numerator * f), denominator / 2, numerator / 2)
    }
}
