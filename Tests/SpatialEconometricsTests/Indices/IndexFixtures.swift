import Foundation
@testable import SpatialEconometrics

/// China's 31 provinces 2011–2022 with the derived indicators of `entropy_china31.py`, computed the same way.
enum China31Indicators {
    static let names = ["gdppc", "urbanization", "fiscal_share", "patents_per_10k", "employment_share"]
    static let groups = [IndicatorGroup("economy", indicators: ["gdppc", "fiscal_share"]),
                         IndicatorGroup("society", indicators: ["urbanization", "employment_share"]),
                         IndicatorGroup("innovation", indicators: ["patents_per_10k"])]

    static func table() throws -> DataTable {
        var t = try DataTable(contentsOf: Fixtures.url("data/china31/panel.csv"))
        let gdp = try t.numbers("gdp"), pop = try t.numbers("population")
        let fis = try t.numbers("fiscal_expenditure"), pat = try t.numbers("patents_granted"), emp = try t.numbers("urban_unit_employment")
        t = try t.adding("gdppc", values: zip(gdp, pop).map { $0 * 10000 / $1 })
        t = try t.adding("urbanization", values: try t.numbers("urbanization_rate"))
        t = try t.adding("fiscal_share", values: zip(fis, gdp).map { $0 / $1 })
        t = try t.adding("patents_per_10k", values: zip(pat, pop).map { $0 / $1 })
        t = try t.adding("employment_share", values: zip(emp, pop).map { $0 / $1 })
        return t
    }

    /// Regions by province id.
    static func regions() throws -> [String: String] {
        let p = try DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv"))
        return Dictionary(uniqueKeysWithValues: zip(try p.strings("id"), try p.strings("region")))
    }
}

/// `entropy_china31.json`.
struct EntropyFixture: Decodable {
    struct Block: Decodable {
        let entropy, divergence, weight, score, topsis: [Double]
        let group_scores, group_indices: [String: [Double]]
        let group_weights: [String: Double]
    }
    struct Case: Decodable {
        let directions: [String]
        let shift: Double
        let entropy, divergence, weight, score, topsis: [Double]
        let group_scores, group_indices: [String: [Double]]
        let group_weights: [String: Double]
    }
    struct PerYear: Decodable { let directions: [String]; let shift: Double; let years: [String: Block] }
    struct Cases: Decodable { let pooled, pooled_shift0, pooled_negative, pooled_equal: Case; let per_year: PerYear }
    struct Row: Decodable { let id, year: String }
    struct Coupling: Decodable { let U1, U2, C, C_squared, T, D: [Double] }
    let indicators: [String]
    let rows: [Row]
    let cases: Cases
    let coupling: Coupling

    static func load() throws -> EntropyFixture {
        try Fixtures.decode(EntropyFixture.self, "reference/py/entropy_china31.json")
    }
}
