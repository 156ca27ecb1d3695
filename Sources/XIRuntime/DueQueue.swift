/// Deadlines in the order they fall due: a binary min-heap of (due second, item) — for
/// escalations, the item is the insight's window. An entry whose escalation was dropped or moved is
/// left in place and skipped when it comes up, so each change costs one push and each deadline
/// one pop — never a scan of every open insight.
struct DueQueue<Item> {
    private var heap: [(due: Int64, item: Item)] = []

    /// The earliest deadline, if any (possibly of a dropped entry: a lower bound).
    var earliest: Int64? { heap.first?.due }

    /// How many entries it holds, dropped ones included.
    var count: Int { heap.count }

    /// Adds a deadline.
    mutating func push(due: Int64, item: Item) {
        heap.append((due, item))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the entries due at or before `second`, earliest first.
    mutating func pop(dueAtOrBefore second: Int64) -> [(due: Int64, item: Item)] {
        var popped: [(due: Int64, item: Item)] = []
        while let first = heap.first, first.due <= second {
            popped.append(first)
            let last = heap.removeLast()
            guard !heap.isEmpty else { break }
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
                if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return popped
    }
}
