// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "xi",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "xi", targets: ["XICommandLine"]),
        .library(name: "XIExpression", targets: ["XIExpression"]),
        .library(name: "XIMatcher", targets: ["XIMatcher"]),
        .library(name: "XIGoals", targets: ["XIGoals"]),
        .library(name: "XIWorkloads", targets: ["XIWorkloads"]),
        .library(name: "XIPluginAPI", targets: ["XIPluginAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The CEL subset: parse → check → compile → evaluate. Depends on nothing of xi.
        .target(name: "XIExpression"),
        // The rule index (and the naive oracle) over compiled conditions.
        .target(name: "XIMatcher", dependencies: ["XIExpression"]),
        // Seeded synthetic workloads shared by tests, benchmarks and the generator scripts.
        .target(name: "XIWorkloads"),
        // What plugins see: events, signals, insights, deliveries, options, and the three plugin protocols.
        .target(name: "XIPluginAPI", dependencies: ["XIExpression"]),
        // The embedded store: SQLite (GRDB, WAL) in .xi/.
        .target(name: "XIStore", dependencies: ["XIPluginAPI", "XIExpression", .product(name: "GRDB", package: "GRDB.swift")]),
        // The flow: sources → signals → insights → routing → outbox → actions, on the store.
        .target(name: "XIRuntime", dependencies: [
            "XIGoals", "XIMatcher", "XIStore", "XIPluginAPI", "XIExpression", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Goal, signal catalogue and audience files: loading and validation.
        .target(name: "XIGoals", dependencies: ["XIExpression", "XIPluginAPI", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "XICommandLine",
            dependencies: [
                "XIExpression", "XIMatcher", "XIGoals",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(name: "XIExpressionTests", dependencies: ["XIExpression"]),
        .testTarget(name: "XIMatcherTests", dependencies: ["XIMatcher", "XIExpression", "XIWorkloads"]),
        .testTarget(name: "XIGoalsTests", dependencies: ["XIGoals", "XIExpression", "XIPluginAPI", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "XICommandLineTests", dependencies: ["XICommandLine", "XIWorkloads"]),
    ]
)
