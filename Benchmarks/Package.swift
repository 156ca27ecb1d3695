// swift-tools-version: 6.1
// Benchmarks live in their own package so the main package's build stays lean.
// Run: cd Benchmarks && swift package benchmark --target Matcher (or --target Sources)
import PackageDescription

let package = Package(
    name: "xi-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "xi", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Matcher",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "XIMatcher", package: "xi"),
                .product(name: "XIExpression", package: "xi"),
                .product(name: "XIWorkloads", package: "xi"),
            ],
            path: "Matcher",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Sources",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "XIPluginAPI", package: "xi"),
                .product(name: "XIExpression", package: "xi"),
                .product(name: "XIJSONLinesSource", package: "xi"),
                .product(name: "XIProcessSource", package: "xi"),
            ],
            path: "Sources",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
