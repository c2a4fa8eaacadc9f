import Foundation
import Testing
@testable import SpatialEconometrics

@Suite struct EconomicWeightsTests {
    @Test func economicDistanceIsInverseAbsoluteDifference() throws {
        let w = try SpatialWeights.economicDistance(values: [10, 12, 16], ids: ["a", "b", "c"])
        let sixth = 1.0 / 6
        let expected: [[Double]] = [[0, 0.5, sixth], [0.5, 0, 0.25], [sixth, 0.25, 0]]
        #expect(w.dense.rowArrays == expected)
        #expect(w.diagnostics.symmetric)
        do {
            _ = try SpatialWeights.economicDistance(values: [3, 1, 3], ids: ["x", "y", "z"])
            Issue.record("equal values accepted")
        } catch {
            #expect(error.description.contains("units 'x' and 'z' have the same value"))
        }
        do {
            _ = try SpatialWeights.economicDistance(values: [3, .nan], ids: ["x", "y"])
            Issue.record("NaN accepted")
        } catch {
            #expect(error.description.contains("unit 'y'"))
        }
        #expect(throws: WeightsError.sizeMismatch("2 values and 1 ids")) { try SpatialWeights.economicDistance(values: [1, 2], ids: ["a"]) }
    }

    @Test func nestedEconomicGeography() throws {
        let ids = ["a", "b", "c"]
        let geo = try SpatialWeights(ids: ids, neighbors: [[1], [0, 2], [1]]).transformed(.row)
        let econ = try SpatialWeights.economicDistance(values: [10, 12, 16], ids: ids).transformed(.row)
        let w = try SpatialWeights.economicGeography(geographic: geo, economic: econ, phi: 0.25)
        for i in 0..<3 {
            for j in 0..<3 {
                #expect(close(w.matrix[i, j], 0.25 * geo.matrix[i, j] + 0.75 * econ.matrix[i, j], rtol: 1e-15, atol: 0))
            }
        }
        for s in w.matrix.rowSums { #expect(close(s, 1, rtol: 1e-15)) }  // convex combination of row-stochastic
        // phi = 1 gives the geographic pattern back (zero entries dropped).
        #expect(try SpatialWeights.economicGeography(geographic: geo, economic: econ, phi: 1).matrix == geo.matrix)
        // The economic matrix may list the ids in another order.
        let shuffled = try econ.reordered(to: ["c", "a", "b"])
        #expect(try SpatialWeights.economicGeography(geographic: geo, economic: shuffled, phi: 0.25).matrix == w.matrix)
        #expect(throws: WeightsError.invalidArgument("phi must be in [0, 1] (got 1.5)")) { try SpatialWeights.economicGeography(geographic: geo, economic: econ, phi: 1.5) }
        #expect(throws: WeightsError.invalidArgument("phi must be in [0, 1] (got nan)")) { try SpatialWeights.economicGeography(geographic: geo, economic: econ, phi: .nan) }
        // The economic matrix over other units: the first geographic id it lacks is named.
        let other = try SpatialWeights(ids: ["a", "b", "z"], neighbors: [[1], [0], []])
        #expect(throws: WeightsError.unknownId("c", context: "not among the weights' ids")) {
            try SpatialWeights.economicGeography(geographic: geo, economic: other, phi: 0.5)
        }
    }

    @Test func columnScaledEconomicGeography() throws {
        let features = try China31.features()
        let geo = try SpatialWeights.queen(features)
        let gdp = (1...31).map { 1_000 + 37 * Double($0 * $0 % 29) }
        let mean = gdp.reduce(0, +) / 31
        let w = try SpatialWeights.economicGeography(geographic: geo, values: gdp)
        #expect(w.matrix.columnIndices == geo.matrix.columnIndices)
        for i in 0..<31 {
            for (j, v) in zip(w.neighbors(of: i), w.weights(of: i)) { #expect(close(v, gdp[j] / mean, rtol: 1e-15)) }
        }
        let rowStandardised = try w.transformed(.row)
        for (i, s) in rowStandardised.matrix.rowSums.enumerated() where i != 20 { #expect(close(s, 1, rtol: 1e-14)) }
        var bad = gdp
        bad[4] = -1
        do {
            _ = try SpatialWeights.economicGeography(geographic: geo, values: bad)
            Issue.record("negative value accepted")
        } catch {
            #expect(error.description.contains("unit '5'"))
        }
        #expect(throws: WeightsError.invalidArgument("the mean of the values is 0.0; it must be positive and finite")) {
            try SpatialWeights.economicGeography(geographic: geo, values: [Double](repeating: 0, count: 31))
        }
        #expect(throws: WeightsError.sizeMismatch("weights over 31 units and 2 values")) { try SpatialWeights.economicGeography(geographic: geo, values: [1, 2]) }
    }
}
