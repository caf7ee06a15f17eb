// swift-tools-version:6.1
// A throwaway-sized benchmark kept out of the main build (as swift-nio keeps `Benchmarks/` apart): the consolidated
// book's flat sorted arrays against a dictionary `price -> per-venue sizes` that sorts on every read.
//   swift run -c release --package-path Benchmarks/consolidated-book --scratch-path .build-bench
import PackageDescription

let package = Package(
    name: "ConsolidatedBookBench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Bourse", path: "../..")],
    targets: [
        .executableTarget(
            name: "ConsolidatedBookBench",
            dependencies: [
                .product(name: "ConsolidatedBook", package: "Bourse"),
                .product(name: "OrderBook", package: "Bourse"),
                .product(name: "BourseCore", package: "Bourse"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
