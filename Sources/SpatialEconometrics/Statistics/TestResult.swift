import Foundation

/// A test statistic with its reference distribution and p-value: the common currency of the specification tests.
public struct TestResult: Sendable, Codable, Equatable {
    /// The reference distribution of a statistic: chi-square, standard normal, F, Student's t, or a chi-bar-square
    /// mixture.
    public enum Distribution: String, Sendable, Codable {
        /// Chi-square, standard normal, F and Student's t.
        case chiSquared = "chi2", normal, f = "F", t
        /// A mixture of chi-squares (one-sided joint tests; the name states the weights).
        case chiBarSquared = "chibar2"
    }

    /// The test's name, as the tables print it.
    public let name: String
    /// The value of the statistic.
    public let statistic: Double
    /// Degrees of freedom (chi-square, t), or the numerator df for F.
    public let df: Double
    /// Denominator degrees of freedom for F.
    public let df2: Double?
    /// The reference distribution of ``statistic`` under the null.
    public let distribution: Distribution
    /// The p-value of ``statistic`` under ``distribution``.
    public let pValue: Double
    /// Why the statistic is not a valid test, `nil` when it is (e.g. a Hausman statistic whose variance difference is
    /// not positive definite): tables then print it without stars and decisions do not use it.
    public var invalidReason: String? = nil
    /// Whether the statistic is a valid test (``invalidReason`` is nil).
    public var isValid: Bool { invalidReason == nil }

    enum CodingKeys: String, CodingKey { case name, statistic, df, df2, distribution, pValue = "p_value", invalidReason = "invalid_reason" }

    /// This result marked as not a valid test, for the given reason.
    public func invalid(_ reason: String) -> TestResult {
        var copy = self
        copy.invalidReason = reason
        return copy
    }

    /// A chi-square test: `p = P(chi2_df > statistic)`.
    public static func chiSquared(_ name: String, _ statistic: Double, df: Double) -> TestResult {
        TestResult(name: name, statistic: statistic, df: df, df2: nil, distribution: .chiSquared,
                   pValue: ChiSquared(degreesOfFreedom: df).upperTail(statistic))
    }

    /// An F test.
    public static func f(_ name: String, _ statistic: Double, df1: Double, df2: Double) -> TestResult {
        TestResult(name: name, statistic: statistic, df: df1, df2: df2, distribution: .f,
                   pValue: FDistribution(numerator: df1, denominator: df2).upperTail(statistic))
    }

    /// A standard-normal test with the given alternative.
    public static func normal(_ name: String, _ z: Double, alternative: Alternative = .twoSided) -> TestResult {
        TestResult(name: name, statistic: z, df: 0, df2: nil, distribution: .normal, pValue: Normal.pValue(z, alternative: alternative))
    }
}
