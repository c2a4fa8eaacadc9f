import Foundation

/// The differential local Moran (GeoDa's "Differential Moran"): the global and local Moran of the change of a
/// variable between two periods, `d_i = x_i,t - x_i,t-1`, on the same units and weights.
///
/// `I_i = (z_i / m2) sum_j w_ij z_j` of `z = d - mean(d)` (``LocalMoran``: conditional-randomisation moments, folded
/// pseudo p from the package's conditional permutations), and Moran's I of d (``GlobalMoran``). A unit HH here gained
/// more than average and so did its neighbours; LL lost ground with its neighbours.
///
/// Reference: Anselin, L. (2019), *GeoDa workbook: Local spatial autocorrelation (2)*, "Differential Moran scatter
/// plot"; Anselin, L. (1995), Local indicators of spatial association — LISA, *Geographical Analysis* 27(2).
public struct DifferentialLocalMoran: Sendable, Codable, Equatable {
    /// The earlier period.
    public let from: String
    /// The later period.
    public let to: String
    /// The change `x_t - x_{t-1}`, ordered as the weights' ids.
    public let change: [Double]
    /// Moran's I of the change.
    public let moran: GlobalMoran
    /// The local Moran of the change.
    public let local: LocalMoran

    /// The differential Moran between two cross-sections on the same weights.
    /// - Parameters:
    ///   - previous: the earlier period's values and weights.
    ///   - current: the later period's values and weights (the same units, in the same order, as `previous`).
    ///   - alternative: the alternative of the global test.
    ///   - permutations: R permutations (global) and conditional permutations (local).
    ///   - seed: seeds the draws.
    ///   - allowIslands: accept units without neighbours.
    ///   - progress: called during the permutations.
    /// - Throws: ``ExploratoryError/sizeMismatch(_:)`` when the two periods' units differ (naming the first
    ///   difference), and the errors of ``LocalMoran``.
    public init(previous: AutocorrelationByPeriod.CrossSection, current: AutocorrelationByPeriod.CrossSection,
                alternative: Alternative = .greater, permutations: Int = 0, seed: UInt64 = 1, allowIslands: Bool = false,
                progress: ProgressHandler? = nil) throws(ExploratoryError) {
        guard previous.weights.ids == current.weights.ids else {
            let a = Set(previous.weights.ids), b = Set(current.weights.ids)
            let only = (b.subtracting(a).sorted().first.map { "unit '\($0)' is in \(current.period) only" })
                ?? (a.subtracting(b).sorted().first.map { "unit '\($0)' is in \(previous.period) only" }) ?? "the units are in another order"
            throw .sizeMismatch("the differential Moran needs the same units in periods \(previous.period) and \(current.period): \(only) "
                                + "(keep a balanced panel, or drop the units missing in either period)")
        }
        guard previous.weights == current.weights else {
            throw .sizeMismatch("the differential Moran needs the same weights in periods \(previous.period) and \(current.period)")
        }
        guard previous.values.count == current.values.count else {
            throw .sizeMismatch("\(previous.values.count) values in \(previous.period), \(current.values.count) in \(current.period)")
        }
        let d = zip(current.values, previous.values).map { $0 - $1 }
        from = previous.period
        to = current.period
        change = d
        moran = try GlobalMoran(d, weights: current.weights, alternative: alternative, permutations: permutations, seed: seed,
                                allowIslands: allowIslands, progress: progress)
        local = try LocalMoran(d, weights: current.weights, permutations: permutations, seed: seed, allowIslands: allowIslands, progress: progress)
    }

    /// The global line and the local table, titled with the two periods.
    public var summary: String {
        "Differential Moran, \(from) -> \(to)\n" + moran.summary + "\n\n" + local.summary
    }
}
