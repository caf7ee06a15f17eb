// swift-tools-version:6.1
import PackageDescription

// Layers (imports only point down):
//   Core      BourseCore -> OrderBook -> MatchingEngine      (no dependencies but CPrefetch, a C header)
//             OrderBook -> MarketData (venue parsers, book synchronisers, recording line formats)
//             OrderBook -> ConsolidatedBook (several venues' L2 books merged per symbol, exact, health-gated)
//             ConsolidatedBook -> Trading (strategies, volatility, position ledger; integers only)
//   IO        MarketDataRecording (recording files; zlib through the CZlib system library)
//   IO        Journal (protocol, group commit) <- JournalSQLite (GRDB) · JournalPostgres (PostgresNIO)
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
        .library(name: "MarketData", targets: ["MarketData"]),
        .library(name: "ConsolidatedBook", targets: ["ConsolidatedBook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
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
            dependencies: ["BourseCore", "CPrefetch"],
            path: "Sources/Core/MatchingEngine",
            swiftSettings: swiftSettings
        ),
        // A cache prefetch hint (`__builtin_prefetch`), which Swift cannot spell.
        .target(name: "CPrefetch", path: "Sources/Core/CPrefetch"),
        .target(
            name: "MarketData",
            dependencies: ["BourseCore", "OrderBook"],
            path: "Sources/Core/MarketData",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "ConsolidatedBook",
            dependencies: ["BourseCore", "OrderBook"],
            path: "Sources/Core/ConsolidatedBook",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Analytics",
            dependencies: ["BourseCore", "OrderBook"],
            path: "Sources/Core/Analytics",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Trading",
            dependencies: ["BourseCore", "OrderBook", "ConsolidatedBook"],
            path: "Sources/Core/Trading",
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

        // MARK: IO (storage; heavy dependencies stay in the implementation targets)
        .target(name: "Journal", dependencies: ["BourseCore"], path: "Sources/IO/Journal", swiftSettings: swiftSettings),
        .target(
            name: "JournalSQLite",
            dependencies: ["Journal", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Sources/IO/JournalSQLite",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JournalPostgres",
            dependencies: ["Journal", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Sources/IO/JournalPostgres",
            swiftSettings: swiftSettings
        ),

        .systemLibrary(name: "CZlib", path: "Sources/Support/CZlib"),
        .target(
            name: "MarketDataRecording",
            dependencies: ["MarketData", "CZlib"],
            path: "Sources/IO/MarketDataRecording",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "ExchangeService",
            dependencies: ["ExchangeCore", "Journal"],
            path: "Sources/IO/ExchangeService",
            swiftSettings: swiftSettings
        ),

        // MARK: Feeds (venue connectors over real sockets, supervision)
        .target(
            name: "Feeds",
            dependencies: [
                "MarketData", "OrderBook", "BourseCore",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/IO/Feeds",
            swiftSettings: swiftSettings
        ),

        // MARK: Execution (venue order entry, the fail-safe execution client)
        .target(
            name: "Execution",
            dependencies: [
                "BourseCore", "OrderBook", "ConsolidatedBook", "Trading", "Feeds",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/IO/Execution",
            swiftSettings: swiftSettings
        ),

        // MARK: Aggregator API (generated protobuf/gRPC code, committed; scripts/generate-grpc.sh)
        .target(
            name: "AggregatorAPI",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/IO/AggregatorAPI",
            swiftSettings: swiftSettings
        ),

        // MARK: Aggregator (consolidated books per symbol; gRPC + HTTP/WebSocket + web page)
        .target(
            name: "Aggregator",
            dependencies: [
                "Feeds", "ConsolidatedBook", "AggregatorAPI", "MarketData", "OrderBook", "BourseCore", "Trading",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/IO/Aggregator",
            swiftSettings: swiftSettings
        ),

        // MARK: Venue simulator (the venues' own wire formats on loopback, fed by the matching engine)
        .target(
            name: "VenueSimulator",
            dependencies: [
                "MatchingEngine", "MarketData", "OrderBook", "BourseCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/IO/VenueSimulator",
            swiftSettings: swiftSettings
        ),

        // MARK: Servers
        .target(
            name: "ExchangeServer",
            dependencies: [
                "ExchangeService", "ExchangeCore", "Journal", "Ledger", "MatchingEngine", "OrderBook", "BourseCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/IO/ExchangeServer",
            swiftSettings: swiftSettings
        ),

        // MARK: Support
        .target(
            name: "BourseTesting",
            dependencies: ["BourseCore", "OrderBook", "MatchingEngine", "ExchangeCore"],
            path: "Sources/Support/BourseTesting",
            swiftSettings: swiftSettings
        ),

        // MARK: Apps
        .executableTarget(
            name: "bourse",
            dependencies: [
                "BourseCore", "OrderBook", "MatchingEngine", "BourseTesting", "MarketData", "MarketDataRecording",
                "ExchangeServer", "ExchangeService", "Journal", "JournalSQLite", "JournalPostgres", "Feeds", "VenueSimulator",
                "Aggregator", "AggregatorAPI", "Analytics", "ConsolidatedBook", "Trading", "Execution",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
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
            dependencies: ["ExchangeCore", "Ledger", "MatchingEngine", "BourseCore", "BourseTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExchangeServiceTests",
            dependencies: ["ExchangeService", "ExchangeCore", "Journal", "JournalSQLite", "BourseCore", "BourseTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JournalTests",
            dependencies: [
                "Journal", "JournalSQLite", "JournalPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExchangeServerTests",
            dependencies: [
                "ExchangeServer", "ExchangeService", "ExchangeCore", "Journal", "JournalSQLite", "BourseCore", "BourseTesting", "Execution",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarketDataTests",
            dependencies: ["MarketData", "MarketDataRecording", "OrderBook", "BourseCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExecutionTests",
            dependencies: [
                "Execution", "VenueSimulator", "Feeds", "OrderBook", "BourseCore", "MarketData", "Trading", "ConsolidatedBook",
                "BourseTesting",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/ExecutionTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedsTests",
            dependencies: [
                "Feeds", "VenueSimulator", "MarketData", "MarketDataRecording", "OrderBook", "BourseCore",
                "Aggregator", "AggregatorAPI", "ConsolidatedBook", "BourseTesting", "Trading", "MatchingEngine",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ConsolidatedBookTests",
            dependencies: ["ConsolidatedBook", "OrderBook", "BourseCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AnalyticsTests",
            dependencies: ["Analytics", "OrderBook", "BourseCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TradingTests",
            dependencies: ["Trading", "BourseCore", "ConsolidatedBook", "OrderBook"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MatchingEngineTests",
            dependencies: ["MatchingEngine", "BourseCore", "BourseTesting"],
            swiftSettings: swiftSettings
        ),
    ]
)
