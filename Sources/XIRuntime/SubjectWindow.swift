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

    /// Adds evidence in time order, ignoring an event already counted for the same signal.
    mutating func add(_ item: Item) -> Bool {
        if items.contains(where: { $0.event == item.event && $0.signal == item.signal }) { return false }
        var position = items.count
        while position > 0 && items[position - 1].time > item.time { position -= 1 }
        items.insert(item, at: position)
        return true
    }

    /// Evidence inside (`end` − `window`, `end`].
    func inside(window seconds: Int, endingAt end: TimestampValue) -> [Item] {
        let start = end.seconds - Int64(seconds)
        return items.filter { $0.time.seconds > start && $0.time <= end }
    }

    /// Forgets evidence that can no longer count at or after `now`.
    mutating func prune(window seconds: Int, now: TimestampValue) {
        let start = now.seconds - Int64(seconds)
        items.removeAll { $0.time.seconds <= start }
    }
}
