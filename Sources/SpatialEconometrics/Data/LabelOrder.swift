import Foundation

/// The package's one rule for ordering unit and period labels: numerically when every label is a number (ties, such
/// as "1" and "1.0", by the label's text), else the caller's order (first appearance, or text).
enum LabelOrder {
    /// `labels` sorted numerically, or `nil` when some label is not a number.
    static func numericallySorted(_ labels: [String]) -> [String]? {
        var keyed = [(Double, String)]()
        keyed.reserveCapacity(labels.count)
        for label in labels {
            guard let v = Double(label) else { return nil }
            keyed.append((v, label))
        }
        return keyed.sorted { $0 < $1 }.map(\.1)
    }

    /// The indices of `labels` in that order: numerically when every label is a number, else by text.
    static func sortedIndices(_ labels: [String]) -> [Int] {
        let values = labels.compactMap { Double($0) }
        guard values.count == labels.count else { return labels.indices.sorted { (labels[$0], $0) < (labels[$1], $1) } }
        return labels.indices.sorted { (values[$0], labels[$0], $0) < (values[$1], labels[$1], $1) }
    }
}
