// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SpatialEconometrics",
    products: [
        .library(name: "SpatialEconometrics", targets: ["SpatialEconometrics"]),
        .executable(name: "spatial", targets: ["spatial"]),
    ],
    targets: [
        // BLAS/LAPACK through a C module map (Debian: liblapack-dev, libblas-dev; OpenBLAS swaps in at run time).
        .systemLibrary(name: "CLinearAlgebra", path: "Sources/CLinearAlgebra"),
        .target(
            name: "SpatialEconometrics",
            dependencies: ["CLinearAlgebra"],
            path: "Sources/SpatialEconometrics",
            resources: [.copy("Resources/Datasets")]
        ),
        // The command-line tool's commands as a library, so that tests run them in-process; `spatial` is its thin main.
        .target(name: "SpatialCLI", dependencies: ["SpatialEconometrics"], path: "Sources/SpatialCLI"),
        .executableTarget(name: "spatial", dependencies: ["SpatialCLI"], path: "Sources/spatial"),
        .executableTarget(name: "SpatialBenchmarks", dependencies: ["SpatialEconometrics"], path: "Benchmarks/SpatialBenchmarks"),
        // Parser fuzzer: libFuzzer entry point when built with `-sanitize=fuzzer -DFUZZING`, otherwise replays files
        // given as arguments (see Docs/Robustness.md).
        .executableTarget(name: "ParserFuzzer", dependencies: ["SpatialEconometrics"], path: "Tests/ParserFuzzer"),
        .testTarget(
            name: "SpatialEconometricsTests",
            dependencies: ["SpatialEconometrics", "SpatialCLI"],
            path: "Tests/SpatialEconometricsTests",
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
