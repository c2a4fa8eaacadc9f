import Foundation
import Testing
@testable import SpatialEconometrics

/// The id rule of ``PairedData`` and ``PairedPanel``: every branch, with the error it gives.
@Suite struct PairedDataTests {
    var columbus: DataTable { get throws { try DataTable(contentsOf: Fixtures.url("data/columbus/columbus.csv")) } }
    var queen: SpatialWeights { get throws { try SpatialWeights.read(from: Fixtures.url("data/columbus/columbus_queen.gal")) } }

    @Test func galHeaderNamesTheIdColumn() throws {
        let w = try queen
        #expect(w.idVariable == "POLYID")
        let p = try PairedData(table: columbus, weights: w)
        #expect(p.idColumn == "POLYID" && p.pairing == .idColumn && p.warnings.isEmpty)
        #expect(p.notes.first?.contains("POLYID") == true)
        #expect(p.weights.ids == (1...49).map(String.init), "canonical order: integer ids sorted numerically")
    }

    @Test func withoutAHeaderSeveralMatchingColumnsAreRefused() throws {
        var w = try queen
        w.idVariable = nil
        #expect(throws: DataError.ambiguousIdColumn(candidates: ["COLUMBUS.I", "POLYID", "NEIG"])) { try PairedData(table: columbus, weights: w) }
        let e = DataError.ambiguousIdColumn(candidates: ["COLUMBUS.I", "POLYID", "NEIG"]).description
        #expect(e.contains("--id-column"))
        // Naming one pairs through it: NEIG orders the same 1..49 differently, so Moran's I differs from POLYID's.
        let byNeig = try PairedData(table: columbus, weights: w.transformed(.row), idColumn: "NEIG")
        let byPolyid = try PairedData(table: columbus, weights: w.transformed(.row), idColumn: "POLYID")
        let i1 = try GlobalMoran(byNeig.table.numbers("CRIME"), weights: byNeig.weights).I
        let i2 = try GlobalMoran(byPolyid.table.numbers("CRIME"), weights: byPolyid.weights).I
        #expect(abs(i2 - 0.500188557) < 1e-8 && abs(i1 - i2) > 0.05)
    }

    @Test func theOneMatchingColumnIsUsedAndSaid() throws {
        let t = try DataTable(columns: [("name", ["c", "a", "b"]), ("x", ["3", "1", "2"])])
        let w = try SpatialWeights(ids: ["a", "b", "c"], neighbors: [[1], [0, 2], [1]])
        let p = try PairedData(table: t, weights: w)
        #expect(p.idColumn == "name" && p.rows == [1, 2, 0])
        #expect(try p.table.numbers("x") == [1, 2, 3])
        #expect(p.notes.first?.contains("only column") == true)
    }

    @Test func integerIdsMatchAcrossLeadingZeros() throws {
        let t = try DataTable(columns: [("code", ["02", "01", "03"]), ("x", ["2", "1", "3"])])
        let w = try SpatialWeights(ids: ["1", "2", "3"].reversed(), neighbors: [[1], [0, 2], [1]])
        let p = try PairedData(table: t, weights: w, idColumn: "code")
        #expect(p.weights.ids == ["1", "2", "3"])
        #expect(try p.table.numbers("x") == [1, 2, 3])
        #expect(p.notes.contains { $0.contains("as integers") })
    }

    @Test func weightsWithoutIdsPairByPositionWithAWarning() throws {
        let t = try DataTable(columns: [("x", ["5", "6", "7"])])
        let w = try SpatialWeights(ids: ["1", "2", "3"], neighbors: [[1], [0, 2], [1]])
        #expect(w.idsArePositions)
        let p = try PairedData(table: t, weights: w)
        #expect(p.pairing == .position && p.idColumn == nil && p.rows == [0, 1, 2])
        #expect(p.warnings.first?.contains("by position") == true)
    }

    @Test func weightsWithTheirOwnIdsAreNotPairedByGuess() throws {
        let t = try DataTable(columns: [("x", ["5", "6", "7"])])
        let w = try SpatialWeights(ids: ["a", "b", "c"], neighbors: [[1], [0, 2], [1]])
        #expect(throws: DataError.noIdColumn(source: "table", weightsCount: 3, example: ["a", "b", "c"])) { try PairedData(table: t, weights: w) }
        let p = try PairedData(table: t, weights: w, byPosition: true)
        #expect(p.pairing == .position && p.warnings.first?.contains("as asked") == true)
    }

    @Test func aSubsampleAgainstTheFullWeightsSaysToSubset() throws {
        let t = try columbus.selectingRows(Array(0..<10)), w = try queen
        do {
            _ = try PairedData(table: t, weights: w)
            Issue.record("a subsample must not pair with the full weights")
        } catch {
            guard case .idsDoNotMatch(let column, _, let d, let w, let onlyD, let onlyW) = error else { Issue.record("\(error)"); return }
            #expect(column == "POLYID" && d == 10 && w == 49 && onlyD.isEmpty && onlyW.first == "11")
            #expect(error.description.contains("the weights cover 49 units") && error.description.contains("Subset the weights"))
        }
    }

    @Test func otherUnitsAreNamedOnBothSides() throws {
        let t = try DataTable(columns: [("id", ["a", "b", "z"]), ("x", ["1", "2", "3"])])
        let w = try SpatialWeights(ids: ["a", "b", "c"], neighbors: [[1], [0, 2], [1]])
        #expect(throws: DataError.idsDoNotMatch(column: "id", source: "table", dataCount: 3, weightsCount: 3, onlyInData: ["z"], onlyInWeights: ["c"])) {
            try PairedData(table: t, weights: w, idColumn: "id")
        }
    }

    @Test func duplicateIdsNameTheirRows() throws {
        let t = try DataTable(columns: [("id", ["a", "b", "a"]), ("x", ["1", "2", "3"])])
        let w = try SpatialWeights(ids: ["a", "b", "c"], neighbors: [[1], [0, 2], [1]])
        #expect(throws: DataError.duplicateId(column: "id", id: "a", rows: [1, 3])) { try PairedData(table: t, weights: w, idColumn: "id") }
    }

    @Test func denseCSVCornerCellNamesTheIdColumn() throws {
        let w = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv"))
        #expect(w.idVariable == "state")
        let round = try DenseCSVFormat.read(DenseCSVFormat.write(w))
        #expect(round.idVariable == "state" && round == w)
    }

    /// `droppingMissing`: the unit with a missing CRIME goes, W is subset (row-standardised again) as spdep's
    /// subset.listw, and the fit equals a fit on the complete cases with the subset W built independently.
    @Test func droppingMissingSubsetsTheWeights() throws {
        let table = try DataTable(contentsOf: Fixtures.url("reliability/csv/NA_y.csv"))
        let binary = try queen
        let w = try binary.transformed(.row)
        let paired = try PairedData(table: table, weights: w)
        #expect(throws: DataError.missingValue(column: "CRIME", row: 10)) { try paired.table.numbers("CRIME") }
        let dropped = try paired.droppingMissing(in: ["CRIME", "INC"])
        #expect(dropped.droppedUnits == ["10"] && dropped.weights.count == 48 && dropped.table.rowCount == 48)
        #expect(dropped.warnings.contains { $0.contains("dropped 1 unit(s)") && $0.contains("10") })
        #expect(!dropped.weights.ids.contains("10") && dropped.rows.count == 48 && !dropped.rows.contains(9))
        // The subset W: the induced subgraph of the binary W, row-standardised.
        let kept = w.ids.filter { $0 != "10" }
        let induced = try SpatialWeights(ids: kept, neighbors: kept.map { id in
            binary.neighbors(of: binary.index(of: id) ?? 0).map { binary.ids[$0] }.filter { $0 != "10" }.compactMap { kept.firstIndex(of: $0) }
        }).transformed(.row)
        for i in 0..<48 {
            #expect(Array(dropped.weights.neighbors(of: i)) == Array(induced.neighbors(of: i)))
            for (a, b) in zip(dropped.weights.weights(of: i), induced.weights(of: i)) { #expect(abs(a - b) < 1e-15) }
        }
        let fit = try SpatialRegression(.sar, data: RegressionData(table: dropped.table, y: "CRIME", x: ["INC"]), weights: dropped.weights)
        #expect(fit.n == 48 && fit.rho != nil)
        // Nothing missing: unchanged.
        #expect(try paired.droppingMissing(in: ["INC"]).table.rowCount == 49)
    }

    /// Errors found on the canonical table name the row of the user's file.
    @Test func errorsNameTheRowsOfTheInputFile() throws {
        let text = try Fixtures.text("reliability/csv/NA_y.csv")
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        lines.reverse()   // POLYID 10 (file row 10) is now row 40
        let paired = try PairedData(table: DataTable(csv: ([header] + lines).joined(separator: "\n")), weights: queen)
        do {
            _ = try paired.table.numbers("CRIME")
            Issue.record("missing CRIME not reported")
        } catch {
            #expect(paired.inSourceRows(error) as? DataError == .missingValue(column: "CRIME", row: 40))
        }
    }

    @Test func panelUnitsWithAMissingCellAreDroppedInEveryPeriod() throws {
        let table = try DataTable(contentsOf: Fixtures.url("reliability/p/na.csv"))
        let w = try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv")).transformed(.row)
        let paired = try PairedPanel(table: table, unit: "state", time: "year", weights: w).droppingMissing(in: ["gsp", "pcap"])
        #expect(paired.droppedUnits == ["ARIZONA"] && paired.panel.unitCount == 47 && paired.weights.count == 47)
        #expect(paired.panel.units == paired.weights.ids && paired.panel.periodCount == 17)
        let sums = paired.weights.matrix.rowSums
        #expect(sums.allSatisfy { abs($0 - 1) < 1e-12 || $0 == 0 })
    }

    @Test func panelUnitsNotInTheWeightsAreNamed() throws {
        let t = try DataTable(columns: [("u", ["a", "b", "z", "a", "b", "z"]), ("t", ["1", "1", "1", "2", "2", "2"]), ("y", ["1", "2", "3", "4", "5", "6"])])
        let w = try SpatialWeights(ids: ["a", "b", "c"], neighbors: [[1], [0, 2], [1]])
        #expect(throws: DataError.idsDoNotMatch(column: "u", source: "table", dataCount: 3, weightsCount: 3, onlyInData: ["z"], onlyInWeights: ["c"])) {
            try PairedPanel(table: t, unit: "u", time: "t", weights: w)
        }
        let positional = try SpatialWeights(ids: ["1", "2", "3"], neighbors: [[1], [0, 2], [1]])
        let p = try PairedPanel(table: t, unit: "u", time: "t", weights: positional)
        #expect(p.pairing == .position && p.panel.units == ["a", "b", "z"] && p.weights.ids == ["a", "b", "z"])
        #expect(p.warnings.first?.contains("no ids of their own") == true)
    }
}
