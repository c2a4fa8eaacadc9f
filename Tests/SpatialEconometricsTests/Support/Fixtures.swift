import Foundation
import Testing

/// Locates files under `Tests/SpatialEconometricsTests/Fixtures` (copied into the test bundle).
enum Fixtures {
    static var root: URL {
        Bundle.module.resourceURL?.appendingPathComponent("Fixtures")
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    static func text(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }

    static func json(_ path: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(contentsOf: url(path))) }
}

/// `|a - b| <= atol + rtol |b|`.
func close(_ a: Double, _ b: Double, rtol: Double = 1e-6, atol: Double = 1e-12) -> Bool {
    (a.isNaN && b.isNaN) || abs(a - b) <= atol + rtol * abs(b)
}
