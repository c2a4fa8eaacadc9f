import Foundation
import Testing
@testable import SpatialEconometrics

/// Coupling degree, coordination degree and classes: published values, the independent script's coupling of two
/// entropy sub-indices, and the formula for m systems.
@Suite struct IndexCouplingTests {
    @Test func publishedSquaredVariant() throws {
        // U1 = 0.4565, U2 = 0.5545: published C = 0.9906 with C = U1 U2 / ((U1 + U2)/2)^2.
        let squared = CouplingCoordination.couplingDegree([0.4565, 0.5545], exponent: 1)
        #expect(Format.fixed(squared, 4) == "0.9906")
        let standard = CouplingCoordination.couplingDegree([0.4565, 0.5545])
        #expect(close(standard, 2 * (0.4565 * 0.5545).squareRoot() / (0.4565 + 0.5545), rtol: 1e-14))
        #expect(close(standard * standard, squared, rtol: 1e-14))
        let cc = try CouplingCoordination(scores: [[0.4565, 0.5545]], systems: ["U1", "U2"], exponent: 1)
        let r = cc.rows[0]
        #expect(close(r.T, 0.5055, rtol: 1e-14))
        #expect(close(r.D, (squared * 0.5055).squareRoot(), rtol: 1e-14))
        #expect(r.coordinationClass == "intermediate coordination")   // D = sqrt(0.9906 * 0.5055) = 0.7076
        #expect(r.coordinationClass == Classification.coordinationLevels.classify(r.D))
        #expect(r.couplingStage == "high-level coupling")
        #expect(close(r.relativeDevelopment ?? .nan, 0.4565 / 0.5545, rtol: 1e-14))
        #expect(r.developmentType == "synchronous")
        #expect(cc.summary.contains("squared variant") && cc.summary.contains("[0.9, 1] quality coordination"))
    }

    @Test func matchesIndependentScriptOnEntropySubIndices() throws {
        let fx = try EntropyFixture.load()
        let scores = zip(fx.coupling.U1, fx.coupling.U2).map { [$0, $1] }
        let std = try CouplingCoordination(scores: scores, systems: ["economy", "society"], units: fx.rows.map(\.id), times: fx.rows.map(\.year))
        let sq = try CouplingCoordination(scores: scores, systems: ["economy", "society"], exponent: 1)
        let c = fx.coupling
        try #require(!scores.isEmpty && [c.U2.count, c.C.count, c.C_squared.count, c.T.count, c.D.count, std.rows.count, sq.rows.count].allSatisfy { $0 == c.U1.count })
        for (i, r) in std.rows.enumerated() {
            #expect(close(r.C, fx.coupling.C[i], rtol: 1e-12))
            #expect(close(r.T, fx.coupling.T[i], rtol: 1e-13))
            #expect(close(r.D, fx.coupling.D[i], rtol: 1e-12))
            #expect(close(sq.rows[i].C, fx.coupling.C_squared[i], rtol: 1e-12))
        }
        #expect(std.table.columns.prefix(2) == ["Unit", "Year"])
        // The entropy library's dimension indices feed the model directly.
        let index = try CompositeIndex(panel: Panel(table: China31Indicators.table(), unit: "id", time: "year"), indicators: China31Indicators.names.map { Indicator($0) },
                                       groups: China31Indicators.groups)
        try #require(index.scores.count == fx.coupling.U1.count)
        for (s, u1) in zip(index.scores, fx.coupling.U1) { #expect(close(try #require(s.groupIndices["economy"]), u1, rtol: 1e-10, atol: 1e-14)) }
    }

    @Test func threeSystemsAndExponent() throws {
        let u = [0.2, 0.5, 0.8]
        let c = CouplingCoordination.couplingDegree(u)
        #expect(close(c, 3 * pow(u.reduce(1, *), 1.0 / 3) / u.reduce(0, +), rtol: 1e-14))
        #expect(close(CouplingCoordination.couplingDegree(u, exponent: 2), pow(c, 6), rtol: 1e-13))
        #expect(CouplingCoordination.couplingDegree([0, 0]) == 0)
        #expect(CouplingCoordination.couplingDegree([0, 0.5]) == 0)
        let cc = try CouplingCoordination(scores: [u], systems: ["a", "b", "c"], systemWeights: [0.5, 0.3, 0.2])
        #expect(close(cc.rows[0].T, 0.1 + 0.15 + 0.16, rtol: 1e-14))
        #expect(cc.rows[0].developmentType == "a lagging" && cc.rows[0].relativeDevelopment == nil)
    }

    @Test func classesAndErrors() throws {
        let levels = Classification.coordinationLevels
        #expect(levels.classify(0) == "extreme imbalance" && levels.classify(0.55) == "barely coordinated")
        #expect(levels.classify(0.6) == "primary coordination" && levels.classify(1) == "quality coordination")
        #expect(Classification.couplingStages.classify(0.3) == "antagonism")
        let custom = try Classification(name: "D", lowerBounds: [0, 0.5], labels: ["low", "high"])
        let cc = try CouplingCoordination(scores: [[0.9, 0.3], [0.05, 0.2]], systems: ["x", "y"], coordinationLevels: custom)
        #expect(cc.rows.map(\.coordinationClass) == ["high", "low"])
        #expect(cc.rows.map(\.developmentType) == ["y lagging", "x lagging"])
        #expect(throws: IndexError.outOfRange(variable: "y", row: 2, value: 1.2, range: "[0, 1] (rescale the subsystem scores first)")) {
            try CouplingCoordination(scores: [[0.1, 0.2], [0.3, 1.2]], systems: ["x", "y"])
        }
        #expect(throws: IndexError.invalidArgument("the weights of T must be non-negative and sum to 1 (got 0.6, 0.6)")) {
            try CouplingCoordination(scores: [[0.1, 0.2]], systems: ["x", "y"], systemWeights: [0.6, 0.6])
        }
        #expect(throws: IndexError.invalidArgument("the exponent K must be positive (got 0.0)")) {
            try CouplingCoordination(scores: [[0.1, 0.2]], systems: ["x", "y"], exponent: 0)
        }
        #expect(throws: IndexError.invalidArgument("classification 'bad': bounds must be strictly ascending (0.5 then 0.4)")) {
            try Classification(name: "bad", lowerBounds: [0, 0.5, 0.4], labels: ["a", "b", "c"])
        }
        let t = try DataTable(csv: "u1,u2\n0.1,0.2\n0.3,\n")
        #expect(throws: IndexError.missingValue(variable: "u2", row: 2, unit: nil, period: nil)) {
            try CouplingCoordination(table: t, systems: ["u1", "u2"])
        }
    }
}
