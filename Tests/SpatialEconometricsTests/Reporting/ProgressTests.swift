import Foundation
import Testing
@testable import SpatialEconometrics

/// Collects progress reports from any thread.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items = [ComputationProgress]()
    func append(_ p: ComputationProgress) { lock.lock(); items.append(p); lock.unlock() }
    var reports: [ComputationProgress] { lock.lock(); defer { lock.unlock() }; return items }
    var handler: ProgressHandler { { [self] in append($0) } }
}

/// Progress reporting: fractions never decrease and end at exactly 1; results are the same with and without it.
@Suite struct ProgressTests {
    func expectWellFormed(_ reports: [ComputationProgress], phase: String) {
        #expect(reports.count >= 2, "at least the opening and the closing report")
        #expect(reports.first?.fractionCompleted == 0)
        #expect(reports.last?.fractionCompleted == 1)
        #expect(reports.last?.isFinished == true)
        #expect(reports.dropLast().allSatisfy { !$0.isFinished }, "only the last report is at 1")
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.fractionCompleted <= $1.fractionCompleted })
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.elapsedSeconds <= $1.elapsedSeconds })
        #expect(reports.allSatisfy { $0.phase == phase })
    }

    @Test func reporterThrottlesAndFinishesOnce() {
        let log = ProgressLog()
        let r = ProgressReporter(phase: "work", total: 1000, interval: 0, handler: log.handler)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in for _ in 0..<250 { r.advance(by: 1) } }
        r.finish()
        r.finish()
        r.advance(by: 5)
        expectWellFormed(log.reports, phase: "work")
        #expect(log.reports.count <= 1002)

        let quiet = ProgressLog()
        let slow = ProgressReporter(phase: "slow", total: 10, interval: 3600, handler: quiet.handler)
        for _ in 0..<10 { slow.advance(by: 1) }
        slow.finish()
        #expect(quiet.reports.map(\.fractionCompleted) == [0, 1], "nothing between the ends within the interval")
        #expect(quiet.reports.last?.estimatedSecondsRemaining == 0)
    }

    @Test(arguments: LocalPermutationDraws.allCases)
    func localMoranReportsAndGivesTheSameResult(draws: LocalPermutationDraws) throws {
        let w = try SpatialWeights.lattice(rows: 40, columns: 40, rule: .rook).transformed(.row)
        var g = SeededGenerator(seed: 1)
        let x = (0..<w.count).map { i in Double(i % 40) / 10 + g.normal() }
        let log = ProgressLog()
        let with = try LocalMoran(x, weights: w, permutations: 999, seed: 4, draws: draws, progress: log.handler)
        let without = try LocalMoran(x, weights: w, permutations: 999, seed: 4, draws: draws)
        #expect(with == without)
        expectWellFormed(log.reports, phase: "local Moran permutations")
    }

    @Test func globalStatisticsReportAndGiveTheSameResult() throws {
        let w = try Columbus.queen().transformed(.row)
        let x = try Columbus.crime()
        let log = ProgressLog()
        let m = try GlobalMoran(x, weights: w, permutations: 999, seed: 2, progress: log.handler)
        #expect(m == (try GlobalMoran(x, weights: w, permutations: 999, seed: 2)))
        expectWellFormed(log.reports, phase: "Moran's I permutations")
        let glog = ProgressLog()
        let c = try GearyC(x, weights: w, permutations: 499, seed: 2, progress: glog.handler)
        #expect(c == (try GearyC(x, weights: w, permutations: 499, seed: 2)))
        expectWellFormed(glog.reports, phase: "Geary's C permutations")
        let llog = ProgressLog()
        _ = try LocalGetisOrd(x, weights: w, star: false, permutations: 99, progress: llog.handler)
        expectWellFormed(llog.reports, phase: "local G permutations")
    }

    @Test func noPermutationsMeansNoReports() throws {
        let log = ProgressLog()
        _ = try LocalMoran(try Columbus.crime(), weights: try Columbus.queen(), progress: log.handler)
        _ = try GlobalMoran(try Columbus.crime(), weights: try Columbus.queen(), progress: log.handler)
        #expect(log.reports.isEmpty)
    }
}

/// The status line a terminal shows.
@Suite struct ComputationProgressTextTests {
    @Test func lineNamesPhasePercentAndTimes() {
        let running = ComputationProgress(phase: "local Moran permutations", fractionCompleted: 0.456, elapsedSeconds: 3.21,
                                          estimatedSecondsRemaining: 75)
        #expect(running.description == "local Moran permutations  45%  3.2 s elapsed, about 1 min 15 s left")
        let done = ComputationProgress(phase: "x", fractionCompleted: 1, elapsedSeconds: 7400, estimatedSecondsRemaining: 0)
        #expect(done.description == "x  100%  2 h 03 min")
        let start = ComputationProgress(phase: "x", fractionCompleted: 0, elapsedSeconds: 0, estimatedSecondsRemaining: nil)
        #expect(start.description == "x  0%  0.0 s elapsed")
    }
}
