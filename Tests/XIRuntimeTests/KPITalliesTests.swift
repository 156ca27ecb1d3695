import Testing
import XIExpression
@testable import XIRuntime

/// KPI tallies made apart — a batch matched while it was read ahead — and added together are the
/// tallies made event by event (the oracle).
@Suite("KPI tallies")
struct KPITalliesTests {
    /// Two KPIs over records of one `score` field: an NPS, and a count of low scores.
    static func kpis() throws -> [Pipeline.KPIEntry] {
        let compiler = ExpressionCompiler(declarations: Declarations([("score", .int)]))
        return [
            Pipeline.KPIEntry(number: 0, measure: .nps, value: try compiler.compile("score"), when: nil),
            Pipeline.KPIEntry(number: 1, measure: .count, value: nil, when: try compiler.compile("score <= 3")),
        ]
    }

    /// Every day's tally, in a fixed order, as text.
    static func text(_ tallies: inout KPITallies) -> [String] {
        tallies.take().map { "\($0.key.kpi) \($0.key.day): \($0.tally.count) \($0.tally.total) \($0.tally.low) \($0.tally.high)" }.sorted()
    }

    @Test("an NPS day: count, total, detractors and promoters; a count with a condition")
    func oneDay() throws {
        let kpis = try Self.kpis()
        var tallies = KPITallies(count: 2)
        for score: Int64 in [10, 9, 7, 3, 0] { tallies.add(kpis, record: [.int(score)], seconds: 86_400 * 3 + 60) }
        // Absent: not counted by the NPS (no value), counted by the plain count only when its condition holds.
        tallies.add(kpis, record: [nil], seconds: 86_400 * 3)
        #expect(Self.text(&tallies) == ["0 3: 5.0 29.0 2.0 2.0", "1 3: 2.0 0.0 0.0 0.0"])
        #expect(Self.text(&tallies).isEmpty, "taking the tallies leaves none behind")
    }

    @Test("tallies made in random batches and added up equal tallies made event by event", arguments: 0..<20)
    func batchesAddUp(seed: UInt64) throws {
        let kpis = try Self.kpis()
        var random = SeededGenerator(seed: seed)
        // Mostly in time order, with some events from earlier days (sources read one after another).
        let events: [(score: Int64, seconds: Int64)] = (0..<400).map { index in
            let day = Int64(index / 40) - (Int64.random(in: 0..<10, using: &random) == 0 ? Int64.random(in: 1...3, using: &random) : 0)
            return (Int64.random(in: 0...10, using: &random), day * 86_400 + Int64.random(in: 0..<86_400, using: &random))
        }
        var whole = KPITallies(count: 2)
        for event in events { whole.add(kpis, record: [.int(event.score)], seconds: event.seconds) }

        var added = KPITallies(count: 2)
        var start = 0
        while start < events.count {
            let end = min(events.count, start + Int.random(in: 1...60, using: &random))
            var batch = KPITallies(count: 2)
            for event in events[start..<end] { batch.add(kpis, record: [.int(event.score)], seconds: event.seconds) }
            added.add(batch)
            start = end
        }
        let expected = Self.text(&whole)
        #expect(expected.count >= 10)
        #expect(Self.text(&added) == expected)
    }
}

/// SplitMix64: a small seeded generator, so a failing case can be run again.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
