// swift-tools-version:6.0
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
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .systemLibrary(name: "CLinuxEvents"),
        .target(name: "NearDupCore"),
        .target(name: "NearDupIO", dependencies: ["NearDupCore", "CZlib"]),
        .target(
            name: "NearDupWatch",
            dependencies: [
                "NearDupCore", "NearDupIO", "CZlib", "CLinuxEvents", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "neardup",
            dependencies: [
                "NearDupCore",
                "NearDupIO",
                "NearDupWatch",
                "CLinuxEvents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "NearDupTestSupport", path: "Tests/Support"),
        .testTarget(name: "NearDupCoreTests", dependencies: ["NearDupCore"]),
        .testTarget(name: "NearDupIOTests", dependencies: ["NearDupCore", "NearDupIO", "NearDupTestSupport"]),
        .testTarget(
            name: "NearDupWatchTests",
            dependencies: ["NearDupCore", "NearDupIO", "NearDupWatch", "NearDupTestSupport", "neardup"]
        ),
        .testTarget(
            name: "NearDupCLITests",
            dependencies: ["NearDupCore", "NearDupIO", "NearDupTestSupport", "neardup"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
