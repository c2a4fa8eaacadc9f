import Foundation

/// Phillips & Sul (2007) convergence of a panel and, when it is rejected, their club clustering algorithm
/// (Phillips & Sul 2009) with the merging of adjacent clubs, as the R package ConvergenceClubs (`findClubs`,
/// `mergeClubs(mergeMethod = "PS")`).
///
/// The series are `X_it = ln y_it`, by default its Hodrick-Prescott trend with `lambda = 400` (annual data,
/// Phillips & Sul 2009; ``HodrickPrescottFilter``). Every test is a ``LogTTest`` (trimming r, default 0.3).
///
/// 1. *Ordering*: units by their last-period value `X_iT`, decreasing (ties keep the panel's order).
/// 2. *Core group*: the first adjacent pair (k, k+1) in that order whose log t test has `t > -1.65`; then units are
///    added one at a time in order while `t > -1.65`; the core is the prefix with the largest t (Phillips & Sul
///    2009, step 2: `k* = argmax t_k` subject to `min t_k > -1.65`). No such pair: the remaining units diverge.
/// 3. *Sieve*: each remaining unit is added to the core alone and kept when `t > c*` (default `c* = 0`, Phillips
///    & Sul's conservative choice for small T); the club is the core with the units kept (its log t test reported;
///    a club whose own t is below -1.65 is flagged in ``warnings``, since c* is not raised here).
/// 4. *Recursion*: steps 1–3 on the units left; when all of them pass the log t test together they form the last
///    club; a single unit left, or no core, is divergent.
/// 5. *Merging*: clubs 1 and 2 are tested together; if `t > -1.65`, club 3 is added to the test, and so on; at the
///    first failure the merged club is closed and the procedure restarts from the club that failed.
///
/// Options of ConvergenceClubs 2.2.5 (``Rules``):
/// - *Incremental c\** (`findClubs(cstar_method = "incremental", cstar_increment, cstar_cap)`): when the club formed
///   in step 3 fails its own log t test (`t <= -1.65`), c* is raised by the increment and the sieve repeated, while
///   `c* <= cap`; past the cap the club is the core alone (ConvergenceClubs then reports the failing test of the
///   last candidate club; here the core's own test, with a warning). Each club records the c* it was formed with.
/// - *von Lyncker & Thoennessen (2017) merging* (`mergeClubs(mergeMethod = "vLT")`): as step 5, but club k + 1 is
///   added to the merged club only when the joint test passes *and* its t exceeds the t of clubs k + 1 and k + 2
///   tested together (else the merged club is closed and the next one starts from club k + 1); the last club is
///   added by step 5's rule.
/// - *Merging divergent units* (von Lyncker & Thoennessen 2017; `mergeDivergent`, `mergeClubs(mergeDivergent =
///   TRUE)`): after merging, the log t test of every merged club with every divergent unit added; the pair with the
///   largest t joins when `t > e*` (default -1.65), and the search is repeated until no pair passes or no unit is
///   left. Applied also when fewer than two clubs were found (ConvergenceClubs' `mergeClubs` then returns the clubs
///   unchanged; its `mergeDivergent` applies).
///
/// Before clustering, the log t test of all units (``overall``): convergence of the whole panel is not rejected
/// when its `t >= -1.65`.
///
/// References: von Lyncker, K. & Thoennessen, R. (2017), Regional club convergence in the EU: evidence from a panel
/// data analysis, *Empirical Economics* 52, 525–553; Phillips, P. C. B. & Sul, D. (2007), Transition modeling and econometric convergence tests,
/// *Econometrica* 75, 1771–1855; Phillips, P. C. B. & Sul, D. (2009), Economic transition and growth, *J. Applied
/// Econometrics* 24, 1153–1185; Sichera, R. & Pizzuto, P. (2019), *The R Journal* 11(2), 142–151.
///
/// ```swift
/// let clubs = try ConvergenceClubs(panel: panel, variable: "gdppc")
/// print(clubs.summary)
/// ```
public struct ConvergenceClubs: Sendable, Codable {
    /// A convergence club: its units and their joint log t test.
    public struct Club: Sendable, Codable, Equatable {
        /// The units, core first.
        public let units: [String]
        /// The log t test of the club.
        public let test: LogTTest
        /// For merged clubs, the initial clubs (1-based) merged into it.
        public let merged: [Int]?
        /// For the clubs of the clustering, the c* of the sieve that formed it (the starting c* for the last club
        /// when all remaining units passed the test together, as ConvergenceClubs); nil for merged clubs.
        public let cstar: Double?
        /// For merged clubs with ``Rules/mergeDivergent``: the divergent units that joined it, in order.
        public let addedDivergent: [String]?
    }

    /// How clubs are sieved and merged (ConvergenceClubs 2.2.5's options; the defaults are Phillips & Sul's).
    public struct Rules: Sendable, Codable, Equatable {
        /// How adjacent clubs are merged.
        public enum Merge: String, Sendable, Codable, CaseIterable {
            /// Phillips & Sul (2009): add the next club while the joint test passes.
            case phillipsSul = "ps"
            /// von Lyncker & Thoennessen (2017): add club k + 1 only when the joint t also exceeds the t of clubs k + 1
            /// and k + 2 together.
            case vonLynckerThoennessen = "vlt"
        }
        /// The step by which c* is raised when a club fails its own test (nil: c* fixed).
        public var sieveIncrement: Double?
        /// The largest c* tried with ``sieveIncrement`` (ConvergenceClubs' `cstar_cap`, default 3).
        public var sieveCap: Double
        /// The merging rule.
        public var merge: Merge
        /// Whether divergent units are merged into the clubs after merging.
        public var mergeDivergent: Bool
        /// The critical value e* a club plus a divergent unit must exceed (default -1.65).
        public var divergentThreshold: Double
        /// Rules; the defaults are a fixed c*, Phillips-Sul merging, no divergent merging.
        public init(sieveIncrement: Double? = nil, sieveCap: Double = 3, merge: Merge = .phillipsSul, mergeDivergent: Bool = false,
                    divergentThreshold: Double = -1.65) {
            self.sieveIncrement = sieveIncrement; self.sieveCap = sieveCap; self.merge = merge
            self.mergeDivergent = mergeDivergent; self.divergentThreshold = divergentThreshold
        }
    }

    /// The variable (nil when built from series).
    public let variable: String?
    /// The periods.
    public let periods: [String]
    /// Whether the series are the logarithms of the variable.
    public let logarithm: Bool
    /// The HP smoothing parameter applied (nil: no filter).
    public let hpLambda: Double?
    /// The trimming fraction r of every log t test.
    public let trim: Double
    /// The sieve's critical value c* (its starting value with an increment).
    public let sieve: Double
    /// The sieve and merging rules.
    public let rules: Rules
    /// The log t test of all units.
    public let overall: LogTTest
    /// The clubs the clustering found, in order (highest last-period values first).
    public let clubs: [Club]
    /// The units in no club.
    public let divergent: [String]
    /// The clubs after merging (and, with ``Rules/mergeDivergent``, with the divergent units that joined them).
    public let merged: [Club]
    /// With ``Rules/mergeDivergent``: the divergent units that joined no club (nil otherwise).
    public let remainingDivergent: [String]?
    /// Flags (a club whose own log t test rejects convergence).
    public let warnings: [String]

    /// Clubs of the series `series[i]` (one array over `periods` per unit, in `units`' order).
    /// - Throws: ``DynamicsError`` for mismatched lengths or a failing log t test (see ``LogTTest``).
    public init(series: [[Double]], units: [String], periods: [String], trim: Double = 0.3, sieve: Double = 0,
                rules: Rules = Rules()) throws(DynamicsError) {
        try self.init(series: series, units: units, periods: periods, trim: trim, sieve: sieve, rules: rules, variable: nil, logarithm: false,
                      hpLambda: nil)
    }

    /// Clubs of `variable` in a balanced panel: `ln y` (`logarithm`, the default; the values must be positive),
    /// HP-filtered with `hpLambda` (default 400, annual data; nil or 0: not filtered).
    public init(panel: Panel, variable: String, logarithm: Bool = true, hpLambda: Double? = 400, trim: Double = 0.3, sieve: Double = 0,
                rules: Rules = Rules()) throws(DynamicsError) {
        var series = [[Double]](repeating: [], count: panel.unitCount)
        do {
            for s in 0..<panel.periodCount {
                let v = try panel.numbers(variable, period: s)
                for i in 0..<panel.unitCount {
                    guard v[i].isFinite else { throw DynamicsError.nonFinite(what: "\(variable) of unit '\(panel.units[i])' in \(panel.periods[s])") }
                    if logarithm && !(v[i] > 0) {
                        throw DynamicsError.invalidArgument("\(variable) of unit '\(panel.units[i])' in \(panel.periods[s]) is \(v[i]): the log t test takes logarithms of positive values")
                    }
                    series[i].append(logarithm ? log(v[i]) : v[i])
                }
            }
        } catch let e as DynamicsError { throw e } catch let e as DataError { throw .data(e) } catch { throw .wrapped(error) }
        let lambda = hpLambda.flatMap { $0 > 0 ? $0 : nil }
        if let lambda { series = try series.map { s throws(DynamicsError) in try HodrickPrescottFilter.trend(s, lambda: lambda) } }
        try self.init(series: series, units: panel.units, periods: panel.periods, trim: trim, sieve: sieve, rules: rules, variable: variable,
                      logarithm: logarithm, hpLambda: lambda)
    }

    init(series: [[Double]], units: [String], periods: [String], trim: Double, sieve: Double, rules: Rules, variable: String?, logarithm: Bool,
         hpLambda: Double?) throws(DynamicsError) {
        guard series.count == units.count else { throw .invalidArgument("\(series.count) series for \(units.count) units") }
        for (i, s) in series.enumerated() where s.count != periods.count {
            throw .invalidArgument("unit '\(units[i])' has \(s.count) values for \(periods.count) periods")
        }
        guard sieve.isFinite else { throw .invalidArgument("the sieve's c* must be finite") }
        if let step = rules.sieveIncrement {
            guard step.isFinite, step > 0 else { throw .invalidArgument("the c* increment must be finite and positive (got \(step))") }
            guard rules.sieveCap.isFinite, rules.sieveCap >= sieve else {
                throw .invalidArgument("the c* cap must be finite and at least the starting c* \(sieve) (got \(rules.sieveCap))")
            }
        }
        guard rules.divergentThreshold.isFinite else { throw .invalidArgument("the divergent units' critical value e* must be finite") }
        let crit = LogTTest.criticalValue
        func test(_ members: [Int]) throws(DynamicsError) -> LogTTest { try LogTTest(series: members.map { series[$0] }, trim: trim) }
        let overall = try test(Array(units.indices))
        let last = periods.count - 1
        var remaining = units.indices.sorted { a, b in series[a][last] > series[b][last] || (series[a][last] == series[b][last] && a < b) }
        var clubs = [(members: [Int], test: LogTTest, cstar: Double?)](), divergent = [Int](), warnings = [String]()
        while !remaining.isEmpty {
            if remaining.count == 1 { divergent = remaining; break }
            let all = try test(remaining)
            if all.t > crit { clubs.append((remaining, all, sieve)); break }
            guard let core = try Self.core(remaining, test: test) else { divergent = remaining; break }
            let coreUnits = core.map { remaining[$0] }
            let others = remaining.enumerated().filter { !core.contains($0.offset) }.map(\.element)
            // Each unit's test with the core does not depend on c*: computed once, sieved at every c* tried.
            var withCore = [Double]()
            for u in others { withCore.append(try test(coreUnits + [u]).t) }
            var cstar = sieve, members = coreUnits, clubTest = try test(coreUnits)
            while true {
                members = coreUnits + zip(others, withCore).filter { $0.1 > cstar }.map(\.0)
                clubTest = try test(members)
                guard clubTest.t <= crit, let step = rules.sieveIncrement else { break }
                if cstar <= rules.sieveCap {
                    cstar += step
                } else {
                    members = coreUnits
                    clubTest = try test(coreUnits)
                    warnings.append("club \(clubs.count + 1): no c* up to the cap \(rules.sieveCap) gives a club that passes its log t test; the club is the core alone (ConvergenceClubs reports the failing candidate club's test here)")
                    break
                }
            }
            if clubTest.t <= crit {
                warnings.append("club \(clubs.count + 1): its log t test rejects convergence (t = \(String(format: "%.3f", clubTest.t)) < -1.65) with the sieve c* = \(cstar); "
                                + (rules.sieveIncrement == nil ? "a larger c* (or an increment) would be stricter" : "the core alone fails"))
            }
            clubs.append((members, clubTest, cstar))
            let taken = Set(members)
            remaining.removeAll { taken.contains($0) }
        }
        // Merging (Phillips & Sul 2009, or von Lyncker & Thoennessen 2017; ConvergenceClubs mergeClubs).
        var merged = [(members: [Int], test: LogTTest, from: [Int], added: [Int])]()
        if clubs.count < 2 {
            merged = clubs.enumerated().map { ($0.element.members, $0.element.test, [$0.offset + 1], []) }
        } else {
            let count = clubs.count
            var i = 0, appendLast = false
            while i < count - 1 {
                var members = clubs[i].members, names = [i + 1], k = i + 1
                while k < count {
                    let t = try test(members + clubs[k].members).t
                    if t > crit {
                        if rules.merge == .vonLynckerThoennessen && k < count - 1 {
                            // vLT: club k joins only if the pair (k, k + 1) would converge less.
                            guard t > (try test(clubs[k].members + clubs[k + 1].members).t) else { break }
                            members += clubs[k].members; names.append(k + 1)
                            k += 1
                            continue
                        }
                        members += clubs[k].members; names.append(k + 1)
                        if k == count - 1 { break }
                        k += 1
                    } else {
                        if k == count - 1 { appendLast = true }
                        break
                    }
                }
                merged.append((members, try test(members), names, []))
                if appendLast { merged.append((clubs[count - 1].members, clubs[count - 1].test, [count], [])) }
                i = k
            }
        }
        // Divergent units into the merged clubs (von Lyncker & Thoennessen 2017; ConvergenceClubs mergeDivergent).
        var left = divergent
        if rules.mergeDivergent {
            while !left.isEmpty && !merged.isEmpty {
                var best: (club: Int, unit: Int, t: Double)? = nil
                // Column-major scan, first maximum kept: ConvergenceClubs' which(t == max(t), arr.ind = TRUE)[1, ].
                for j in left.indices {
                    for c in merged.indices {
                        let t = try test(merged[c].members + [left[j]]).t
                        if best == nil || t > (best?.t ?? 0) { best = (c, j, t) }
                    }
                }
                guard let b = best, b.t > rules.divergentThreshold else { break }
                merged[b.club].members.append(left[b.unit])
                merged[b.club].added.append(left[b.unit])
                merged[b.club].test = try test(merged[b.club].members)
                left.remove(at: b.unit)
            }
        }
        func names(_ m: [Int]) -> [String] { m.map { units[$0] } }
        self.variable = variable; self.periods = periods; self.logarithm = logarithm; self.hpLambda = hpLambda; self.trim = trim
        self.sieve = sieve; self.rules = rules; self.overall = overall
        self.clubs = clubs.map { Club(units: names($0.members), test: $0.test, merged: nil, cstar: $0.cstar, addedDivergent: nil) }
        self.divergent = names(divergent)
        self.merged = merged.map { Club(units: names($0.members), test: $0.test, merged: $0.from, cstar: nil,
                                        addedDivergent: rules.mergeDivergent ? names($0.added) : nil) }
        self.remainingDivergent = rules.mergeDivergent ? names(left) : nil
        self.warnings = warnings
    }

    /// Step 2: positions (in `remaining`) of the core group, nil when no adjacent pair passes.
    static func core(_ remaining: [Int], test: ([Int]) throws(DynamicsError) -> LogTTest) throws(DynamicsError) -> [Int]? {
        let n = remaining.count, crit = LogTTest.criticalValue
        var start: Int? = nil, first = 0.0
        for i in 1..<n {
            let t = try test([remaining[i - 1], remaining[i]]).t
            if t > crit { start = i; first = t; break }
        }
        guard let i = start else { return nil }
        var best = [i - 1, i], bestT = first, members = [i - 1, i], k = i
        while k < n - 1 {
            k += 1
            members.append(k)
            let t = try test(members.map { remaining[$0] }).t
            guard t > crit else { break }
            if t > bestT { bestT = t; best = members }
        }
        return best
    }

    /// The clubs before and after merging: units, b, SE, t.
    public var table: Table {
        var t = Table(title: "Phillips-Sul convergence clubs" + (variable.map { " of \($0)" } ?? "") + " (\(periods.first ?? "")–\(periods.last ?? ""), "
                        + "log t test r = \(String(format: "%g", trim)), c* = \(String(format: "%g", sieve)))",
                      columns: ["Club", "Units", "N", "b", "SE", "t"])
        func row(_ name: String, _ units: [String], _ test: LogTTest) -> [String] {
            [name, units.joined(separator: ", "), "\(units.count)", String(format: "%.4f", test.beta), String(format: "%.4f", test.stdError), String(format: "%.3f", test.t)]
        }
        t.rows.append(["All units", overall.converges ? "convergence not rejected" : "convergence rejected", "\(overall.units)",
                       String(format: "%.4f", overall.beta), String(format: "%.4f", overall.stdError), String(format: "%.3f", overall.t)])
        for (k, c) in clubs.enumerated() {
            let raised = c.cstar.flatMap { $0 != sieve ? " (c* = \(String(format: "%.4g", $0)))" : nil } ?? ""
            t.rows.append(row("Club \(k + 1)" + raised, c.units, c.test))
        }
        if !divergent.isEmpty { t.rows.append(["Divergent", divergent.joined(separator: ", "), "\(divergent.count)", "", "", ""]) }
        for (k, c) in merged.enumerated() {
            t.rows.append(row("Merged \(k + 1) (clubs \((c.merged ?? []).map(String.init).joined(separator: "+"))"
                              + ((c.addedDivergent ?? []).isEmpty ? "" : " + divergent \((c.addedDivergent ?? []).joined(separator: ", "))") + ")", c.units, c.test))
        }
        if let left = remainingDivergent, !left.isEmpty { t.rows.append(["Divergent after merging", left.joined(separator: ", "), "\(left.count)", "", "", ""]) }
        t.notes = ["log(H_1/H_t) - 2 log(log t) = a + b log t, t = \(overall.firstPeriod)..\(periods.count); HAC (quadratic spectral, Andrews bandwidth) t of b; "
                   + "convergence rejected when t < -1.65. Series: " + (logarithm ? "ln y" : "the values") + (hpLambda.map { ", HP trend with lambda = \(String(format: "%g", $0))" } ?? ", not filtered")
                   + ".", ruleNote] + warnings
        return t
    }

    /// The sieve and merging rules, as a table note.
    var ruleNote: String {
        let sieveText = rules.sieveIncrement.map { "c* from \(String(format: "%g", sieve)) raised by \(String(format: "%g", $0)) while a club fails (cap \(String(format: "%g", rules.sieveCap)))" }
            ?? "c* = \(String(format: "%g", sieve)) fixed"
        let mergeText = rules.merge == .phillipsSul ? "Phillips-Sul (2009) merging" : "von Lyncker-Thoennessen (2017) merging"
        return "Sieve: \(sieveText); \(mergeText)" + (rules.mergeDivergent ? "; divergent units merged into clubs when t > \(String(format: "%g", rules.divergentThreshold))" : "") + "."
    }

    /// ``table`` as text.
    public var summary: String { table.text }
}
