import Foundation
import Testing
import XIRuntime
import XIStore

/// Batches matched against their signals as they are read ahead (once profiles are settled) give
/// what the engine gives matching every event itself (the oracle): the same signals, insights,
/// KPI days and daily counts.
@Suite("signals matched ahead", .serialized)
struct MatchAheadTests {
    /// What a run of the example (in batches of 40 records) found, as text to compare.
    static func run(matchingAhead: Bool) async throws -> (signals: [String: Int], insights: [String], kpiDays: [String], dailyCounts: [String]) {
        let workspace = try RunCommitTests.smallBatchWorkspace()
        let runtime = try workspace.runtime()
        runtime.matchesAhead = matchingAhead
        let summary = try await runtime.run()
        let store = try workspace.runtime().store
        let kpiDays = try store.kpiDays().map { "\($0.goal) \($0.metric) \($0.day) \($0.count) \($0.total) \($0.low) \($0.high)" }.sorted()
        let dailyCounts = try ["source", "signal"].flatMap { series in
            try store.dailyCounts(series).map { "\(series) \($0.key) \($0.day) \($0.count)" }
        }.sorted()
        return (summary.signals, try RunCommitTests.insights(in: workspace), kpiDays, dailyCounts)
    }

    @Test("matching ahead finds the signals, insights, KPI days and daily counts the engine finds")
    func sameAsTheEngine() async throws {
        let ahead = try await Self.run(matchingAhead: true)
        let engine = try await Self.run(matchingAhead: false)
        // The example reads profiles in conditions (`profile.products`) and measures KPIs on
        // events of sources read after the profiles: both are exercised.
        #expect(engine.signals["product_enquiry", default: 0] > 0)
        #expect(engine.kpiDays.count > 10)
        #expect(!engine.insights.isEmpty)
        let signals = Set(ahead.signals.keys).union(engine.signals.keys).filter { ahead.signals[$0] != engine.signals[$0] }
        #expect(signals.isEmpty, "counted differently: \(signals.sorted().map { "\($0) \(ahead.signals[$0] ?? 0) ahead, \(engine.signals[$0] ?? 0) on the engine" })")
        #expect(ahead.insights == engine.insights, Self.difference(ahead.insights, engine.insights))
        #expect(ahead.kpiDays == engine.kpiDays, Self.difference(ahead.kpiDays, engine.kpiDays))
        #expect(ahead.dailyCounts == engine.dailyCounts, Self.difference(ahead.dailyCounts, engine.dailyCounts))
    }

    /// The first lines only one side has.
    static func difference(_ ahead: [String], _ engine: [String]) -> Comment {
        "only ahead: \(Set(ahead).subtracting(engine).sorted().prefix(3)); only on the engine: \(Set(engine).subtracting(ahead).sorted().prefix(3))"
    }
}
