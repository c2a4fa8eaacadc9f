import Foundation
import Testing
@testable import SpatialEconometrics

/// Options a command declares but that do not apply to the mode the other options chose are refused (status 2,
/// one line naming the option), never accepted and ignored.
@Suite struct InapplicableOptionsCLITests {
    static func file(_ path: String) -> String { Fixtures.url(path).path }
    static let crossSection = ["--data", file("data/columbus/columbus.csv"), "--y", "CRIME", "--x", "INC,HOVAL",
                               "--weights", file("data/columbus/columbus_queen.gal")]
    static let panel = ["--data", file("data/produc/produc.csv"), "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp",
                        "--weights", file("data/produc/usaww.csv")]
    static let moran = ["moran", "--data", file("data/columbus/columbus.csv"), "--var", "CRIME", "--weights", file("data/columbus/columbus_queen.gal")]
    static let points = ["weights", "--points", file("data/china31/provinces.csv"), "--x", "capital_lon", "--y", "capital_lat"]

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let message: String
        var testDescription: String { name }
    }

    static let fit: [Case] = [
        Case(name: "--seed without simulated draws", arguments: ["fit", "--model", "sar", "--impacts", "delta", "--seed", "3"] + crossSection,
             message: "--seed applies to --impacts simulate:R"),
        Case(name: "--seed without --impacts", arguments: ["fit", "--model", "sdm", "--seed", "3"] + crossSection, message: "--seed applies to --impacts simulate:R"),
        Case(name: "--impacts on the SEM", arguments: ["fit", "--model", "sem", "--impacts", "delta"] + crossSection,
             message: "--impacts does not apply to the SEM"),
        Case(name: "--impacts on a panel SDEM", arguments: ["fit", "--model", "sdem", "--impacts", "delta"] + panel,
             message: "--impacts applies to the panel lag models"),
        Case(name: "--se on the SLX", arguments: ["fit", "--model", "slx", "--se", "hessian"] + crossSection, message: "--se hessian does not apply to the SLX"),
        Case(name: "--allow-bound on the SLX", arguments: ["fit", "--model", "slx", "--allow-bound"] + crossSection,
             message: "--allow-bound does not apply to the SLX"),
        Case(name: "--se information with random effects", arguments: ["fit", "--model", "sar", "--effects", "random", "--se", "information"] + panel,
             message: "--se information applies to cross-section and fixed-effects fits"),
        Case(name: "--se hessian with the bias correction", arguments: ["fit", "--model", "sar", "--estimator", "biascorrected", "--se", "hessian"] + panel,
             message: "--se hessian does not apply to --estimator biascorrected"),
        Case(name: "--estimator with pooled effects", arguments: ["fit", "--model", "sar", "--effects", "none", "--estimator", "splm"] + panel,
             message: "--estimator applies to fixed effects, not to --effects none"),
        Case(name: "--estimator on a cross-section", arguments: ["fit", "--model", "sar", "--estimator", "direct"] + crossSection,
             message: "--estimator 'direct' applies to panels only"),
        Case(name: "a panel SLX", arguments: ["fit", "--model", "slx"] + panel, message: "--model slx does not apply to a panel"),
        Case(name: "a random-effects panel SAC", arguments: ["fit", "--model", "sac", "--effects", "random"] + panel,
             message: "--model sac takes fixed effects"),
        Case(name: "--durbin on the SAR", arguments: ["fit", "--model", "sar", "--durbin", "INC"] + crossSection, message: "--durbin applies to the models with W X terms"),
        Case(name: "--unit without --time", arguments: ["fit", "--model", "sar", "--unit", "POLYID"] + crossSection,
             message: "a panel needs both --unit and --time"),
    ]

    static let others: [Case] = [
        Case(name: "moran --seed without permutations", arguments: moran + ["--seed", "5"], message: "--seed applies to permutation tests"),
        Case(name: "moran --seed with 0 permutations", arguments: moran + ["--permutations", "0", "--seed", "5"], message: "--seed applies to permutation tests"),
        Case(name: "moran --map-id-property without --map", arguments: moran + ["--map-id-property", "POLYID"],
             message: "--map-id-property applies to --map"),
        Case(name: "moran --inset without --map", arguments: moran + ["--inset", "1,2"], message: "--inset applies to --map"),
        Case(name: "moran --map without --map-out", arguments: moran + ["--map", file("data/columbus/columbus.geojson")], message: "--map and --map-out go together"),
        Case(name: "weights --great-circle with polygons", arguments: ["weights", "--geojson", file("data/columbus/columbus.geojson"), "--great-circle"],
             message: "--great-circle does not apply to `spatial weights --geojson`"),
        Case(name: "weights --power with --knn", arguments: points + ["--knn", "4", "--power", "2"],
             message: "--power does not apply to `spatial weights --points --knn`"),
        Case(name: "weights --cutoff with --band", arguments: points + ["--band", "5", "--cutoff", "2"],
             message: "--cutoff does not apply to `spatial weights --points --band`"),
        Case(name: "weights --binary with --power", arguments: points + ["--band", "5", "--binary", "--power", "2"],
             message: "--binary and --power exclude each other"),
        Case(name: "weights two rules", arguments: points + ["--knn", "4", "--band", "5"], message: "--knn and --band exclude each other"),
        Case(name: "weights two sources", arguments: ["weights", "--geojson", file("data/columbus/columbus.geojson"), "--from", file("data/columbus/columbus_queen.gal")],
             message: "--geojson and --from exclude each other"),
        Case(name: "weights --id-column without --ids", arguments: ["weights", "--edges", file("data/china31/contiguity_edges.csv"), "--id-column", "id"],
             message: "--id-column with --edges names the id column of the --ids file"),
        Case(name: "weights --link-weight without --add-link", arguments: ["weights", "--from", file("data/columbus/columbus_queen.gal"), "--link-weight", "2"],
             message: "--link-weight applies to --add-link"),
        Case(name: "weights --one-way without links", arguments: ["weights", "--from", file("data/columbus/columbus_queen.gal"), "--one-way"],
             message: "--one-way applies to --add-link and --remove-link"),
        Case(name: "weights --rule with --points", arguments: points + ["--knn", "4", "--rule", "rook"],
             message: "--rule does not apply to `spatial weights --points --knn`"),
        Case(name: "tests --effects random", arguments: ["tests", "--effects", "random"] + panel, message: "--effects must be one of individual|time|twoways, not 'random'"),
        Case(name: "entropy --per-period without --time", arguments: ["entropy", "--data", file("data/china31/panel.csv"), "--indicators", "gdp:+", "--per-period"],
             message: "--per-period needs --time"),
    ]

    @Test(arguments: fit + others)
    func refused(_ c: Case) throws {
        let r = try SpatialCLI.run(c.arguments)
        #expect(r.status == 2, "\(c.name): exit \(r.status), stderr \(r.err)")
        #expect(r.err.contains(c.message), "\(c.name): \(r.err)")
        #expect(r.err.split(separator: "\n").count == 1 && r.out.isEmpty, "\(c.name): \(r.err)")
    }
}
