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
        .library(name: "XIPluginTesting", targets: ["XIPluginTesting"]),
        // Two sources as libraries, for the benchmark package's comparison of the protocol with JSON lines.
        .library(name: "XIJSONLinesSource", targets: ["XIJSONLinesSource"]),
        .library(name: "XIProcessSource", targets: ["XIProcessSource"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
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
        .target(name: "XIStore", dependencies: [
            "XIPluginAPI", "XIExpression", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // The flow: sources → signals → insights → routing → outbox → actions, on the store.
        .target(name: "XIRuntime", dependencies: [
            "XIGoals", "XIMatcher", "XIStore", "XIPluginAPI", "XIExpression", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Goal, signal catalogue and audience files: loading and validation.
        .target(name: "XIGoals", dependencies: ["XIExpression", "XIPluginAPI", .product(name: "Yams", package: "Yams")]),
        // The test kit for plugin authors: in-memory plugins and one-call conformance checks.
        .target(name: "XIPluginTesting", dependencies: ["XIPluginAPI", "XIExpression"], exclude: ["README.md"]),

        // Built-in plugins: one folder each under Plugins/ (source, README, sample config, tests).
        .target(name: "XICSVSource", dependencies: ["XIPluginAPI", "XIExpression"], path: "Plugins/CSVSource/Sources"),
        .target(name: "XIJSONLinesSource", dependencies: ["XIPluginAPI", "XIExpression"], path: "Plugins/JSONLinesSource/Sources"),
        .target(name: "XISentimentDetector", dependencies: ["XIPluginAPI", "XIExpression"], path: "Plugins/SentimentDetector/Sources"),
        .target(name: "XIVulnerabilityDetector", dependencies: ["XIPluginAPI", "XIExpression"], path: "Plugins/VulnerabilityDetector/Sources"),
        .target(name: "XIRepeatContactDetector", dependencies: ["XIPluginAPI", "XIExpression"], path: "Plugins/RepeatContactDetector/Sources"),
        .target(name: "XIEffortDetector", dependencies: ["XIPluginAPI", "XIExpression"], path: "Plugins/EffortDetector/Sources"),
        .target(name: "XISilentDissatisfactionDetector", dependencies: ["XIPluginAPI", "XIExpression"], path: "Plugins/SilentDissatisfactionDetector/Sources"),
        .target(name: "XIShareOfWalletDetector", dependencies: ["XIPluginAPI", "XIExpression"], path: "Plugins/ShareOfWalletDetector/Sources"),
        .target(name: "XIProcessSource", dependencies: ["XIPluginAPI", "XIExpression"], path: "Plugins/ProcessSource/Sources"),
        .target(name: "XIFileInboxAction", dependencies: ["XIPluginAPI"], path: "Plugins/FileInboxAction/Sources"),
        .target(name: "XIProcessAction", dependencies: ["XIPluginAPI"], path: "Plugins/ProcessAction/Sources"),
        .target(
            name: "XIExecAction", dependencies: ["XIPluginAPI", .product(name: "Mustache", package: "swift-mustache")], path: "Plugins/ExecAction/Sources"),
        .target(
            name: "XIEmailAction",
            dependencies: [
                "XIPluginAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "Plugins/EmailAction/Sources"),
        .target(name: "XIStandardOutputAction", dependencies: ["XIPluginAPI"], path: "Plugins/StandardOutputAction/Sources"),
        .target(
            name: "XIWebhookAction",
            dependencies: [
                "XIPluginAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "Plugins/WebhookAction/Sources"),

        // The plugins built into `xi`: their factories, and the kinds planned but not built yet.
        .target(
            name: "XIBuiltInPlugins",
            dependencies: [
                "XIPluginAPI",
                "XICSVSource", "XIJSONLinesSource", "XISentimentDetector", "XIVulnerabilityDetector", "XIRepeatContactDetector", "XIEffortDetector", "XISilentDissatisfactionDetector", "XIShareOfWalletDetector", "XIProcessSource", "XIProcessAction", "XIExecAction", "XIEmailAction", "XIFileInboxAction", "XIStandardOutputAction", "XIWebhookAction",
            ]),
        // `xi report`: the self-contained HTML page.
        .target(name: "XIReport", dependencies: ["XIRuntime", "XIGoals"]),
        .executableTarget(
            name: "XICommandLine",
            dependencies: [
                "XIExpression", "XIMatcher", "XIGoals", "XIRuntime", "XIPluginAPI", "XIPluginTesting", "XIBuiltInPlugins", "XIReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(name: "XIExpressionTests", dependencies: ["XIExpression"]),
        .testTarget(name: "XIMatcherTests", dependencies: ["XIMatcher", "XIExpression", "XIWorkloads"]),
        .testTarget(name: "XIGoalsTests", dependencies: ["XIGoals", "XIExpression", "XIPluginAPI", "XIBuiltInPlugins", .product(name: "Yams", package: "Yams")]),
        .testTarget(
            name: "XICommandLineTests", dependencies: ["XICommandLine", "XIWorkloads", "XIStore", "XIRuntime", "XIReport", "XIGoals", "XIBuiltInPlugins"],
            exclude: ["Golden"]),
        .testTarget(name: "XIStoreTests", dependencies: ["XIStore", "XIPluginAPI", "XIExpression", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "XIRuntimeTests", dependencies: ["XIRuntime", "XIPluginAPI", "XIExpression", "XIGoals", "XIStore", "XIWorkloads"]),
        .testTarget(name: "XIPluginTestingTests", dependencies: ["XIPluginTesting", "XIPluginAPI", "XIExpression"]),
        .testTarget(name: "XICSVSourceTests", dependencies: ["XICSVSource", "XIPluginAPI", "XIPluginTesting", "XIExpression"], path: "Plugins/CSVSource/Tests"),
        .testTarget(name: "XIJSONLinesSourceTests", dependencies: ["XIJSONLinesSource", "XIPluginAPI", "XIPluginTesting", "XIExpression"], path: "Plugins/JSONLinesSource/Tests"),
        .testTarget(name: "XISentimentDetectorTests", dependencies: ["XISentimentDetector", "XIPluginAPI", "XIPluginTesting", "XIExpression"], path: "Plugins/SentimentDetector/Tests"),
        .testTarget(name: "XIVulnerabilityDetectorTests", dependencies: ["XIVulnerabilityDetector", "XIPluginAPI", "XIPluginTesting", "XIExpression"], path: "Plugins/VulnerabilityDetector/Tests"),
        .testTarget(name: "XIRepeatContactDetectorTests", dependencies: ["XIRepeatContactDetector", "XIPluginAPI", "XIPluginTesting", "XIExpression"], path: "Plugins/RepeatContactDetector/Tests"),
        .testTarget(name: "XIEffortDetectorTests", dependencies: ["XIEffortDetector", "XIPluginAPI", "XIPluginTesting", "XIExpression"], path: "Plugins/EffortDetector/Tests"),
        .testTarget(
            name: "XISilentDissatisfactionDetectorTests", dependencies: ["XISilentDissatisfactionDetector", "XIPluginAPI", "XIPluginTesting", "XIExpression"],
            path: "Plugins/SilentDissatisfactionDetector/Tests"),
        .testTarget(
            name: "XIShareOfWalletDetectorTests", dependencies: ["XIShareOfWalletDetector", "XIPluginAPI", "XIPluginTesting", "XIExpression"],
            path: "Plugins/ShareOfWalletDetector/Tests"),
        .testTarget(
            name: "XIProcessSourceTests", dependencies: ["XIProcessSource", "XIPluginAPI", "XIPluginTesting", "XIExpression"],
            path: "Plugins/ProcessSource/Tests"),
        .testTarget(name: "XIProcessActionTests", dependencies: ["XIProcessAction", "XIPluginTesting", "XIPluginAPI"], path: "Plugins/ProcessAction/Tests"),
        .testTarget(name: "XIEmailActionTests", dependencies: ["XIEmailAction", "XIPluginTesting", "XIPluginAPI"], path: "Plugins/EmailAction/Tests"),
        .testTarget(name: "XIExecActionTests", dependencies: ["XIExecAction", "XIPluginTesting", "XIPluginAPI"], path: "Plugins/ExecAction/Tests"),
        .testTarget(name: "XIFileInboxActionTests", dependencies: ["XIFileInboxAction", "XIPluginTesting", "XIPluginAPI"], path: "Plugins/FileInboxAction/Tests"),
        .testTarget(name: "XIStandardOutputActionTests", dependencies: ["XIStandardOutputAction", "XIPluginTesting", "XIPluginAPI"], path: "Plugins/StandardOutputAction/Tests"),
        .testTarget(
            name: "XIWebhookActionTests",
            dependencies: [
                "XIWebhookAction", "XIPluginTesting", "XIPluginAPI",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Plugins/WebhookAction/Tests"),
    ]
)
