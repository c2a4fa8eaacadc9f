import Foundation
import Testing
@testable import SpatialEconometrics

/// Numeric columns are stored as numbers; text and numeric access agree; panels built from time-major arrays.
@Suite struct NumericTableTests {
    @Test func numericColumnsRoundTrip() throws {
        let t = try DataTable(numericColumns: [("a", [1.5, 2, .nan]), ("b", [0.1, 0.2, 0.3])])
        #expect(try t.numbers("b") == [0.1, 0.2, 0.3])
        #expect(try t.strings("a") == ["1.5", "2.0", "NA"])
        #expect(try t.optionalNumbers("a") == [1.5, 2, nil])
        #expect(throws: DataError.missingValue(column: "a", row: 3)) { try t.numbers("a") }          // the missing cell is named
        #expect(throws: DataError.duplicateColumn("a")) { try DataTable(numericColumns: [("a", [1]), ("a", [2])]) }
        #expect(throws: DataError.invalidArgument("column 'b' has 2 rows, expected 1")) { try DataTable(numericColumns: [("a", [1]), ("b", [2, 3])]) }
        let text = try DataTable(csv: "a,b\n1.5,0.1\n2,0.2\nNA,0.3\n")
        #expect(try text.numbers("b") == t.numbers("b"))
        #expect(try t.selectingRows([2, 0]).numbers("b") == [0.3, 0.1])
    }

    @Test func timeMajorPanel() throws {
        let p = try Panel(units: ["x", "y"], periods: ["2020", "2021", "2022"], columns: [("v", [1, 2, 3, 4, 5, 6])])
        #expect(p.unitCount == 2 && p.periodCount == 3)
        #expect(try p.numbers("v") == [1, 2, 3, 4, 5, 6])
        #expect(try p.numbers("v", period: 1) == [3, 4])
        #expect(try p.table.strings("unit") == ["x", "y", "x", "y", "x", "y"])
        #expect(throws: DataError.invalidArgument("unit ids repeat")) { try Panel(units: ["x", "x"], periods: ["1"], columns: []) }
        #expect(throws: DataError.invalidArgument("column 'v' has 1 values for 1 units x 2 periods")) { try Panel(units: ["x"], periods: ["1", "2"], columns: [("v", [1])]) }
    }
}
