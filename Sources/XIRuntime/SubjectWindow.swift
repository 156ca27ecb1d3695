import XIExpression
import XIPluginAPI

/// One goal × subject: its evidence inside the goal's window (on event time) and its open insight.
struct SubjectWindow {
    struct Item {
        let signal: String
        let event: String
        let time: TimestampValue
        let weight: Double
        let text: String?
    }

    var items: [Item] = []
    /// The open (or acknowledged) insight, if any.
    var insight: Insight?

    /// Adds evidence in time order, ignoring an event already counted for the same signal (as
    /// happens when a batch is read again after a crash). Binary search: windows of busy subjects
    /// (an agent, a product) hold thousands of items.
    mutating func add(_ item: Item) -> Bool {
        var low = 0
        var high = items.count
        while low < high {
            let middle = (low + high) / 2
            if items[middle].time < item.time { low = middle + 1 } else { high = middle }
        }
        var probe = low
        while probe < items.count && items[probe].time == item.time {
            if items[probe].event == item.event && items[probe].signal == item.signal { return false }
            probe += 1
        }
        items.insert(item, at: probe)
        return true
    }

    /// Evidence inside (`end` − `window`, `end`].
    func inside(window seconds: Int, endingAt end: TimestampValue) -> ArraySlice<Item> {
        let start = end.seconds - Int64(seconds)
        var first = 0
        while first < items.count && items[first].time.seconds <= start { first += 1 }
        var last = items.count
        while last > first && items[last - 1].time > end { last -= 1 }
        return items[first..<last]
    }

    /// Forgets evidence that can no longer count at or after `now`.
    mutating func prune(window seconds: Int, now: TimestampValue) {
        let start = now.seconds - Int64(seconds)
        items.removeAll { $0.time.seconds <= start }
    }
}
