import Foundation
import Testing
@testable import SpatialEconometrics

@Suite struct KernelWeightsTests {
    @Test func adaptiveTriangularEqualsLibpysal() throws {
        let reference = try ColumbusReference.load()
        let ref = reference.kernelTriAdaptiveK4
        let w = try SpatialWeights.kernel(points: reference.points, function: .triangular, bandwidth: .adaptive(k: 4))
        #expect(neighborLists(w) == ref.neighbors)  // includes self
        #expect(w.matrix.nonzeroCount == 245)
        for (i, (a, b)) in zip(weightLists(w), ref.weights).enumerated() {
            for (x, y) in zip(a, b) { #expect(abs(x - y) <= 1e-10, "unit \(i): \(x) vs \(y)") }
        }
        let h = try SpatialWeights.kernelBandwidths(points: reference.points, bandwidth: .adaptive(k: 4))
        for (x, y) in zip(h, try #require(ref.bandwidth)) { #expect(close(x, y, rtol: 1e-14)) }
        #expect(w.matrix[0, 0] == 1)
        #expect(!w.diagnostics.symmetric)
    }

    @Test func fixedBandwidthsAndFunctionsAgainstDirectFormula() throws {
        let points = try ColumbusReference.load().points
        let n = points.count
        // Fixed bandwidth from the 3rd nearest neighbour: the largest 3rd-NN distance times 1.0000001.
        let h = try SpatialWeights.kernelBandwidths(points: points, bandwidth: .fixedFromNearestNeighbors(k: 3))
        let third = (0..<n).map { i in (0..<n).filter { $0 != i }.map { SpatialWeights.distance(points[i], points[$0], metric: .euclidean) }.sorted()[2] }
        #expect(h.allSatisfy { $0 == (third.max() ?? 0) * 1.0000001 })
        for function in KernelFunction.allCases {
            for bandwidth in [KernelBandwidth.fixedFromNearestNeighbors(k: 3), .fixed(0.9)] {
                let w = try SpatialWeights.kernel(points: points, function: function, bandwidth: bandwidth)
                let hh = try SpatialWeights.kernelBandwidths(points: points, bandwidth: bandwidth)
                for i in 0..<n {
                    var expected = [(Int, Double)]()
                    for j in 0..<n {
                        let d = SpatialWeights.distance(points[i], points[j], metric: .euclidean)
                        if d <= hh[i], function.value(d / hh[i]) > 0 { expected.append((j, function.value(d / hh[i]))) }
                    }
                    #expect(Array(w.neighbors(of: i)) == expected.map(\.0), "\(function) \(bandwidth) unit \(i)")
                    for (x, y) in zip(w.weights(of: i), expected.map(\.1)) { #expect(close(x, y, rtol: 1e-14), "\(function)") }
                }
            }
        }
        // Kernel values at 0 and 1 (libpysal's constants).
        #expect(KernelFunction.triangular.value(0) == 1 && KernelFunction.triangular.value(1) == 0)
        #expect(KernelFunction.uniform.value(0.3) == 0.5)
        #expect(KernelFunction.epanechnikov.value(0) == 0.75 && KernelFunction.bisquare.value(0) == 15.0 / 16.0)
        #expect(close(KernelFunction.gaussian.value(0), 0.3989422804014327, rtol: 1e-15))
        #expect(close(KernelFunction.bisquare.value(0.5), 15.0 / 16.0 * 0.5625, rtol: 1e-15))
        #expect(KernelFunction.gaussian.value(1.01) == 0 && KernelFunction.triangular.value(.nan) == 0)
    }

    @Test func diagonalOptionsAndTies() throws {
        // Unit square corners plus the centre: each corner has the centre nearest (0.707), then two corners at 1.
        let p = [Point2D(0, 0), Point2D(1, 0), Point2D(0, 1), Point2D(1, 1), Point2D(0.5, 0.5)]
        let kernelValue = try SpatialWeights.kernel(points: p, function: .gaussian, bandwidth: .adaptive(k: 2))
        #expect(close(kernelValue.matrix[0, 0], KernelFunction.gaussian.value(0), rtol: 1e-15))
        let one = try SpatialWeights.kernel(points: p, function: .gaussian, bandwidth: .adaptive(k: 2), diagonal: .one)
        #expect(one.matrix[0, 0] == 1)
        let none = try SpatialWeights.kernel(points: p, function: .gaussian, bandwidth: .adaptive(k: 2), diagonal: .excluded)
        #expect(none.matrix[0, 0] == 0 && none.matrix.nonzeroCount == 10)
        // Corner 0: centre, then corners 1 and 2 tie at distance 1; k = 2 keeps the lower index, 1.
        #expect(Array(none.neighbors(of: 0)) == [1, 4])
        #expect(none.warnings.contains { $0.hasPrefix("ties") })
    }

    @Test func kernelErrors() throws {
        let p = [Point2D(0, 0), Point2D(0, 0), Point2D(0, 0), Point2D(5, 5)]
        #expect(throws: WeightsError.invalidArgument("a fixed kernel bandwidth must be finite and > 0 (got 0.0)")) { try SpatialWeights.kernel(points: p, bandwidth: .fixed(0)) }
        #expect(throws: WeightsError.invalidArgument("a fixed kernel bandwidth must be finite and > 0 (got inf)")) {
            try SpatialWeights.kernel(points: p, bandwidth: .fixed(.infinity))
        }
        #expect(throws: WeightsError.invalidArgument("k must be at least 1 (got 0)")) { try SpatialWeights.kernel(points: p, bandwidth: .adaptive(k: 0)) }
        #expect(throws: WeightsError.invalidArgument("k = 4 must be less than the number of units (4)")) { try SpatialWeights.kernel(points: p, bandwidth: .adaptive(k: 4)) }
        // Two coincident neighbours give unit 0 a zero bandwidth with k = 2.
        do {
            _ = try SpatialWeights.kernel(points: p, ids: ["a", "b", "c", "d"], bandwidth: .adaptive(k: 2))
            Issue.record("zero bandwidth accepted")
        } catch {
            #expect(error.description.contains("unit 'a'") && error.description.contains("bandwidth is zero"))
        }
        #expect(try SpatialWeights.kernel(points: p, bandwidth: .adaptive(k: 3)).count == 4)
        var nan = p
        nan[3] = Point2D(5, .nan)
        #expect(throws: WeightsError.invalidArgument("unit '3' has a non-finite coordinate (5.0, nan)")) { try SpatialWeights.kernel(points: nan, bandwidth: .fixed(1)) }
        // k close to n on many points: refused before allocating n (k + 1) links.
        let line = (0..<20_000).map { Point2D(Double($0), 0) }
        do {
            _ = try SpatialWeights.kernel(points: line, bandwidth: .adaptive(k: 19_999))
            Issue.record("huge k accepted")
        } catch {
            #expect(error.description.contains("more than the limit"))
        }
    }
}
