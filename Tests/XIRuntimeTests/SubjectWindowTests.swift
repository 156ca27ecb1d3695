import Foundation
import Testing
import XIExpression
@testable import XIRuntime

/// A window's running totals against sums worked out from its items (the oracle).
@Suite("subject windows")
struct SubjectWindowTests {
    @Test("running score, counts and weights equal the sums over the items, whatever the order")
    func runningTotals() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var window = SubjectWindow()
            var added: Set<String> = []
            for step in 0..<Int.random(in: 1...80, using: &generator) {
                let seconds = Int64.random(in: 0...1_000, using: &generator)
                let signal = Int32.random(in: 0...3, using: &generator)
                // Every fifth item repeats an event already counted for the same signal: ignored.
                // Long ids live on the heap: moving items (growing, inserting, forgetting) must keep them.
                let event = step % 5 == 4 && !added.isEmpty ? added.randomElement(using: &generator)! : step % 2 == 0 ? "E-\(step)" : "an-event-id-longer-than-fifteen-bytes-\(step)"
                let item = SubjectWindow.Item(
                    signal: signal, weight: SubjectWindow.units(Double(Int.random(in: 1...30, using: &generator)) / 10),
                    time: TimestampValue(seconds: seconds)!, event: event)
                let isNew = !window.items.contains { $0.event == event && $0.signal == signal && $0.time == item.time }
                // The changed flag shares a word with the capacity: neither disturbs the other.
                let changed = Bool.random(using: &generator)
                window.changed = changed
                #expect(window.add(item, text: "t\(step)") == isNew)
                added.insert(event)
                if step % 7 == 6 { window.forget(atOrBefore: Int64.random(in: 0...500, using: &generator)) }
                #expect(window.changed == changed)
                #expect(window.items.map(\.time) == window.items.map(\.time).sorted())
                #expect(window.firstItem?.time == window.items.first?.time && window.latest == window.items.last?.time)
                #expect(window.withItems { $0.suffix(3).map(\.event) } == window.items.suffix(3).map(\.event))
                // Most windows hold a few items: their arrays grow by one, and shrink when items are forgotten.
                #expect(window.itemCapacity <= max(window.items.count + 4, 2 * window.items.count), "capacity \(window.itemCapacity) for \(window.items.count)")
                #expect(Int(window.itemCount) == window.items.count && window.itemCapacity >= window.items.count)
                #expect(window.total == window.items.reduce(0) { $0 + $1.weight })
                for tally in window.tallies {
                    let items = window.items.filter { $0.signal == tally.signal }
                    #expect(tally.count == items.count && tally.weight == items.reduce(0) { $0 + $1.weight })
                }
                #expect(window.tallies.reduce(0) { $0 + $1.count } == window.items.count)
                // Texts belong to the latest 20 items only.
                let latest = window.items.suffix(SubjectWindow.textsKept)
                #expect(window.texts.count <= SubjectWindow.textsKept)
                #expect(window.texts.allSatisfy { text in latest.contains { $0.event == text.event && $0.signal == text.signal && $0.time == text.time } })
            }
        }
    }

    @Test("ten weights of 0.1 reach a threshold of 1")
    func exactScores() {
        var window = SubjectWindow()
        for index in 0..<10 {
            _ = window.add(.init(signal: 0, weight: SubjectWindow.units(0.1), time: TimestampValue(seconds: Int64(index))!, event: "E-\(index)"))
        }
        #expect(window.total >= SubjectWindow.units(1))
        #expect(window.score == 1)
    }

    @Test("fixed-point text matches printf for numbers away from a rounding tie")
    func fixedFormat() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let number = Double.random(in: -100_000...100_000, using: &generator)
            for places in [1, 2] {
                #expect(TextFormat.fixed(number, places: places) == String(format: "%.\(places)f", number), "\(number)")
            }
        }
        #expect(TextFormat.fixed(3, places: 1) == "3.0")
        #expect(TextFormat.hex([0, 15, 16, 255]) == "000f10ff")
    }
}
