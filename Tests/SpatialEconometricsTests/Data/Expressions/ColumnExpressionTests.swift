import Foundation
import Testing
@testable import SpatialEconometrics

/// The column-expression language: R's precedence, evaluation against hand-computed values, backticked names,
/// missing cells, domain errors naming the row, lag/diff by unit and time, and the errors of bad expressions.
@Suite struct ColumnExpressionTests {
    /// a, b, c and a column with a blank and non-ASCII name; row 3 of b is missing.
    static func table() throws -> DataTable {
        try DataTable(csv: """
            a,b,c,GDP per-capita,人口
            1,2,3,10,100
            4,5,6,20,1000
            9,NA,-1,30,10
            """)
    }

    static func value(_ text: String) throws -> Double? {
        let t = try DataTable(numericColumns: [("a", [1])])
        return try t.values(of: ColumnExpression(text)).first ?? nil
    }

    @Test func precedenceIsRs() throws {
        #expect(try Self.value("-2^2") == -4)
        #expect(try Self.value("2^3^2") == 512)          // right-associative: 2^(3^2)
        #expect(try Self.value("(2^3)^2") == 64)
        #expect(try Self.value("2^-1") == 0.5)           // a negated exponent
        #expect(try Self.value("8 / 4 * 2") == 4)        // left to right: (8 / 4) * 2
        #expect(try Self.value("8 / 4 / 2") == 1)
        #expect(try Self.value("10 - 4 - 3") == 3)
        #expect(try Self.value("1 + 2 * 3") == 7)
        #expect(try Self.value("-(1 + 2) * 3") == -9)
        #expect(try Self.value("--3") == 3)
        #expect(try Self.value("2 * -3") == -6)
        #expect(try Self.value("1.5e1 + .5") == 15.5)
        #expect(try Self.value("a:3") == 3)              // ':' is a product (a formula's interaction)
    }

    @Test func functionsAgainstHandComputedValues() throws {
        let t = try Self.table()
        func v(_ e: String) throws -> [Double?] { try t.optionalNumbers(e) }
        #expect(try v("a + c") == [4, 10, 8])
        #expect(try v("a / c * 2") == [1.0 / 3.0 * 2, 4.0 / 6.0 * 2, -18])
        #expect(try v("a^2 - c") == [-2, 10, 82])
        #expect(try v("sqrt(a)") == [1, 2, 3])
        #expect(try v("abs(c)") == [3, 6, 1])
        #expect(try v("log(a)") == [0, Foundation.log(4), Foundation.log(9)])
        #expect(try v("ln(a)") == (try v("log(a)")))
        #expect(try v("log10(`GDP per-capita`)") == [1, Foundation.log10(20), Foundation.log10(30)])
        #expect(try v("exp(a - 1)") == [1, Foundation.exp(3), Foundation.exp(8)])
        #expect(try v("I(a * 2)") == [2, 8, 18])
        #expect(try v("`人口` / 10") == [10, 100, 1])
        #expect(try v("人口 / 10") == [10, 100, 1])       // a bare non-ASCII name is a name too
        #expect(try t.numbers(" a * c ") == [3, 24, -9])
    }

    @Test func plainNamesBehaveAsBefore() throws {
        let t = try Self.table()
        #expect(try t.numbers("a") == [1, 4, 9])
        #expect(try t.numbers("GDP per-capita") == [10, 20, 30])   // an exact column name needs no backticks
        #expect(throws: DataError.missingColumn("d", available: t.columnNames)) { try t.numbers("d") }
        #expect(throws: DataError.missingColumn("no such column", available: t.columnNames)) { try t.numbers("no such column") }
        #expect(throws: DataError.missingValue(column: "b", row: 3)) { try t.numbers("b") }
    }

    @Test func missingInputsGiveMissingCells() throws {
        let t = try Self.table()
        #expect(try t.optionalNumbers("a * b + 1") == [3, 21, nil])
        #expect(try t.optionalNumbers("log(b)") == [Foundation.log(2), Foundation.log(5), nil])
        // Where every cell is needed, the error names the expression and the row.
        #expect(throws: DataError.missingValue(column: "a * b", row: 3)) { try t.numbers("a * b") }
    }

    @Test func domainErrorsNameTheRow() throws {
        let t = try Self.table()
        #expect(throws: DataError.expression(.outOfDomain(expression: "log(c)", operation: "log", row: 3, value: -1))) { try t.numbers("log(c)") }
        #expect(throws: DataError.expression(.outOfDomain(expression: "sqrt(c)", operation: "sqrt", row: 3, value: -1))) { try t.numbers("sqrt(c)") }
        #expect(throws: DataError.expression(.outOfDomain(expression: "log10(c - 3)", operation: "log10", row: 1, value: 0))) { try t.numbers("log10(c - 3)") }
        func domainRow(_ e: String) -> Int? {
            do { _ = try t.numbers(e); return nil } catch {
                guard case .expression(let x) = error, case .outOfDomain(let text, _, let row, _) = x, text == e else { return nil }
                return row
            }
        }
        #expect(domainRow("a / (c - 3)") == 1)      // division by zero
        #expect(domainRow("c^0.5") == 3)            // a negative base to a fractional power
        #expect(domainRow("exp(a * 1000)") == 1)    // overflow
        let message = DataError.expression(.outOfDomain(expression: "log(c)", operation: "log", row: 3, value: -1)).description
        #expect(message.contains("row 3") && message.contains("log(c)") && message.contains("log of -1"))
    }

    @Test func domainErrorsNameTheRowOfTheUsersFile() throws {
        // Rows shuffled against the weights' order: the error names the row of the file, not of the paired table.
        let t = try DataTable(csv: "id,x\n3,5\n1,-2\n2,4\n")
        let w = try SpatialWeights.contiguity(edges: [("1", "2"), ("2", "3")], ids: ["1", "2", "3"])
        let paired = try PairedData(table: t, weights: w, idColumn: "id")
        do {
            _ = try paired.table.numbers("log(x)")
            Issue.record("log of -2 was not an error")
        } catch {
            #expect(paired.inSourceRows(error) as? DataError == .expression(.outOfDomain(expression: "log(x)", operation: "log", row: 2, value: -2)))
        }
    }

    @Test func badExpressionsNameThePosition() throws {
        let t = try Self.table()
        func error(_ e: String) -> ExpressionError? {
            do { _ = try t.numbers(e); return nil } catch { if case .expression(let x) = error { return x }; return nil }
        }
        // Unbalanced parentheses: the '(' that is not closed, or the ')' without a '('.
        guard case .syntax(_, 4, _, _)? = error("log(a + (b)") else { Issue.record("\(String(describing: error("log(a + (b)")))"); return }
        guard case .syntax(_, 7, _, _)? = error("log(a))") else { Issue.record("\(String(describing: error("log(a))")))"); return }
        guard case .syntax(_, 1, _, _)? = error("(a + b") else { Issue.record("\(String(describing: error("(a + b")))"); return }
        #expect(error("lg(a)") == .unknownFunction("lg", expression: "lg(a)", position: 1))
        #expect(error("a + log(bb)") == .unknownColumn("bb", expression: "a + log(bb)", position: 9, available: t.columnNames))
        #expect(error("a + `GDP per capita`") == .unknownColumn("GDP per capita", expression: "a + `GDP per capita`", position: 5, available: t.columnNames))
        guard case .syntax(_, 5, _, _)? = error("a + `b") else { Issue.record("unterminated backtick"); return }
        guard case .syntax(_, 5, _, _)? = error("a + $b") else { Issue.record("unexpected character"); return }
        guard case .syntax(_, 4, _, _)? = error("a +") else { Issue.record("dangling operator"); return }
        guard case .syntax(_, 3, _, _)? = error("a b + c") else { Issue.record("missing operator"); return }
        guard case .syntax(_, 6, _, _)? = error("log(a, 2)") else { Issue.record("two arguments"); return }
        let unknown = ExpressionError.unknownColumn("bb", expression: "a + log(bb)", position: 9, available: t.columnNames).description
        #expect(unknown.contains("position 9") && unknown.contains("'bb'"))
        #expect(ExpressionError.unknownFunction("lg", expression: "lg(a)", position: 1).description.contains("log10"))
        #expect(error("lag(a)") == .needsPanel(expression: "lag(a)", function: "lag"))
    }

    @Test func lagAndDiffFollowUnitAndTimeNotRowOrder() throws {
        // Rows shuffled: units A and B over 2001...2003.
        let t = try DataTable(csv: """
            unit,year,x
            B,2002,20
            A,2003,3
            B,2001,10
            A,2001,1
            B,2003,40
            A,2002,2
            """)
        let panel = try Panel(table: t, unit: "unit", time: "year")
        // Canonical order: period-major, units B then A (first appearance).
        #expect(try panel.values(of: ColumnExpression("lag(x)")) == [nil, nil, 10, 1, 20, 2])
        #expect(try panel.values(of: ColumnExpression("diff(x)")) == [nil, nil, 10, 1, 20, 1])
        #expect(try panel.values(of: ColumnExpression("diff(log(x))"))[5] == Foundation.log(3) - Foundation.log(2))
        #expect(try panel.values(of: ColumnExpression("lag(lag(x))")) == [nil, nil, nil, nil, 10, 1])
        #expect(try panel.tableValues("lag(x)") == [10, 2, nil, nil, 20, 1])
        #expect(try panel.numbers("x / 10", period: 2) == [4, 0.3])
        // The first period has no lag: a fit that needs every cell says so and how to fit without that period.
        do {
            _ = try panel.numbers("lag(x)")
            Issue.record("lag(x) in the first period was not an error")
        } catch {
            #expect(error.description.contains("first period (2001)") && error.description.contains("lag(x)"), "\(error)")
        }
        // A missing input in a later period names the file's row.
        let gap = try Panel(table: DataTable(csv: "unit,year,x\nA,1,1\nA,2,NA\nB,1,2\nB,2,3\n"), unit: "unit", time: "year")
        #expect(throws: DataError.missingValue(column: "x * 2", row: 2)) { try gap.numbers("x * 2") }
    }

    @Test func listsSplitAtTopLevelCommas() {
        #expect(ColumnExpression.splitList("log(pcap), log(pc) ,unemp") == ["log(pcap)", "log(pc)", "unemp"])
        #expect(ColumnExpression.splitList("I(a / (b + c)),`x, y`,,z") == ["I(a / (b + c))", "`x, y`", "z"])
    }
}

extension ColumnExpressionTests {
    @Test func hostileInputIsAnErrorNotACrash() throws {
        let t = try DataTable(numericColumns: [("a", [1, 2])])
        func isSyntax(_ e: String) -> Bool {
            do { _ = try t.numbers(e); return false } catch {
                if case .expression(.syntax) = error { return true }
                return false
            }
        }
        #expect(isSyntax(String(repeating: "(", count: 100_000) + "a" + String(repeating: ")", count: 100_000)))
        #expect(isSyntax(String(repeating: "-", count: 100_000) + "a"))
        #expect(isSyntax(String(repeating: "log(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)))
        #expect(isSyntax(Array(repeating: "a", count: 50_000).joined(separator: " + ")))
        #expect(try t.numbers(Array(repeating: "a", count: 500).joined(separator: " + ")) == [500, 1000])
        #expect(throws: ExpressionError.self) { try Formula("y ~ " + Array(repeating: "a", count: 70).joined(separator: "*")) }
        for text in ["", "   ", "`", "``", "(", ")", "log(", "1e", "1e+", ".", "a..b", "~", ":", "a ~", "^2", "2^", "*a"] {
            _ = try? ColumnExpression(text)
            _ = try? Formula(text)
            _ = try? t.optionalNumbers(text)
        }
    }

    @Test func inequalityTakesAnExpression() throws {
        let t = try DataTable(csv: "year,gdp,pop\n1,10,2\n1,30,3\n1,20,4\n2,12,2\n2,33,3\n2,18,6\n")
        let byExpression = try Inequality.byPeriod(table: t, variable: "gdp / pop", by: "year")
        let withColumn = try t.adding("gdppc", values: zip(try t.numbers("gdp"), try t.numbers("pop")).map { $0 / $1 })
        let byColumn = try Inequality.byPeriod(table: withColumn, variable: "gdppc", by: "year")
        #expect(byExpression.rows.map(\.gini) == byColumn.rows.map(\.gini))
    }
}
