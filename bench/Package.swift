// swift-tools-version:6.1
import PackageDescription

// A package of its own so that CI, which builds only the root package, never compiles the benchmark harness.
let package = Package(
    name: "NearDupBench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "NearDup", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "NearDupBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NearDupCore", package: "NearDup"),
            ],
            path: "Benchmarks/NearDupBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ],
    swiftLanguageModes: [.v6]
)
