// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "NearDup",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "NearDupCore", targets: ["NearDupCore"]),
        .executable(name: "neardup", targets: ["neardup"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .systemLibrary(name: "CLinuxEvents"),
        .target(name: "NearDupCore"),
        .target(name: "NearDupIO", dependencies: ["NearDupCore", "CZlib", "CLinuxEvents"]),
        .target(
            name: "NearDupWatch",
            dependencies: [
                "NearDupCore", "NearDupIO", "CZlib", "CLinuxEvents", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "NearDupServer",
            dependencies: [
                "NearDupCore", "NearDupIO", "NearDupWatch",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "neardup",
            dependencies: [
                "NearDupCore",
                "NearDupIO",
                "NearDupWatch",
                "NearDupServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "NearDupTestSupport", path: "Tests/Support"),
        .testTarget(name: "NearDupCoreTests", dependencies: ["NearDupCore", "NearDupTestSupport"]),
        .testTarget(name: "NearDupIOTests", dependencies: ["NearDupCore", "NearDupIO", "NearDupTestSupport"]),
        .testTarget(
            name: "NearDupWatchTests",
            dependencies: ["NearDupCore", "NearDupIO", "NearDupWatch", "NearDupTestSupport", "neardup"]
        ),
        .testTarget(
            name: "NearDupServerTests",
            dependencies: [
                "NearDupCore", "NearDupIO", "NearDupWatch", "NearDupServer", "NearDupTestSupport", "neardup",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "NearDupCLITests",
            dependencies: ["NearDupCore", "NearDupIO", "NearDupTestSupport", "neardup"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
