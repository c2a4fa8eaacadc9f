import Foundation

/// Which lagged dependent terms a dynamic spatial panel model has (xsmle's `dlag`): `y_{t-1}` with coefficient tau,
/// `W y_{t-1}` with coefficient eta, or both.
public enum DynamicLags: String, Sendable, Codable, CaseIterable {
    /// `tau y_{t-1} + eta W y_{t-1}` (xsmle `dlag(3)`).
    case both
    /// `tau y_{t-1}` only (xsmle `dlag(1)`).
    case y
    /// `eta W y_{t-1}` only (xsmle `dlag(2)`).
    case wy

    var hasTime: Bool { self != .wy }
    var hasSpace: Bool { self != .y }
}
