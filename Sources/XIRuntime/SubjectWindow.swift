import XIExpression
import XIPluginAPI

/// One goal × subject: its evidence inside the goal's window (on event time), its running total,
/// and its open insight.
///
/// Weights are kept in millionths (``scale``), as integers: sums are exact and do not depend on
/// the order evidence arrives in, so a score of ten times 0.1 reaches a threshold of 1, and adding
/// or forgetting an item updates the score in constant time.
///
/// A class: the engine keeps one per goal × subject in a dictionary and changes it in place, with
/// one lookup per evidence (a struct would be taken out and put back to be changed).
final class SubjectWindow {
    /// Millionths: the unit of weights and scores.
    static let scale = 1_000_000.0

    /// One piece of evidence: 40 bytes (the fields are in the order that packs them).
    struct Item {
        let time: TimestampValue
        /// The signal's number (``Pipeline/signalNames``).
        let signal: Int32
        /// Its weight in millionths.
        let weight: Int64
        let event: String

        init(signal: Int32, weight: Int64, time: TimestampValue, event: String) {
            self.time = time
            self.signal = signal
            self.weight = weight
            self.event = event
        }
    }

    /// The text of an item's event.
    struct Text {
        let time: TimestampValue
        let signal: Int32
        let event: String
        let text: String
    }

    /// Per signal: how many items and their weight, in millionths.
    struct Tally {
        let signal: Int32
        var count: Int
        var weight: Int64
    }

    /// Items keep their event's text only while they are among the latest this many (an insight
    /// lists at most that many).
    static let textsKept = 20

    /// The evidence, in time order.
    private(set) var items: [Item] = []
    /// The texts of the latest ``textsKept`` items that have one (when texts are kept at all).
    private(set) var texts: [Text] = []
    /// The sum of the items' weights, in millionths.
    private(set) var total: Int64 = 0
    /// Counts and weights per signal, over the items, in the order signals first appear. Worked
    /// out when asked (an insight changes once per commit at most), not kept: most windows hold
    /// an item or two, and an array each would cost more than the items.
    var tallies: [Tally] {
        var tallies: [Tally] = []
        for item in items {
            if let index = tallies.firstIndex(where: { $0.signal == item.signal }) {
                tallies[index].count += 1
                tallies[index].weight += item.weight
            } else {
                tallies.append(Tally(signal: item.signal, count: 1, weight: item.weight))
            }
        }
        return tallies
    }
    /// The open (or acknowledged) insight, if any.
    var insight: OpenInsight?
    /// Whether its insight changed since it was last completed (the engine lists it then).
    var changed = false

    /// The score: the items' weights summed.
    var score: Double { Double(total) / Self.scale }

    /// A weight in millionths.
    static func units(_ weight: Double) -> Int64 {
        guard weight.isFinite else { return 0 }
        return Int64((weight * scale).rounded())
    }

    /// Adds evidence in time order, ignoring an event already counted for the same signal (as
    /// happens when a batch is read again after a crash). Binary search: windows of busy subjects
    /// (an agent, a product) hold thousands of items.
    func add(_ item: Item, text: String? = nil) -> Bool {
        var low = 0
        var high = items.count
        if let last = items.last, last.time < item.time {
            low = items.count
        } else {
            while low < high {
                let middle = (low + high) / 2
                if items[middle].time < item.time { low = middle + 1 } else { high = middle }
            }
        }
        var probe = low
        while probe < items.count && items[probe].time == item.time {
            if items[probe].signal == item.signal && items[probe].event == item.event { return false }
            probe += 1
        }
        if items.count == items.capacity { items.reserveCapacity(Self.capacity(after: items.count)) }
        items.insert(item, at: probe)
        total += item.weight
        // Only the latest `textsKept` items keep their text: one older than all of them has none.
        let firstKept = items.count - Self.textsKept
        if let text, probe >= firstKept {
            texts.append(Text(time: item.time, signal: item.signal, event: item.event, text: text))
        }
        if firstKept > 0, !texts.isEmpty {
            let kept = items[firstKept...]
            texts.removeAll { text in !kept.contains { $0.time == text.time && $0.signal == text.signal && $0.event == text.event } }
        }
        return true
    }

    /// The capacity to grow a window's items to when `count` fill it: one more while windows are
    /// small (most hold one to four items; an array doubling from there left a third of a
    /// million windows' worth of empty slots, 20 MB at 1M events), half as many more beyond.
    static func capacity(after count: Int) -> Int {
        count < 8 ? count + 1 : count + count / 2
    }

    /// The texts of the given events, in time order.
    func texts(of events: Set<String>) -> [String] {
        texts.sorted { $0.time < $1.time }.filter { events.contains($0.event) }.map(\.text)
    }

    /// Forgets evidence at or before `start` (seconds): it can no longer count.
    func forget(atOrBefore start: Int64) {
        var first = 0
        while first < items.count && items[first].time.seconds <= start {
            total -= items[first].weight
            first += 1
        }
        if first > 0 {
            // Shortened in place, unless that would leave more than a few empty slots: then a new
            // array of the items left (an array keeps its capacity when shortened).
            let left = items.count - first
            if items.capacity - left > 4 && items.capacity > 2 * left {
                items = Array(items[first...])
            } else {
                items.removeFirst(first)
            }
            if !texts.isEmpty { texts.removeAll { $0.time.seconds <= start } }
        }
    }

    /// The latest evidence time, if any.
    var latest: TimestampValue? { items.last?.time }
}
