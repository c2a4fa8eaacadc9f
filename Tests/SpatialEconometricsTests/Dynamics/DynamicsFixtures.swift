import Foundation
@testable import SpatialEconometrics

/// `reference/py/distribution_dynamics.json` (`scripts/distribution_dynamics.py`) and the panels it was made from.
struct DynamicsFixture: Decodable {
    struct Grid: Decodable { let min, max: Double; let count: Int }
    struct Curve: Decodable { let bandwidth: Double; let density: [Double] }
    struct KDE: Decodable { let grid, log_grid: Grid; let years: [String: [String: Curve]] }
    struct RYear: Decodable { let bw_nrd0: Double; let density_nrd0, density_epanechnikov_nrd0: [Double] }
    struct RKDE: Decodable { let years: [String: RYear] }
    struct Chain: Decodable {
        let k: Int
        let class_ids: [[Int]]
        let transitions: [[Double]]
        let p: [[Double]]
        let empty_classes: [Int]
        let num_communication_classes: Int
        let prais: [Double]
        let shorrocks: Double
        let steady_state: [Double]?
        let mfpt: [[Double]]?
    }
    struct Spatial: Decodable {
        let k: Int
        let class_ids, lag_class_ids: [[Int]]
        let cutoffs, lag_cutoffs: [Double]
        let transitions: [[Double]]
        let p: [[Double]]
        let T, P: [[[Double]]]
        let S: [[Double]?]
        let LR, LR_p_value, Q, Q_p_value: Double
        let dof: Int
    }
    struct LISA: Decodable { let q: [[Int]]; let transitions, p: [[Double]]; let chi_2, chi_2_panel: [Double] }
    let kde: KDE
    let kde_r: RKDE?
    let markov: [String: Chain]
    let spatial_markov: [String: Spatial]
    let lisa_markov: [String: LISA]

    static func load() throws -> DynamicsFixture { try Fixtures.decode(DynamicsFixture.self, "reference/py/distribution_dynamics.json") }

    /// china31 rows with `gdppc = gdp * 10000 / population`.
    static func chinaTable() throws -> DataTable {
        let t = try DataTable(contentsOf: Fixtures.url("data/china31/panel.csv"))
        let gdp = try t.numbers("gdp"), pop = try t.numbers("population")
        return try t.adding("gdppc", values: zip(gdp, pop).map { $0 * 10000 / $1 })
    }

    /// Queen contiguity with Hainan linked, ids 1...31 in numeric order.
    static func chinaWeights() throws -> SpatialWeights {
        let ids = try DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv")).strings("id")
        let edges = try DataTable(contentsOf: Fixtures.url("data/china31/contiguity_edges_hainan_linked.csv"))
        return try SpatialWeights.contiguity(edges: Array(zip(edges.strings("from_id"), edges.strings("to_id"))), ids: ids)
    }

    /// The china31 panel with units in the fixture's order (numeric id).
    static func chinaPanel() throws -> Panel {
        try Panel(table: chinaTable(), unit: "id", time: "year", unitOrder: (1...31).map(String.init))
    }

    static func producTable() throws -> DataTable {
        let t = try DataTable(contentsOf: Fixtures.url("data/produc/produc.csv"))
        return try t.adding("gspemp", values: zip(try t.numbers("gsp"), try t.numbers("emp")).map { $0 / $1 })
    }

    static func producWeights() throws -> SpatialWeights { try SpatialWeights.read(from: Fixtures.url("data/produc/usaww.csv")) }
}

func maxAbsDiff(_ a: [Double], _ b: [Double]) -> Double {
    a.count == b.count ? zip(a, b).map { abs($0 - $1) }.max() ?? 0 : .infinity
}
