import Foundation
import Testing
@testable import SpatialCLI
@testable import SpatialEconometrics

/// Nothing given is ignored: every command, run on valid inputs with as many of its options as one mode takes,
/// succeeds having read every option it was given (``SpatialTool/Invocation``: the parser's record of what the
/// command read). Together the runs cover every command.
@Suite struct ReadOptionsCLITests {
    static func file(_ path: String) -> String { Fixtures.url(path).path }

    struct Run: Sendable {
        let name: String
        let arguments: [String]
    }

    /// The runs, with files written into `dir` where a command needs one or writes one.
    static func runs(in dir: URL) throws -> [Run] {
        let columbus = file("data/columbus/columbus.csv"), queen = file("data/columbus/columbus_queen.gal")
        let geojson = file("data/columbus/columbus.geojson")
        let produc = file("data/produc/produc.csv"), usaww = file("data/produc/usaww.csv")
        let china = file("data/china31/panel.csv"), provinces = file("data/china31/provinces.csv")
        let out = { (name: String) in dir.appendingPathComponent(name).path }
        // A subset file, coupling scores in [0, 1], and the 2022 cross-section of China with its regions.
        try "POLYID\n1\n2\n3\n5\n8\n".write(toFile: out("keep.csv"), atomically: true, encoding: .utf8)
        // Two fits saved as JSON, for `table`.
        for model in ["sar", "sdm"] {
            let saved = CapturedOutput()
            _ = SpatialTool.invoke(["fit", "--model", model, "--data", columbus, "--y", "CRIME", "--x", "INC,HOVAL", "--weights", queen, "--json", "--quiet"],
                                   output: saved.sink, environment: [:])
            try saved.standardOutput.write(toFile: out("\(model).json"), atomically: true, encoding: .utf8)
        }
        let region = try Dictionary(uniqueKeysWithValues: zip(DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv")).strings("id"),
                                                              DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv")).strings("region")))
        let panel = try DataTable(contentsOf: Fixtures.url("data/china31/panel.csv"))
        let ids = try panel.strings("id"), years = try panel.strings("year"), gdp = try panel.numbers("gdp"), pop = try panel.numbers("population")
        let urban = try panel.numbers("urbanization_rate")
        var lines = ["id,year,region,gdp,population,u1,u2"]
        for i in ids.indices {
            lines.append("\(ids[i]),\(years[i]),\(region[ids[i]] ?? ""),\(gdp[i]),\(pop[i]),\(urban[i] / 100),\(min(1, gdp[i] / 150_000))")
        }
        try lines.joined(separator: "\n").write(toFile: out("china.csv"), atomically: true, encoding: .utf8)
        // The panel with each province's capital, for `gravity`.
        let provinceTable = try DataTable(contentsOf: Fixtures.url("data/china31/provinces.csv"))
        let lon = try Dictionary(uniqueKeysWithValues: zip(provinceTable.strings("id"), provinceTable.numbers("capital_lon")))
        let lat = try Dictionary(uniqueKeysWithValues: zip(provinceTable.strings("id"), provinceTable.numbers("capital_lat")))
        let located = ["id,year,gdp,lon,lat"] + ids.indices.map { "\(ids[$0]),\(years[$0]),\(gdp[$0]),\(lon[ids[$0]] ?? .nan),\(lat[ids[$0]] ?? .nan)" }
        try located.joined(separator: "\n").write(toFile: out("located.csv"), atomically: true, encoding: .utf8)
        let points = ["--points", provinces, "--x", "capital_lon", "--y", "capital_lat", "--id-column", "id", "--great-circle"]
        return [
            Run(name: "weights-info", arguments: ["weights-info", queen, "--transform", "binary", "--json"]),
            Run(name: "weights --geojson", arguments: ["weights", "--geojson", geojson, "--id-property", "POLYID", "--rule", "rook", "--tolerance", "0",
                                                       "--transform", "row", "--out", out("rook.gwt"), "--json"]),
            Run(name: "weights --shapefile", arguments: ["weights", "--shapefile", file("data/shapefiles/columbus.shp"), "--id-property", "POLYID",
                                                         "--rule", "queen", "--tolerance", "0", "--out", out("shp.gal"), "--json"]),
            Run(name: "weights --edges", arguments: ["weights", "--edges", file("data/china31/contiguity_edges.csv"), "--ids", provinces,
                                                     "--id-column", "id", "--directed", "--json"]),
            Run(name: "weights --knn", arguments: ["weights"] + points + ["--knn", "4", "--json"]),
            Run(name: "weights --band --power", arguments: ["weights"] + points + ["--band", "1500", "--power", "1", "--transform", "row"]),
            Run(name: "weights --band --binary", arguments: ["weights"] + points + ["--band", "1500", "--binary", "--out", out("band.gwt")]),
            Run(name: "weights --inverse-distance", arguments: ["weights"] + points + ["--inverse-distance", "--power", "2", "--cutoff", "2000", "--json"]),
            Run(name: "weights --from --subset", arguments: ["weights", "--from", queen, "--subset", out("keep.csv"), "--id-column", "POLYID",
                                                             "--remove-link", "1,2", "--add-link", "1,5", "--one-way", "--link-weight", "2",
                                                             "--transform", "row", "--out", out("edited.json"), "--json"]),
            Run(name: "weights --from --keep", arguments: ["weights", "--from", queen, "--keep", "1,2,3,4", "--add-link", "1,4"]),
            Run(name: "moran", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen, "--transform", "row", "--id-column", "POLYID",
                                           "--drop-missing", "--permutations", "19", "--seed", "3", "--local", "--geary", "--getis-ord", "--allow-islands",
                                           "--alternative", "two.sided", "--svg", out("scatter.svg"), "--map", geojson, "--map-id-property", "POLYID",
                                           "--inset", "1,2", "--map-out", out("map.svg"), "--json", "--quiet"]),
            Run(name: "moran --by", arguments: ["moran", "--data", produc, "--var", "gsp", "--by", "year", "--weights", usaww, "--permutations", "9",
                                                "--seed", "2", "--geary", "--alternative", "less", "--svg", out("last.svg")]),
            Run(name: "moran --join-counts", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen, "--join-counts",
                                                       "--threshold", "40", "--local-geary", "--permutations", "19", "--format", "markdown"]),
            Run(name: "moran --by --local --lisa-changes", arguments: ["moran", "--data", china, "--var", "gdp", "--by", "year", "--weights",
                                                                     try China31Weights.contiguityGAL(in: dir, hainanLinked: true).path, "--local",
                                                                     "--permutations", "9", "--map", file("data/china31/provinces.geojson"),
                                                                     "--map-out", out("lisa.svg"), "--map-each-period",
                                                                     "--lisa-changes", out("changes.json"), "--differential", "--quiet"]),
            Run(name: "moran --by --bivariate --map-grid", arguments: ["moran", "--data", china, "--var", "gdp", "--by", "year", "--weights",
                                                                      try China31Weights.contiguityGAL(in: dir, hainanLinked: true).path,
                                                                      "--bivariate", "population", "--permutations", "9",
                                                                      "--map", file("data/china31/provinces.geojson"), "--map-out", out("bv-last.svg"),
                                                                      "--map-grid", out("bv-grid.svg"), "--quiet"]),
            Run(name: "moran --no-colocation", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen,
                                                         "--local-join-counts", "NSB", "--no-colocation", "--threshold", "40", "--permutations", "19", "--json"]),
            Run(name: "moran --bivariate", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen, "--bivariate", "INC",
                                                     "--permutations", "19", "--map", geojson, "--map-out", out("bv.svg"), "--json"]),
            Run(name: "moran --local-geary A,B", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen,
                                                           "--local-geary", "CRIME,INC,HOVAL", "--permutations", "19", "--map", geojson,
                                                           "--map-out", out("geary.svg"), "--json"]),
            Run(name: "moran --local-join-counts", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen,
                                                             "--local-join-counts", "CP", "--threshold", "40", "--permutations", "19", "--json"]),
            Run(name: "gravity", arguments: ["gravity", "--data", out("located.csv"), "--unit", "id", "--time", "year", "--var", "gdp",
                                             "--x", "lon", "--y", "lat", "--great-circle", "--ellipse", "--svg", out("gravity.svg"), "--json"]),
            Run(name: "gravity --map", arguments: ["gravity", "--data", out("located.csv"), "--unit", "id", "--time", "year", "--var", "gdp",
                                                   "--x", "lon", "--y", "lat", "--great-circle", "--ellipse", "--svg", out("gravity-map.svg"),
                                                   "--map", file("data/china31/provinces.geojson"), "--map-id-property", "id", "--inset", "21"]),
            Run(name: "moran --by-position", arguments: ["moran", "--data", columbus, "--var", "CRIME", "--weights", queen, "--by-position"]),
            Run(name: "ols", arguments: ["ols", "--data", columbus, "--y", "CRIME", "--x", "INC,HOVAL", "--weights", queen, "--transform", "row",
                                         "--id-column", "POLYID", "--drop-missing", "--no-intercept", "--json"]),
            Run(name: "fit cross-section", arguments: ["fit", "--model", "sdm", "--data", columbus, "--y", "CRIME", "--x", "INC,HOVAL", "--weights", queen,
                                                       "--id-column", "POLYID", "--impacts", "simulate:50", "--seed", "4", "--se", "hessian",
                                                       "--allow-bound", "--json", "--quiet"]),
            Run(name: "fit cross-section --no-intercept", arguments: ["fit", "--model", "sem", "--data", columbus, "--y", "CRIME", "--x", "INC,HOVAL",
                                                                      "--weights", queen, "--no-intercept", "--drop-missing", "--transform", "binary"]),
            Run(name: "gmm", arguments: ["gmm", "--model", "sdm", "--data", columbus, "--y", "CRIME", "--x", "INC,HOVAL", "--weights", queen,
                                         "--id-column", "POLYID", "--w-lags", "2", "--vce", "robust", "--impacts", "simulate:20", "--seed", "4",
                                         "--drop-missing", "--transform", "row", "--json", "--quiet"]),
            Run(name: "gmm --df-correction", arguments: ["gmm", "--data", columbus, "--y", "CRIME", "--x", "INC,HOVAL", "--weights", queen,
                                                         "--df-correction", "--no-intercept", "--impacts", "delta", "--layout", "statistics",
                                                         "--endog", "OPEN", "--instruments", "DISCBD,PLUMB"]),
            Run(name: "gmm --vce hac", arguments: ["gmm", "--data", columbus, "--y", "CRIME", "--x", "INC,HOVAL", "--weights", queen,
                                                  "--vce", "hac:triangular:adaptive:5", "--coordinates", "X,Y", "--json"]),
            Run(name: "gmm --model sdem", arguments: ["gmm", "--model", "sdem", "--data", columbus, "--y", "CRIME", "--x", "INC,HOVAL", "--weights", queen,
                                                      "--max-iterations", "3", "--errors", "hom", "--impacts", "delta", "--json"]),
            Run(name: "gmm --model sac", arguments: ["gmm", "--model", "sac", "--data", columbus, "--y", "CRIME", "--x", "INC,HOVAL", "--weights", queen,
                                                     "--w-lags", "2", "--max-iterations", "2", "--impacts", "none"]),
            Run(name: "gmm --model sac --errors hom --endog", arguments: ["gmm", "--model", "sac", "--data", columbus, "--y", "HOVAL", "--x", "INC", "--weights", queen,
                                                                          "--errors", "hom", "--endog", "CRIME", "--instruments", "DISCBD", "--json"]),
            Run(name: "gmm --model sem --endog", arguments: ["gmm", "--model", "sem", "--data", columbus, "--y", "HOVAL", "--x", "INC", "--weights", queen,
                                                             "--errors", "het", "--endog", "CRIME", "--instruments", "DISCBD,PLUMB", "--max-iterations", "2"]),
            Run(name: "fit --method gmm sdm --endog", arguments: ["fit", "--method", "gmm", "--model", "sdm", "--data", columbus, "--y", "HOVAL", "--x", "INC",
                                                                  "--weights", queen, "--endog", "CRIME", "--instruments", "DISCBD", "--w-lags", "1",
                                                                  "--vce", "default", "--df-correction", "--impacts", "delta", "--json"]),
            Run(name: "fit --method gmm sdem", arguments: ["fit", "--method", "gmm", "--model", "sdem", "--data", columbus, "--y", "CRIME", "--x", "INC,HOVAL",
                                                           "--weights", queen, "--errors", "hom", "--max-iterations", "2", "--json"]),
            Run(name: "fit --method ml", arguments: ["fit", "--method", "ml", "--model", "sar", "--data", columbus, "--y", "CRIME", "--x", "INC,HOVAL",
                                                     "--weights", queen, "--json"]),
            Run(name: "gmm panel random", arguments: ["gmm", "--model", "sac", "--data", produc, "--unit", "state", "--time", "year", "--y", "gsp",
                                                      "--x", "pcap,emp", "--weights", usaww, "--effects", "random", "--moments", "fullweights", "--json"]),
            Run(name: "gmm panel --endog", arguments: ["gmm", "--model", "sem", "--data", produc, "--unit", "state", "--time", "year", "--y", "gsp",
                                                       "--x", "pc,emp", "--endog", "pcap", "--instruments", "hwy,water", "--weights", usaww,
                                                       "--effects", "individual", "--vce", "dkraay:2"]),
            Run(name: "fit fixed effects", arguments: ["fit", "--model", "sar", "--data", produc, "--unit", "state", "--time", "year", "--y", "gsp",
                                                       "--x", "pcap,emp", "--weights", usaww, "--effects", "individual", "--estimator", "direct",
                                                       "--impacts", "delta", "--se", "hessian", "--allow-bound", "--drop-missing", "--transform", "row",
                                                       "--json", "--quiet"]),
            Run(name: "fit random effects", arguments: ["fit", "--model", "sem", "--data", produc, "--unit", "state", "--time", "year", "--y", "gsp",
                                                        "--x", "pcap,emp", "--weights", usaww, "--effects", "random", "--json"]),
            Run(name: "fit gspre", arguments: ["fit", "--model", "gspre", "--data", produc, "--unit", "state", "--time", "year", "--y", "gsp",
                                               "--x", "pcap,emp", "--weights", usaww, "--effects", "random", "--gspre-form", "kkp", "--json"]),
            Run(name: "tests", arguments: ["tests", "--data", produc, "--unit", "state", "--time", "year", "--y", "gsp", "--x", "pcap,emp",
                                           "--weights", usaww, "--effects", "individual", "--estimator", "direct", "--transform", "row", "--json"]),
            Run(name: "entropy", arguments: ["entropy", "--data", china, "--indicators", "gdp:+,population:-,urbanization_rate:+", "--unit", "id",
                                             "--time", "year", "--per-period", "--shift", "0.001", "--groups", "econ=gdp;soc=population,urbanization_rate",
                                             "--weighting", "entropy", "--normalization", "ratio", "--topsis", "--fill-gaps", "linear",
                                             "--out", out("scores.csv"), "--json"]),
            Run(name: "entropy --weighting critic --combine", arguments: ["entropy", "--data", china, "--indicators", "gdp:+,population:-,urbanization_rate:+",
                                                                        "--unit", "id", "--time", "year", "--weighting", "critic", "--critic-conflict", "absolute",
                                                                        "--combine", "game-theory", "--combine-with", "cv", "--cv-basis", "normalized", "--json"]),
            Run(name: "entropy --combine-with (three sets) --combine-shares", arguments: ["entropy", "--data", china, "--indicators",
                                                             "gdp:+,population:-,urbanization_rate:+", "--weighting", "improved-critic",
                                                             "--combine", "linear", "--combine-with", "entropy,cv", "--combine-shares", "0.5,0.3,0.2"]),
            Run(name: "entropy --given-weights", arguments: ["entropy", "--data", china, "--indicators", "gdp:+,population:-,urbanization_rate:+",
                                                             "--weighting", "cv", "--combine", "linear", "--given-weights", "gdp=3,population=1,urbanization_rate=2",
                                                             "--combine-alpha", "0.3"]),
            Run(name: "obstacle", arguments: ["obstacle", "--data", china, "--indicators", "gdp:+,population:-,urbanization_rate:+", "--unit", "id",
                                              "--time", "year", "--per-period", "--groups", "econ=gdp;soc=population,urbanization_rate", "--weighting", "entropy",
                                              "--normalization", "min-max", "--shift", "0.001", "--fill-gaps", "nearest", "--top", "2", "--period", "2015"]),
            Run(name: "grey", arguments: ["grey", "--data", china, "--indicators", "gdp:+,population:-,urbanization_rate:+", "--unit", "id", "--time", "year",
                                          "--resolution", "0.4", "--reference", "gdp=50000,population=1000,urbanization_rate=80", "--weighted-grade",
                                          "--weighting", "critic", "--json"]),
            Run(name: "coupling", arguments: ["coupling", "--data", out("china.csv"), "--systems", "u1,u2", "--alpha", "0.4,0.6", "--exponent", "0.5",
                                              "--unit", "id", "--time", "year", "--coordination-bounds", "0,0.5", "--coordination-labels", "low,high",
                                              "--stage-bounds", "0,0.5", "--stage-labels", "weak,strong", "--synchronous", "0.9,1.1", "--json"]),
            Run(name: "inequality", arguments: ["inequality", "--data", out("china.csv"), "--var", "gdp", "--group", "region", "--weight", "population",
                                                "--by", "year", "--json"]),
            Run(name: "kde", arguments: ["kde", "--data", out("china.csv"), "--var", "gdp / population", "--by", "year", "--group", "region",
                                         "--kernel", "epanechnikov", "--bandwidth", "silverman", "--grid", "0,20,101", "--svg", out("kde.svg"),
                                         "--surface-svg", out("kde3d.svg"), "--json"]),
            Run(name: "markov", arguments: ["markov", "--data", china, "--unit", "id", "--time", "year", "--var", "gdp", "--classes", "4",
                                            "--period-quantiles", "--relative", "--json"]),
            Run(name: "markov --breaks", arguments: ["markov", "--data", china, "--unit", "id", "--time", "year", "--var", "gdp / population",
                                                     "--breaks", "0.8,1,1.2", "--relative", "--format", "markdown"]),
            Run(name: "markov --spatial", arguments: ["markov", "--data", produc, "--unit", "state", "--time", "year", "--var", "gsp / emp",
                                                      "--classes", "4", "--relative", "--weights", usaww, "--transform", "row", "--drop-missing",
                                                      "--spatial", "--json"]),
            Run(name: "markov --lisa", arguments: ["markov", "--data", produc, "--unit", "state", "--time", "year", "--var", "gsp",
                                                   "--weights", usaww, "--lisa"]),
            Run(name: "convergence", arguments: ["convergence", "--data", china, "--unit", "id", "--time", "year", "--var", "gdp / population",
                                                 "--from", "2012", "--to", "2021", "--conditional", "urbanization_rate", "--svg", out("sigma.svg"),
                                                 "--format", "latex"]),
            Run(name: "convergence --model", arguments: ["convergence", "--data", produc, "--unit", "state", "--time", "year", "--var", "gsp / emp",
                                                         "--model", "sdm", "--weights", usaww, "--transform", "row", "--json"]),
            Run(name: "convergence --panel", arguments: ["convergence", "--data", produc, "--unit", "state", "--time", "year", "--var", "gsp / emp",
                                                         "--panel", "--effects", "individual", "--conditional", "unemp", "--model", "sar",
                                                         "--weights", usaww, "--json"]),
            Run(name: "convergence --clubs", arguments: ["convergence", "--data", china, "--unit", "id", "--time", "year", "--var", "gdp / population",
                                                         "--clubs", "--hp-lambda", "100", "--trim", "0.25", "--json"]),
            Run(name: "convergence --clubs options", arguments: ["convergence", "--data", china, "--unit", "id", "--time", "year", "--var", "gdp / population",
                                                                 "--clubs", "--cstar", "-1", "--cstar-increment", "0.1", "--cstar-cap", "2", "--merge", "vlt",
                                                                 "--merge-divergent", "--estar", "-1.65", "--json"]),
            Run(name: "convergence --group", arguments: ["convergence", "--data", out("china.csv"), "--unit", "id", "--time", "year",
                                                         "--var", "gdp / population", "--group", "region", "--panel", "--clubs", "--json"]),
            Run(name: "reliability", arguments: ["reliability", "--data", file("data/bfi/bfi_items.csv"), "--items", "A1,A2,A3,A4,A5",
                                                 "--complete-cases", "--json"]),
            Run(name: "demo", arguments: ["demo", "--out", out("demo"), "--quiet"]),
            Run(name: "table", arguments: ["table", out("sar.json"), out("sdm.json"), "--titles", "SAR,SDM", "--title", "Columbus",
                                           "--format", "latex", "--standalone"]),
        ]
    }

    @Test func everyCommandReadsEveryOptionItIsGiven() throws {
        let dir = try SpatialCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runs = try Self.runs(in: dir)
        #expect(Set(runs.compactMap { $0.arguments.first }) == Set(SpatialTool.commands.map { $0.name }), "every command has a run")
        for run in runs {
            let output = CapturedOutput()
            let invocation = SpatialTool.invoke(run.arguments, output: output.sink, environment: [:])
            #expect(invocation.status == 0, "\(run.name): \(output.standardError)")
            let options = run.arguments.filter { $0.hasPrefix("--") && $0 != "--quiet" }
            #expect(invocation.given == options.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }, "\(run.name): the record")
            #expect(invocation.unread.isEmpty, "\(run.name): given but not read: \(invocation.unread)")
            #expect(Set(invocation.given).isSubset(of: invocation.read), "\(run.name)")
        }
        // The demo's run wrote the maps of the local statistics (checked here, where the demo runs once).
        for (file, title) in [("lisa_years_china31.svg", "LISA clusters of the development index, 2011-2022"),
                              ("bivariate_lisa_china31.svg", "Bivariate LISA: development index vs lag of urbanisation, 2022"),
                              ("local_geary_china31.svg", "Local Geary clusters: development index, 2022"),
                              ("local_join_counts_china31.svg", "Local join counts: index above its median, 2022"),
                              ("differential_lisa_china31.svg", "Differential LISA: change of the index, 2011-2022")] {
            let svg = try String(contentsOf: dir.appendingPathComponent("demo").appendingPathComponent(file), encoding: .utf8)
            #expect(svg.contains(">\(title)</text>"), "\(file)")
        }
    }

    /// The runner refuses an option the command left unread, naming the mode, before any work is done.
    @Test func anUnreadOptionIsRefusedBeforeTheWork() throws {
        let output = CapturedOutput()
        let invocation = SpatialTool.invoke(["weights", "--geojson", Self.file("data/columbus/columbus.geojson"), "--knn", "4", "--json"],
                                            output: output.sink, environment: [:])
        #expect(invocation.status == 2 && invocation.unread == ["--knn"])
        #expect(output.standardOutput.isEmpty, "nothing was computed or printed")
        #expect(output.standardError == "spatial: weights: --knn does not apply to `spatial weights --geojson` (see `spatial weights --help`)\n")
    }
}
