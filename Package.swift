// swift-tools-version:6.1
import PackageDescription

// Layers (imports only point down):
//   Core      BourseCore -> OrderBook -> MatchingEngine      (no dependencies)
//   Support   BourseTesting (reference model, generators)     (tests and benches only)
//   Apps      bourse executable (ArgumentParser, swift-crypto)
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Bourse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bourse", targets: ["bourse"]),
        .library(name: "BourseCore", targets: ["BourseCore"]),
        .library(name: "OrderBook", targets: ["OrderBook"]),
        .library(name: "MatchingEngine", targets: ["MatchingEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: Core (pure, dependency-free)
        .target(name: "BourseCore", path: "Sources/Core/BourseCore", swiftSettings: swiftSettings),
        .target(
            name: "OrderBook",
            dependencies: ["BourseCore"],
            path: "Sources/Core/OrderBook",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MatchingEngine",
            dependencies: ["BourseCore"],
            path: "Sources/Core/MatchingEngine",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "Ledger",
            dependencies: ["BourseCore"],
            path: "Sources/Core/Ledger",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ExchangeCore",
            dependencies: ["BourseCore", "MatchingEngine", "Ledger"],
            path: "Sources/Core/ExchangeCore",
            swiftSettings: swiftSettings
        ),

        // MARK: Support
        .target(
            name: "BourseTesting",
            dependencies: ["BourseCore", "OrderBook", "MatchingEngine"],
            path: "Sources/Support/BourseTesting",
            swiftSettings: swiftSettings
        ),

        // MARK: Apps
        .executableTarget(
            name: "bourse",
            dependencies: [
                "BourseCore", "OrderBook", "MatchingEngine", "BourseTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/Apps/bourse",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(
            name: "BourseCoreTests",
            dependencies: ["BourseCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OrderBookTests",
            dependencies: ["OrderBook", "BourseCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExchangeCoreTests",
            dependencies: ["ExchangeCore", "Ledger", "MatchingEngine", "BourseCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MatchingEngineTests",
            dependencies: ["MatchingEngine", "BourseCore", "BourseTesting"],
            swiftSettings: swiftSettings
        ),
    ]
)
