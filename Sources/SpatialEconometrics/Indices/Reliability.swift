import Foundation

/// Reliability and validity statistics of a multi-item scale (questionnaire survey): Cronbach's alpha (raw and
/// standardised), the Kaiser–Meyer–Olkin measure of sampling adequacy (overall and per item) and Bartlett's test
/// of sphericity — the table that precedes a factor analysis or an index built from survey items.
///
/// With k items, item covariance matrix `S` (sample, n - 1), correlation matrix `R` and its inverse `Q = R^-1`:
///
/// - raw alpha `alpha = k/(k-1) (1 - sum_i S_ii / sum_ij S_ij)` (Cronbach 1951)
/// - standardised alpha `k rbar / (1 + (k-1) rbar)`, rbar = mean off-diagonal correlation
/// - partial (anti-image) correlations `a_ij = -Q_ij / sqrt(Q_ii Q_jj)`; KMO `= sum_{i!=j} r_ij^2 / (sum_{i!=j} r_ij^2 + sum_{i!=j} a_ij^2)`,
///   per item the same sums over row i only (Kaiser 1970, 1974)
/// - Bartlett `chi2 = -(n - 1 - (2k + 5)/6) ln|R|`, `df = k(k-1)/2` (Bartlett 1950)
///
/// These are R `psych`'s `alpha(...)$total`, `KMO` and `cortest.bartlett(cor(x), n)`.
///
/// References: Cronbach, L. J. (1951), "Coefficient alpha and the internal structure of tests", *Psychometrika*
/// 16(3), 297–334; Kaiser, H. F. (1974), "An index of factorial simplicity", *Psychometrika* 39(1), 31–36;
/// Bartlett, M. S. (1950), "Tests of significance in factor analysis", *British Journal of Psychology* 3(2), 77–85.
///
/// ```swift
/// let r = try Reliability(table: survey, items: ["A1r", "A2", "A3", "A4", "A5"])
/// print(r.cronbachAlpha, r.kmo, r.bartlett.pValue)
/// ```
public struct Reliability: Sendable, Codable, Equatable {
    /// Bartlett's test of sphericity (H0: the correlation matrix is the identity).
    public struct Bartlett: Sendable, Codable, Equatable {
        /// `chi2 = -(n - 1 - (2k + 5)/6) ln|R|`.
        public let chi2: Double
        /// `df = k(k - 1)/2`.
        public let df: Int
        /// `P(chi2(df) > chi2)`.
        public let pValue: Double
        enum CodingKeys: String, CodingKey { case chi2, df, pValue = "p_value" }
    }

    /// One item's diagnostics.
    public struct Item: Sendable, Codable, Equatable {
        /// The item's name (its column).
        public let name: String
        /// The item's mean over the observations used.
        public let mean: Double
        /// The item's sample standard deviation (n - 1).
        public let standardDeviation: Double
        /// KMO of this item (MSA_i).
        public let kmo: Double
        /// Correlation of the item with the sum of the other items (corrected item-total correlation).
        public let itemRestCorrelation: Double
        /// Raw alpha of the scale without this item (`nil` with two items).
        public let alphaIfDeleted: Double?

        enum CodingKeys: String, CodingKey {
            case name, mean, standardDeviation = "sd", kmo, itemRestCorrelation = "item_rest_correlation", alphaIfDeleted = "alpha_if_deleted"
        }
    }

    /// The items' names (columns), in the order given.
    public let items: [String]
    /// Observations used (complete cases).
    public let n: Int
    /// Rows dropped because an item was missing (only with `dropIncomplete`), 1-based.
    public let droppedRows: [Int]
    /// Raw alpha `k/(k-1) (1 - sum_i S_ii / sum_ij S_ij)` (Cronbach 1951).
    public let cronbachAlpha: Double
    /// Standardised alpha `k rbar / (1 + (k-1) rbar)`, rbar = ``averageCorrelation``.
    public let standardizedAlpha: Double
    /// Mean off-diagonal correlation.
    public let averageCorrelation: Double
    /// The overall KMO `sum_{i!=j} r_ij^2 / (sum_{i!=j} r_ij^2 + sum_{i!=j} a_ij^2)`, a_ij the partial (anti-image)
    /// correlations.
    public let kmo: Double
    /// Each item's diagnostics, in the order of ``items``.
    public let itemStatistics: [Item]
    /// Bartlett's test of sphericity.
    public let bartlett: Bartlett

    /// k, the number of items.
    public var nItems: Int { items.count }
    /// KMO per item, by item name.
    public var kmoPerItem: [String: Double] { Dictionary(uniqueKeysWithValues: itemStatistics.map { ($0.name, $0.kmo) }) }

    enum CodingKeys: String, CodingKey {
        case items, n, droppedRows = "dropped_rows", cronbachAlpha = "cronbach_alpha", standardizedAlpha = "standardized_alpha"
        case averageCorrelation = "average_r", kmo, itemStatistics = "item_statistics", bartlett, nItems = "n_items", kmoPerItem = "kmo_per_item"
    }

    /// Encodes the CLI's JSON shape (with `n_items` and `kmo_per_item`).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items); try c.encode(n, forKey: .n); try c.encode(nItems, forKey: .nItems)
        try c.encode(droppedRows, forKey: .droppedRows)
        try c.encode(cronbachAlpha, forKey: .cronbachAlpha); try c.encode(standardizedAlpha, forKey: .standardizedAlpha)
        try c.encode(averageCorrelation, forKey: .averageCorrelation); try c.encode(kmo, forKey: .kmo)
        try c.encode(kmoPerItem, forKey: .kmoPerItem); try c.encode(itemStatistics, forKey: .itemStatistics)
        try c.encode(bartlett, forKey: .bartlett)
    }

    /// Decodes what ``encode(to:)`` wrote.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        items = try c.decode([String].self, forKey: .items); n = try c.decode(Int.self, forKey: .n)
        droppedRows = try c.decode([Int].self, forKey: .droppedRows)
        cronbachAlpha = try c.decode(Double.self, forKey: .cronbachAlpha); standardizedAlpha = try c.decode(Double.self, forKey: .standardizedAlpha)
        averageCorrelation = try c.decode(Double.self, forKey: .averageCorrelation); kmo = try c.decode(Double.self, forKey: .kmo)
        itemStatistics = try c.decode([Item].self, forKey: .itemStatistics); bartlett = try c.decode(Bartlett.self, forKey: .bartlett)
    }

    /// Reads the item columns of `table`. A missing cell is an error naming the item and row unless
    /// `dropIncomplete` is set, in which case incomplete rows are dropped (listwise) and listed in ``droppedRows``.
    public init(table: DataTable, items: [String], dropIncomplete: Bool = false) throws(IndexError) {
        guard Set(items).count == items.count else { throw .invalidArgument("an item is listed twice in \(items)") }
        let cols = try items.map { name throws(IndexError) in try dataStep { () throws(DataError) in try table.optionalNumbers(name) } }
        var keep = [Int](), dropped = [Int]()
        rowLoop: for r in 0..<table.rowCount {
            for (j, c) in cols.enumerated() {
                guard let v = c[r] else {
                    if dropIncomplete { dropped.append(r + 1); continue rowLoop }
                    throw .missingValue(variable: items[j], row: r + 1, unit: nil, period: nil)
                }
                guard v.isFinite else { throw .nonFinite(variable: items[j], row: r + 1) }
            }
            keep.append(r)
        }
        try self.init(columns: cols.map { c in keep.map { c[$0] ?? 0 } }, items: items, droppedRows: dropped)
    }

    /// From item columns (each an array of n responses).
    public init(columns: [[Double]], items: [String]? = nil) throws(IndexError) {
        try self.init(columns: columns, items: items ?? columns.indices.map { "item\($0 + 1)" }, droppedRows: [])
    }

    init(columns: [[Double]], items: [String], droppedRows: [Int]) throws(IndexError) {
        let k = columns.count
        guard items.count == k else { throw .invalidArgument("\(items.count) item names for \(k) columns") }
        guard k >= 2 else { throw .tooFewObservations(what: "reliability statistics (items)", needed: 2, got: k) }
        let n = columns[0].count
        for (j, c) in columns.enumerated() where c.count != n { throw .invalidArgument("item '\(items[j])' has \(c.count) values, expected \(n)") }
        for (j, c) in columns.enumerated() {
            for (i, v) in c.enumerated() where !v.isFinite { throw .nonFinite(variable: items[j], row: i + 1) }
        }
        guard n >= 3 else { throw .tooFewObservations(what: "reliability statistics (complete observations)", needed: 3, got: n) }
        let means = columns.map { $0.reduce(0, +) / Double(n) }
        var cov = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for a in 0..<k {
            for b in a..<k {
                var s = 0.0
                for i in 0..<n { s += (columns[a][i] - means[a]) * (columns[b][i] - means[b]) }
                cov[a][b] = s / Double(n - 1); cov[b][a] = cov[a][b]
            }
        }
        for j in 0..<k where !(cov[j][j] > 0) { throw .constantIndicator(indicator: items[j], period: nil) }
        let sd = (0..<k).map { cov[$0][$0].squareRoot() }
        var corr = cov
        for a in 0..<k { for b in 0..<k { corr[a][b] = a == b ? 1 : cov[a][b] / (sd[a] * sd[b]) } }

        func alpha(_ subset: [Int]) -> Double {
            let kk = Double(subset.count)
            var total = 0.0, trace = 0.0
            for a in subset { trace += cov[a][a]; for b in subset { total += cov[a][b] } }
            return kk / (kk - 1) * (1 - trace / total)
        }
        let all = Array(0..<k)
        let kd = Double(k)
        var offSum = 0.0
        for a in 0..<k { for b in 0..<k where a != b { offSum += corr[a][b] } }
        let rbar = offSum / (kd * (kd - 1))

        // Inverse and log-determinant of R through its Cholesky factor.
        let rMatrix: Matrix
        do { rMatrix = try Matrix(rowArrays: corr) } catch { throw .invalidArgument("\(error)") }
        let chol: Cholesky, q: Matrix
        do {
            chol = try Cholesky(rMatrix)
            q = try chol.inverse()
        } catch {
            throw .singularCorrelation("the \(k) items \(items.joined(separator: ", ")) are linearly dependent (\(error)); drop a redundant item")
        }
        var r2 = [Double](repeating: 0, count: k), a2 = [Double](repeating: 0, count: k)
        for i in 0..<k {
            for j in 0..<k where i != j {
                r2[i] += corr[i][j] * corr[i][j]
                let a = q[i, j] / (q[i, i] * q[j, j]).squareRoot()
                a2[i] += a * a
            }
        }
        let sr2 = r2.reduce(0, +), sa2 = a2.reduce(0, +)
        let logDet = chol.logDeterminant
        let chi2 = -(Double(n) - 1 - (2 * kd + 5) / 6) * logDet
        let df = k * (k - 1) / 2

        var stats = [Item]()
        for j in 0..<k {
            let rest = all.filter { $0 != j }
            var covRest = 0.0, varRest = 0.0
            for a in rest { covRest += cov[j][a]; for b in rest { varRest += cov[a][b] } }
            let irc = varRest > 0 ? covRest / (sd[j] * varRest.squareRoot()) : .nan
            stats.append(Item(name: items[j], mean: means[j], standardDeviation: sd[j], kmo: r2[j] / (r2[j] + a2[j]),
                              itemRestCorrelation: irc, alphaIfDeleted: k > 2 ? alpha(rest) : nil))
        }
        self.items = items
        self.n = n
        self.droppedRows = droppedRows
        self.cronbachAlpha = alpha(all)
        self.standardizedAlpha = kd * rbar / (1 + (kd - 1) * rbar)
        self.averageCorrelation = rbar
        self.kmo = sr2 / (sr2 + sa2)
        self.itemStatistics = stats
        self.bartlett = Bartlett(chi2: chi2, df: df, pValue: ChiSquared(degreesOfFreedom: Double(df)).upperTail(chi2))
    }

    /// The paper tables: reliability (alpha | std alpha | items | n), validity (KMO | Bartlett chi2 | df | p), and
    /// the items (mean, sd, item-rest correlation, alpha if deleted, KMO).
    public var table: Table {
        var t = Table(title: "Reliability and validity", columns: ["Cronbach's alpha", "Std. alpha", "Items", "n", "KMO", "Bartlett chi2", "df", "p"])
        t.rows.append([Format.fixed(cronbachAlpha), Format.fixed(standardizedAlpha), "\(nItems)", "\(n)", Format.fixed(kmo),
                       Format.fixed(bartlett.chi2, 2), "\(bartlett.df)", Format.pValue(bartlett.pValue)])
        t.notes = ["Cronbach (1951) alpha from sample covariances; standardised alpha from correlations; KMO (Kaiser 1974); Bartlett (1950) test of sphericity."]
        if !droppedRows.isEmpty { t.notes.append("\(droppedRows.count) incomplete rows dropped (listwise).") }
        return t
    }

    /// Item table: mean, sd, item-rest correlation, alpha if deleted, KMO (MSA_i).
    public var itemTable: Table {
        var t = Table(title: "Items", columns: ["Item", "Mean", "SD", "Item-rest r", "Alpha if deleted", "KMO"])
        for s in itemStatistics {
            t.rows.append([s.name, Format.fixed(s.mean), Format.fixed(s.standardDeviation), Format.fixed(s.itemRestCorrelation),
                           s.alphaIfDeleted.map { Format.fixed($0) } ?? "", Format.fixed(s.kmo)])
        }
        return t
    }

    /// ``table`` and ``itemTable`` as plain text.
    public var summary: String { table.text + "\n\n" + itemTable.text }
}
