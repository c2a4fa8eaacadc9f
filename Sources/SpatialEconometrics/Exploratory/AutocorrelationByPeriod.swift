import Foundation

/// Global autocorrelation of a panel variable, one row per period: the per-year table regional studies print
/// (Year | Moran's I | Sd(I) | Z | p), plus Geary's C, Getis-Ord G and the local Moran (LISA) when asked.
///
/// Each period's cross-section is ordered as the weights' ids (the panel's units must be the weights' ids).
/// Permutation draws are seeded per period: period `t` (0-based, in the order of ``rows``) uses `seed + t`, so
/// every period is reproducible on its own and no two periods share draws. `spatial moran --by` calls this type.
public struct AutocorrelationByPeriod: Sendable, Codable {
    /// One period's row of the table: its global Moran's I and, when asked for, Geary's C, Getis–Ord G and the local
    /// Moran statistics.
    public struct Row: Sendable, Codable {
        /// The period's label.
        public let period: String
        /// The period's global Moran's I.
        public let moran: GlobalMoran
        /// The period's Geary's C, when asked (`geary: true`).
        public let geary: GearyC?
        /// The period's Getis–Ord G, when asked (`getisOrd: true`).
        public let getisOrd: GetisOrdG?
        /// The local Moran (LISA) of the period, when asked (`local: true`).
        public let local: LocalMoran?

        enum CodingKeys: String, CodingKey { case period, moran, geary, getisOrd = "getis_ord", local }
    }

    /// One period's cross-section: the variable ordered as `weights`' ids, and those weights (the same for every
    /// period of a balanced panel; a period's own subset after dropping its missing cells).
    public struct CrossSection: Sendable {
        /// The period's label.
        public let period: String
        /// The variable's values, ordered as ``weights``' ids.
        public let values: [Double]
        /// The period's weights.
        public let weights: SpatialWeights

        /// A period's cross-section: its values ordered as `weights`' ids, and the weights themselves (so periods may
        /// have different units).
        public init(period: String, values: [Double], weights: SpatialWeights) {
            self.period = period
            self.values = values
            self.weights = weights
        }
    }

    /// The variable's name.
    public let variable: String
    /// One row per period, in the panel's order of periods.
    public let rows: [Row]

    /// - Parameters: see ``GlobalMoran``; permutation seeds are `seed + period index` so each period is reproducible.
    ///   `local`: also the local Moran of every period (conditional permutations seeded the same way).
    ///   `progress`: the permutations' progress, each phase prefixed with its period ("2011: Moran's I permutations").
    public init(panel: Panel, variable: String, weights: SpatialWeights, geary: Bool = false, getisOrd: Bool = false, local: Bool = false,
                alternative: Alternative = .greater, permutations: Int = 0, seed: UInt64 = 1, allowIslands: Bool = false,
                progress: ProgressHandler? = nil) throws(ExploratoryError) {
        let w: SpatialWeights
        do { w = try weights.reordered(to: panel.units) } catch { throw .weights(error) }
        var sections = [CrossSection]()
        for t in panel.periods.indices {
            do { sections.append(CrossSection(period: panel.periods[t], values: try panel.numbers(variable, period: t), weights: w)) } catch {
                throw .data(error)
            }
        }
        try self.init(variable: variable, periods: sections, geary: geary, getisOrd: getisOrd, local: local, alternative: alternative,
                      permutations: permutations, seed: seed, allowIslands: allowIslands, progress: progress)
    }

    /// The same from cross-sections already paired with their weights (e.g. each period of a table matched to W by
    /// id, ``PairedData``), in period order: period `t` of `periods` is seeded with `seed + t`.
    public init(variable: String, periods: [CrossSection], geary: Bool = false, getisOrd: Bool = false, local: Bool = false,
                alternative: Alternative = .greater, permutations: Int = 0, seed: UInt64 = 1, allowIslands: Bool = false,
                progress: ProgressHandler? = nil) throws(ExploratoryError) {
        var out = [Row]()
        for (t, section) in periods.enumerated() {
            let x = section.values, w = section.weights
            let s = seed &+ UInt64(t)
            var report: ProgressHandler?
            if let progress {
                let period = section.period
                report = { p in
                    var p = p
                    p.phase = "\(period): " + p.phase
                    progress(p)
                }
            }
            out.append(Row(
                period: section.period,
                moran: try GlobalMoran(x, weights: w, alternative: alternative, permutations: permutations, seed: s, allowIslands: allowIslands,
                                       progress: report),
                geary: geary ? try GearyC(x, weights: w, alternative: alternative, permutations: permutations, seed: s, allowIslands: allowIslands,
                                          progress: report) : nil,
                getisOrd: getisOrd ? try GetisOrdG(x, weights: w, alternative: alternative, permutations: permutations, seed: s,
                                                   allowIslands: allowIslands, progress: report) : nil,
                local: local ? try LocalMoran(x, weights: w, permutations: permutations, seed: s, allowIslands: allowIslands, progress: report) : nil))
        }
        self.variable = variable
        rows = out
    }

    /// The paper's table: Year | Moran's I (with stars) | Sd(I) | Z | p (randomisation moments, as spdep's default).
    public var table: Table {
        var t = Table(title: "Global Moran's I of \(variable) by period", columns: ["Period", "Moran's I", "Sd(I)", "Z", "p"])
        for r in rows {
            let m = r.moran
            t.rows.append([r.period, Format.fixed(m.I) + Format.stars(m.pRandomization), Format.fixed(m.standardDeviation),
                           Format.fixed(m.zRandomization), Format.pValue(m.pRandomization)])
        }
        t.notes = ["Moments under randomisation (Cliff & Ord 1981); p one-sided (\(rows.first?.moran.alternative.rawValue ?? "greater")). "
                   + Format.starsLegend]
        return t
    }

    /// The per-period table as text (``table``).
    public var summary: String { table.text }
}
