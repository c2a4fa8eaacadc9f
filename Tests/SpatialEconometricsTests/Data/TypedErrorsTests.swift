import Foundation
import Testing
@testable import SpatialEconometrics

/// The package's own APIs throw their concrete error type, and a data problem met inside a model or an exploratory
/// statistic stays a typed ``DataError`` (its column and 1-based row), not a string.
@Suite struct TypedErrorsTests {
    /// Four units on a ring, three periods, built in code.
    static func panel() throws -> (Panel, SpatialWeights) {
        let units = ["a", "b", "c", "d"], periods = ["2001", "2002", "2003"]
        let y: [Double] = [1, 3, 2, 5, 2, 4, 3, 7, 4, 2, 6, 5], x: [Double] = [2, 1, 4, 3, 5, 2, 6, 1, 3, 7, 2, 4]
        let panel = try Panel(units: units, periods: periods, columns: [("y", y), ("x", x)])
        let w = try SpatialWeights(ids: units, neighbors: [[1, 3], [0, 2], [1, 3], [2, 0]]).transformed(.row)
        return (panel, w)
    }

    static func failure<E: Error, T>(_ body: () throws(E) -> T) -> E? {
        do { _ = try body(); return nil } catch { return error }
    }

    @Test func regressionDataFromATableThrowsModelErrorWithTheDataError() throws {
        let table = try DataTable(csv: "id,y,x\n1,1,2\n2,2,abc\n3,4,1\n4,3,5\n")
        let e = Self.failure { () throws(ModelError) in try RegressionData(table: table, y: "y", x: ["x"]) }
        #expect(e == .data(.notNumeric(column: "x", row: 2, value: "abc")))
        #expect(e?.description == DataError.notNumeric(column: "x", row: 2, value: "abc").description)
    }

    @Test func panelDiagnosticsThrowModelErrorWithTheDataError() throws {
        let (panel, w) = try Self.panel()
        let missing = DataError.missingColumn("z", available: ["unit", "time", "y", "x"])
        #expect(Self.failure { () throws(ModelError) in try PanelLMDiagnostics(panel: panel, y: "y", x: ["z"], weights: w, effects: .individual) }
                == .data(missing))
        #expect(Self.failure { () throws(ModelError) in try RandomEffectsLMDiagnostics(panel: panel, y: "y", x: ["z"], weights: w) } == .data(missing))
    }

    @Test func autocorrelationByPeriodThrowsExploratoryError() throws {
        let (panel, w) = try Self.panel()
        #expect(Self.failure { () throws(ExploratoryError) in try AutocorrelationByPeriod(panel: panel, variable: "z", weights: w) }
                == .data(.missingColumn("z", available: ["unit", "time", "y", "x"])))
        let other = try SpatialWeights(ids: ["a", "b", "c", "e"], neighbors: [[1], [0], [3], [2]])
        let e = Self.failure { () throws(ExploratoryError) in try AutocorrelationByPeriod(panel: panel, variable: "y", weights: other) }
        guard case .weights(let underlying)? = e else { Issue.record("expected a weights error, got \(String(describing: e))"); return }
        #expect(e?.description == underlying.description && underlying.description.contains("'d'"), "\(underlying)")
    }
}

/// Row numbers passed by a caller are checked against the values before any is used: a short list is an error, not
/// an index out of range.
@Suite struct RowNumbersTests {
    @Test func aShortListOfRowNumbersIsRefused() {
        #expect(throws: IndexError.invalidArgument("1 row numbers for 3 values")) { try Inequality(values: [1, 2, .nan], rows: [7]) }
        #expect(throws: IndexError.invalidArgument("1 row numbers for 2 rows")) {
            try CouplingCoordination(scores: [[0.1, 0.2], [0.3, 0.4]], systems: ["a", "b"], rows: [5])
        }
    }
}
