import Foundation
import Testing
@testable import SpatialEconometrics

/// The spatial HAC covariance of S2SLS (``SpatialHAC``, `covariance: .hac`) against spreg 1.9's
/// `GM_Lag(robust='hac', gwk=Kernel(...))` (`reference/py/gmm_hac.json`, script `py/scripts/gmm_hac.py`, which also
/// recomputes every case in numpy) on columbus (queen, coordinates X, Y; n = 49) and elect80 (k4, coordinates long,
/// lat; n = 3,107): triangular, uniform, Epanechnikov, bisquare and Gaussian kernels with adaptive, kNN and fixed
/// bandwidths, SAR, SDM, w_lags 2 and an endogenous regressor. Estimates, standard errors and the symmetrised covariance
/// to 1e-6 relative (observed about 1e-12).
@Suite struct SpatialHACTests {
    struct Case: Decodable {
        struct Bandwidth: Decodable { let kind: String; let value: Double }
        struct NumpyCheck: Decodable { let betas: [Double]; let std_err: [Double]; let vm_sym: [[Double]] }
        let label: String; let model: String; let w_lags: Int; let kernel: String; let bandwidth: Bandwidth
        let libpysal_raw: Bool; let endogenous: [String]?; let instruments: [String]?; let name_z: [String]
        let kernel_nnz: Int; let betas: [Double]; let std_err: [Double]; let vm_sym: [[Double]]; let numpy: NumpyCheck
    }
    struct Reference: Decodable { let cases: [Case] }

    static func points(_ p: PairedData, _ label: String) throws -> [Point2D] {
        let (xs, ys) = label == "columbus" ? ("X", "Y") : ("long", "lat")
        let x = try p.table.numbers(xs), y = try p.table.numbers(ys)
        return zip(x, y).map { Point2D(x: $0, y: $1) }
    }

    static func bandwidth(_ b: Case.Bandwidth) -> KernelBandwidth {
        switch b.kind {
        case "adaptive": return .adaptive(k: Int(b.value))
        case "knn": return .fixedFromNearestNeighbors(k: Int(b.value))
        default: return .fixed(b.value)
        }
    }

    @Test func matchesSpregGMLagHAC() throws {
        let reference = try Fixtures.decode(Reference.self, "reference/py/gmm_hac.json")
        #expect(reference.cases.count == 14)
        var data = [String: (PairedData, y: String, x: [String])]()
        for c in reference.cases {
            if data[c.label] == nil { data[c.label] = try SpatialTwoStageLeastSquaresTests.paired(c.label) }
            let (p, y, allX) = try #require(data[c.label])
            let x = c.endogenous == nil ? allX : ["INC"]
            let points = try Self.points(p, c.label)
            let function = try #require(KernelFunction(rawValue: c.kernel))
            let hac = SpatialHAC(kernel: function, bandwidth: Self.bandwidth(c.bandwidth))
            // libpysal's own kernel constants (K(0) = 0.75 off the diagonal) through the explicit-weights API.
            let kernel = c.libpysal_raw
                ? try SpatialWeights.kernel(points: points, ids: p.weights.ids, function: function, bandwidth: hac.bandwidth, diagonal: .one)
                : try hac.kernelWeights(points: points, ids: p.weights.ids)
            #expect(kernel.matrix.nonzeroCount == c.kernel_nnz, "\(c.label) \(hac): kernel non-zeros")
            let fit = try SpatialTwoStageLeastSquares(c.model == "sdm" ? .sdm : .sar, data: p.table, y: y, x: x, weights: p.weights,
                                                      endogenous: c.endogenous ?? [], instruments: c.instruments ?? [], wLags: c.w_lags,
                                                      covariance: .hac, hacKernel: kernel, hacLabel: hac.label)
            let tag = "\(c.label) \(c.model) w_lags \(c.w_lags) \(hac)\(c.libpysal_raw ? " (libpysal constants)" : "")"
            let ours = fit.coefficients + [fit.rhoEstimate]
            #expect(ours.count == c.betas.count, "\(tag)")
            for (k, coefficient) in ours.enumerated() {
                SpatialTwoStageLeastSquaresTests.check("\(tag) \(coefficient.name)", coefficient.estimate, c.betas[k])
                SpatialTwoStageLeastSquaresTests.check("\(tag) SE \(coefficient.name)", coefficient.stdError, c.std_err[k])
                SpatialTwoStageLeastSquaresTests.check("\(tag) numpy SE \(coefficient.name)", coefficient.stdError, c.numpy.std_err[k])
            }
            // The whole (symmetrised) covariance, each entry relative to sqrt(V_rr V_cc).
            for r in 0..<ours.count {
                for s in 0..<ours.count {
                    let scale = (abs(c.vm_sym[r][r] * c.vm_sym[s][s])).squareRoot()
                    #expect(abs(fit.covariance[r, s] - c.vm_sym[r][s]) <= 1e-6 * scale, "\(tag) V[\(r), \(s)]: \(fit.covariance[r, s]) vs \(c.vm_sym[r][s])")
                    #expect(abs(fit.covariance[r, s] - c.numpy.vm_sym[r][s]) <= 1e-6 * scale, "\(tag) numpy V[\(r), \(s)]")
                }
            }
            #expect(fit.covarianceMethod == .hac && fit.hacKernel == hac.label)
            #expect(fit.summary.contains("spatial HAC (Kelejian & Prucha 2007)"), "\(tag)")
            if c.endogenous != nil { #expect(fit.overidentification?.name == "Hansen J (HAC)") }
        }
    }

    /// The Parzen kernel (in neither spreg nor libpysal) against an independent numpy computation of the KP 2007 HAC
    /// S2SLS covariance (`reference/py/gmm_hac_parzen.json`, `py/scripts/gmm_hac_parzen.py`) on columbus: adaptive,
    /// kNN and fixed bandwidths, the whole covariance to 1e-10 relative to sqrt(V_rr V_ss); and the kernel's formula.
    @Test func parzenKernelMatchesNumpy() throws {
        #expect(KernelFunction.parzen.value(0) == 1 && KernelFunction.parzen.value(1) == 0 && KernelFunction.parzen.value(1.5) == 0)
        #expect(abs(KernelFunction.parzen.value(0.25) - (1 - 6 * 0.0625 + 6 * 0.015625)) < 1e-15)
        #expect(abs(KernelFunction.parzen.value(0.75) - 2 * 0.015625) < 1e-15)
        #expect(abs(KernelFunction.parzen.value(0.5) - 0.25) < 1e-15)   // both pieces give 1/4 at z = 1/2
        #expect(try SpatialHAC(parsing: "parzen:adaptive:5") == SpatialHAC(kernel: .parzen, bandwidth: .adaptive(k: 5)))
        struct ParzenCase: Decodable {
            let bandwidth: Case.Bandwidth; let kernel_nnz: Int; let betas: [Double]; let std_err: [Double]; let vm_sym: [[Double]]
        }
        struct ParzenReference: Decodable { let cases: [ParzenCase] }
        let reference = try Fixtures.decode(ParzenReference.self, "reference/py/gmm_hac_parzen.json")
        #expect(reference.cases.count == 4)
        let (p, y, x) = try SpatialTwoStageLeastSquaresTests.paired("columbus")
        let points = try Self.points(p, "columbus")
        for c in reference.cases {
            let hac = SpatialHAC(kernel: .parzen, bandwidth: Self.bandwidth(c.bandwidth))
            let kernel = try hac.kernelWeights(points: points, ids: p.weights.ids)
            #expect(kernel.matrix.nonzeroCount == c.kernel_nnz, "\(hac): kernel non-zeros")
            let fit = try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: x, weights: p.weights, covariance: .hac,
                                                      hacKernel: kernel, hacLabel: hac.label)
            let ours = fit.coefficients + [fit.rhoEstimate]
            for (k, coefficient) in ours.enumerated() {
                SpatialTwoStageLeastSquaresTests.check("\(hac) \(coefficient.name)", coefficient.estimate, c.betas[k], rtol: 1e-10)
                SpatialTwoStageLeastSquaresTests.check("\(hac) SE \(coefficient.name)", coefficient.stdError, c.std_err[k], rtol: 1e-10)
            }
            for r in 0..<ours.count {
                for s in 0..<ours.count {
                    let scale = (abs(c.vm_sym[r][r] * c.vm_sym[s][s])).squareRoot()
                    #expect(abs(fit.covariance[r, s] - c.vm_sym[r][s]) <= 1e-10 * scale, "\(hac) V[\(r), \(s)]")
                }
            }
            #expect(fit.hacKernel?.contains("parzen kernel") == true)
        }
    }

    /// A bandwidth below every distance leaves K = I: the HAC is then White's HC0 exactly.
    @Test func identityKernelIsWhite() throws {
        let (p, y, x) = try SpatialTwoStageLeastSquaresTests.paired("columbus")
        let kernel = try SpatialHAC(kernel: .triangular, bandwidth: .fixed(1e-6)).kernelWeights(points: try Self.points(p, "columbus"), ids: p.weights.ids)
        #expect(kernel.matrix.nonzeroCount == p.weights.count)
        let hac = try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: x, weights: p.weights, covariance: .hac, hacKernel: kernel)
        let white = try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: x, weights: p.weights, covariance: .white)
        for (a, b) in zip(hac.coefficients + [hac.rhoEstimate], white.coefficients + [white.rhoEstimate]) {
            SpatialTwoStageLeastSquaresTests.check("K = I SE \(a.name)", a.stdError, b.stdError, rtol: 1e-12)
        }
        #expect(hac.hacKernel == "kernel weights given by the caller")
    }

    /// The normalised kernels: K_ii = 1 and k(z)/k(0) off the diagonal (uniform: every neighbour 1).
    @Test func kernelWeightsAreNormalised() throws {
        let (p, _, _) = try SpatialTwoStageLeastSquaresTests.paired("columbus")
        let points = try Self.points(p, "columbus")
        for function in KernelFunction.allCases {
            let hac = SpatialHAC(kernel: function, bandwidth: .adaptive(k: 4))
            let k = try hac.kernelWeights(points: points, ids: p.weights.ids)
            let raw = try SpatialWeights.kernel(points: points, ids: p.weights.ids, function: function, bandwidth: .adaptive(k: 4), diagonal: .one)
            #expect(k.matrix.columnIndices == raw.matrix.columnIndices)
            for i in 0..<k.count {
                for t in k.matrix.rowStart[i]..<k.matrix.rowStart[i + 1] {
                    let expected = k.matrix.columnIndices[t] == i ? 1 : raw.matrix.values[t] / function.value(0)
                    #expect(abs(k.matrix.values[t] - expected) < 1e-15, "\(function) row \(i)")
                    if function == .uniform { #expect(k.matrix.values[t] == 1) }
                }
            }
            #expect(hac.value(0) == 1)
        }
    }

    @Test func refusals() throws {
        let (p, y, x) = try SpatialTwoStageLeastSquaresTests.paired("columbus")
        let points = try Self.points(p, "columbus")
        let hac = SpatialHAC(kernel: .triangular, bandwidth: .adaptive(k: 5))
        let kernel = try hac.kernelWeights(points: points, ids: p.weights.ids)
        // No kernel for .hac, a kernel without .hac.
        #expect(throws: ModelError.self) { try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: x, weights: p.weights, covariance: .hac) }
        #expect(throws: ModelError.self) { try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: x, weights: p.weights, covariance: .white, hacKernel: kernel) }
        // Units in another order: named.
        let reversed = try hac.kernelWeights(points: points.reversed(), ids: p.weights.ids.reversed())
        do {
            _ = try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: x, weights: p.weights, covariance: .hac, hacKernel: reversed)
            Issue.record("a kernel over the units in another order was accepted")
        } catch { #expect(error.description.contains("build the kernel with the fit's ids")) }
        // K(0) = 0.75 on the diagonal (libpysal's default diagonal) is not a HAC kernel.
        let badDiagonal = try SpatialWeights.kernel(points: points, ids: p.weights.ids, function: .epanechnikov, bandwidth: .adaptive(k: 5))
        do {
            _ = try SpatialTwoStageLeastSquares(.sar, data: p.table, y: y, x: x, weights: p.weights, covariance: .hac, hacKernel: badDiagonal)
            Issue.record("a kernel with K_ii = 0.75 was accepted")
        } catch { #expect(error.description.contains("K_ii = 1")) }
        // k >= n, and unknown kernels.
        #expect(throws: ModelError.self) { try SpatialHAC(kernel: .triangular, bandwidth: .adaptive(k: 49)).kernelWeights(points: points, ids: p.weights.ids) }
        #expect(throws: ModelError.self) { try SpatialHAC(parsing: "cosine:2") }
        #expect(try SpatialHAC(parsing: "quadratic:3.5") == SpatialHAC(kernel: .epanechnikov, bandwidth: .fixed(3.5)))
        // Maximum likelihood refuses HAC, and says why.
        let data = try RegressionData(table: p.table, y: y, x: x)
        do {
            _ = try SpatialRegression(.sar, data: data, weights: p.weights, options: FitOptions(covariance: .hac(hac)))
            Issue.record("an ML fit accepted HAC")
        } catch { #expect(error.description.contains("consistent only under the error process it specifies")) }
    }
}
