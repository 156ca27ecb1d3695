import XIExpression
import XIPluginAPI

/// One goal × subject: its evidence inside the goal's window (on event time), running totals of
/// it, and its open insight.
///
/// Weights are kept in millionths (``scale``), as integers: sums are exact and do not depend on
/// the order evidence arrives in, so a score of ten times 0.1 reaches a threshold of 1, and adding
/// or forgetting an item updates the score in constant time.
struct SubjectWindow {
    /// Millionths: the unit of weights and scores.
    static let scale = 1_000_000.0

    /// One piece of evidence.
    struct Item {
        /// The signal's number (``Pipeline/signalNames``).
        let signal: Int32
        /// Its weight in millionths.
        let weight: Int64
        let time: TimestampValue
        let event: String
        /// The event's text; kept for the latest ``textsKept`` items only.
        var text: String?
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
    /// The sum of the items' weights, in millionths.
    private(set) var total: Int64 = 0
    /// Counts and weights per signal, over the items.
    private(set) var tallies: [Tally] = []
    /// The open (or acknowledged) insight, if any.
    var insight: OpenInsight?

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
    mutating func add(_ item: Item) -> Bool {
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
        items.insert(item, at: probe)
        total += item.weight
        if let index = tallies.firstIndex(where: { $0.signal == item.signal }) {
            tallies[index].count += 1
            tallies[index].weight += item.weight
        } else {
            tallies.append(Tally(signal: item.signal, count: 1, weight: item.weight))
        }
        // Only the latest `textsKept` items keep their text: an item inserted before them has
        // none, and one inserted among them pushes the oldest of them out.
        let firstKept = items.count - Self.textsKept
        if probe < firstKept {
            items[probe].text = nil
        } else if firstKept > 0 {
            items[firstKept - 1].text = nil
        }
        return true
    }

    /// Forgets evidence at or before `start` (seconds): it can no longer count.
    mutating func forget(atOrBefore start: Int64) {
        var first = 0
        while first < items.count && items[first].time.seconds <= start {
            let item = items[first]
            total -= item.weight
            if let index = tallies.firstIndex(where: { $0.signal == item.signal }) {
                tallies[index].count -= 1
                tallies[index].weight -= item.weight
                if tallies[index].count == 0 { tallies.remove(at: index) }
            }
            first += 1
        }
        if first > 0 { items.removeFirst(first) }
    }

    /// The latest evidence time, if any.
    var latest: TimestampValue? { items.last?.time }
}
