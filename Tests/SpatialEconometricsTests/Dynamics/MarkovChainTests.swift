import Foundation
import Testing
@testable import SpatialEconometrics

/// Markov chains, spatial Markov chains and LISA Markov chains against giddy 2.3.8 (`distribution_dynamics.json`).
@Suite struct MarkovChainTests {
    static func check(_ c: MarkovChain, _ r: DynamicsFixture.Chain, _ name: String) {
        #expect(c.classCount == r.k, "\(name)")
        #expect(c.classIDs == r.class_ids, "\(name): class ids")
        #expect(c.transitions.map { $0.map(Double.init) } == r.transitions, "\(name): counts")
        #expect(c.emptyClasses == r.empty_classes, "\(name)")
        for i in 0..<r.k {
            if let p = c.probabilities[i] { #expect(maxAbsDiff(p, r.p[i]) <= 1e-15, "\(name) row \(i)") } else { #expect(r.p[i].allSatisfy { $0 == 0 }) }
        }
        for (a, b) in zip(c.prais, r.prais) { #expect(abs((a ?? 1) - b) <= 1e-15, "\(name) prais") }
        if let s = c.shorrocks { #expect(abs(s - r.shorrocks) <= 1e-14, "\(name) shorrocks") }
        if let rs = r.steady_state, let rm = r.mfpt {
            let s = c.steadyState ?? []
            #expect(maxAbsDiff(s, rs) <= 1e-12, "\(name) steady state \(maxAbsDiff(s, rs))")
            let m = c.meanFirstPassageTimes ?? []
            for i in 0..<r.k { #expect(maxAbsDiff(m.count > i ? m[i] : [], rm[i]) <= 1e-10 * (rm[i].max() ?? 1), "\(name) mfpt row \(i)") }
        } else {
            #expect(c.steadyState == nil && c.meanFirstPassageTimes == nil && !c.isErgodic)
        }
    }

    @Test func matchesGiddyMarkov() throws {
        let ref = try DynamicsFixture.load(), panel = try DynamicsFixture.chinaPanel()
        Self.check(try MarkovChain(panel: panel, variable: "gdppc"), try #require(ref.markov["china31_pooled5"]), "pooled5")
        Self.check(try MarkovChain(panel: panel, variable: "gdppc", relative: true), try #require(ref.markov["china31_relative_pooled5"]), "relative5")
        Self.check(try MarkovChain(panel: panel, variable: "gdppc", classes: .periodQuantiles(4)), try #require(ref.markov["china31_period4"]), "period4")
        let brk = try MarkovChain(panel: panel, variable: "gdppc", classes: .breaks([0.8, 1.0, 1.2]), relative: true)
        Self.check(brk, try #require(ref.markov["china31_relative_breaks"]), "breaks")
        let produc = try Panel(table: DynamicsFixture.producTable(), unit: "state", time: "year")
        Self.check(try MarkovChain(panel: produc, variable: "gspemp", relative: true), try #require(ref.markov["produc_relative_pooled5"]), "produc")
        let chain = try MarkovChain(panel: panel, variable: "gdppc")
        #expect(chain.summary.contains("steady state") && chain.summary.contains("Shorrocks"))
    }

    @Test func emptyClassesAndNonErgodicChainsAreSaidSo() throws {
        // class 2 never occurs before the last period
        let empty = try MarkovChain(classIDs: [[0, 1, 2], [1, 0, 0]], classCount: 3)
        #expect(empty.emptyClasses == [2] && empty.probabilities[2] == nil && empty.steadyState == nil && empty.shorrocks == nil)
        #expect(empty.warnings.first?.contains("never occur") == true)
        // two absorbing states: reducible, no steady state
        let absorbing = try MarkovChain(classIDs: [[0, 0, 0], [1, 1, 1]], classCount: 2)
        #expect(!absorbing.isErgodic && absorbing.steadyState == nil && absorbing.recurrentClasses == [[0], [1]])
        #expect(absorbing.summary.contains("No steady state"))
        #expect(throws: DynamicsError.classOutOfRange(unit: "b", period: "2", classID: 5, classCount: 2)) {
            try MarkovChain(classIDs: [[0, 1], [1, 5]], classCount: 2, units: ["a", "b"])
        }
        #expect(throws: DynamicsError.self) { try MarkovChain(classIDs: [[0], [1]], classCount: 2) }
        // Land of Oz (Kemeny & Snell): steady state (0.4, 0.2, 0.4), passage Rain -> Nice 4
        let oz = MarkovChainSummary(counts: [[2, 1, 1], [2, 0, 2], [1, 1, 2]])
        #expect(maxAbsDiff(oz.steadyState ?? [], [0.4, 0.2, 0.4]) < 1e-15)
        #expect(abs((oz.meanFirstPassageTimes?[0][1] ?? 0) - 4) < 1e-13)
    }

    @Test func spatialMarkovMatchesGiddy() throws {
        let ref = try DynamicsFixture.load()
        let panel = try DynamicsFixture.chinaPanel(), w = try DynamicsFixture.chinaWeights()
        let produc = try Panel(table: DynamicsFixture.producTable(), unit: "state", time: "year")
        let pw = try DynamicsFixture.producWeights()
        let cases: [(String, SpatialMarkov)] = [
            ("china31_relative4", try SpatialMarkov(panel: panel, variable: "gdppc", weights: w, classes: 4, relative: true)),
            ("china31_levels5", try SpatialMarkov(panel: panel, variable: "gdppc", weights: w, classes: 5)),
            ("produc_relative5", try SpatialMarkov(panel: produc, variable: "gspemp", weights: pw, classes: 5, relative: true)),
        ]
        for (name, sm) in cases {
            let r = try #require(ref.spatial_markov[name])
            #expect(sm.pooled.classIDs == r.class_ids, "\(name)")
            #expect(sm.lagClassIDs == r.lag_class_ids, "\(name): lag classes")
            #expect(maxAbsDiff(sm.lagBounds.dropLast().map { $0 }, r.lag_cutoffs) <= 1e-12 * (r.lag_cutoffs.map(abs).max() ?? 1), "\(name)")
            #expect(sm.pooled.transitions.map { $0.map(Double.init) } == r.transitions)
            for l in 0..<r.k {
                #expect(sm.conditionalTransitions[l].map { $0.map(Double.init) } == r.T[l], "\(name) T[\(l)]")
                for i in 0..<r.k {
                    if let p = sm.conditionalProbabilities[l][i] { #expect(maxAbsDiff(p, r.P[l][i]) <= 1e-15) } else { #expect(r.P[l][i].allSatisfy { $0 == 0 }) }
                }
                if let s = r.S[l] { #expect(maxAbsDiff(sm.conditionalSteadyStates[l] ?? [], s) <= 1e-12, "\(name) S[\(l)]") } else { #expect(sm.conditionalSteadyStates[l] == nil) }
            }
            #expect(sm.lr.df == r.dof && sm.q.df == r.dof)
            #expect(abs(sm.lr.statistic - r.LR) <= 1e-12 * r.LR && abs(sm.q.statistic - r.Q) <= 1e-12 * r.Q, "\(name): LR \(sm.lr.statistic) vs \(r.LR), Q \(sm.q.statistic) vs \(r.Q)")
            #expect(abs(sm.lr.pValue - r.LR_p_value) <= 1e-10 && abs(sm.q.pValue - r.Q_p_value) <= 1e-10, "\(name) p")
            print("spatial Markov \(name): LR \(sm.lr.statistic) (giddy \(r.LR)), Q \(sm.q.statistic) (giddy \(r.Q)), df \(sm.lr.df)")
        }
        #expect(cases[0].1.summary.contains("Bickenbach"))
    }

    @Test func lisaMarkovMatchesGiddy() throws {
        let ref = try DynamicsFixture.load()
        let panel = try DynamicsFixture.chinaPanel(), w = try DynamicsFixture.chinaWeights()
        let produc = try Panel(table: DynamicsFixture.producTable(), unit: "state", time: "year")
        for (name, lm) in [("china31", try LISAMarkov(panel: panel, variable: "gdppc", weights: w)),
                           ("produc", try LISAMarkov(panel: produc, variable: "gspemp", weights: try DynamicsFixture.producWeights()))] {
            let r = try #require(ref.lisa_markov[name])
            #expect(lm.chain.classIDs.map { $0.map { $0 + 1 } } == r.q, "\(name) quadrants")
            #expect(lm.chain.transitions.map { $0.map(Double.init) } == r.transitions, "\(name)")
            for i in 0..<4 { if let p = lm.chain.probabilities[i] { #expect(maxAbsDiff(p, r.p[i]) <= 1e-15) } }
            let x = try #require(lm.independence)
            // giddy's LISA_Markov.chi_2 runs on the transposed panel (unit means over time, moves across units); the
            // reference is giddy's own formula in the panel's orientation (see the script)
            let c = r.chi_2_panel
            #expect(abs(x.statistic - c[0]) <= 1e-12 * c[0] && x.df == Int(c[2]), "\(name): chi2 \(x.statistic) vs \(c[0])")
            #expect(abs(x.pValue - c[1]) <= 1e-10, "\(name) p")
            print("LISA Markov \(name): chi2 \(x.statistic) (giddy formula, panel orientation \(c[0]); giddy LISA_Markov.chi_2 \(r.chi_2[0])), df \(x.df)")
        }
    }

    @Test func orderInvariance() throws {
        let table = try DynamicsFixture.chinaTable(), w = try DynamicsFixture.chinaWeights()
        var rng = SeededGenerator(seed: 11)
        let perm = Array(0..<table.rowCount).shuffled(using: &rng)
        var cols = [(name: String, values: [String])]()
        for name in table.columnNames { let v = try table.strings(name); cols.append((name, perm.map { v[$0] })) }
        let shuffled = try DataTable(columns: cols)
        let a = try PairedPanel(table: table, unit: "id", time: "year", weights: w)
        let b = try PairedPanel(table: shuffled, unit: "id", time: "year", weights: w)
        #expect(try SpatialMarkov(panel: a.panel, variable: "gdppc", weights: a.weights, classes: 4) ==
                SpatialMarkov(panel: b.panel, variable: "gdppc", weights: b.weights, classes: 4))
        #expect(try MarkovChain(panel: a.panel, variable: "gdppc") == MarkovChain(panel: b.panel, variable: "gdppc"))
    }
}
