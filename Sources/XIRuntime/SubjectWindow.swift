#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import XIExpression
import XIPluginAPI

/// One goal × subject: its evidence inside the goal's window (on event time), its running total,
/// and its open insight.
///
/// Weights are kept in millionths (``scale``), as integers: sums are exact and do not depend on
/// the order evidence arrives in, so a score of ten times 0.1 reaches a threshold of 1, and adding
/// or forgetting an item updates the score in constant time.
///
/// A class: the engine keeps one per goal × subject in its window table and changes it in place, with
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

    /// The evidence, in time order: `itemCount` items in a block of `itemCapacity` from the C
    /// allocator, grown with `realloc`. Not an array: most windows hold an item or two, and an
    /// array's 32-byte header, its uniqueness checks and its copy into a new buffer at every
    /// growth cost as much as the items (hundreds of thousands of windows at a million events).
    /// An `Item` is bitwise movable (its event id is a `String`), so `realloc` may move it.
    private var storage: UnsafeMutablePointer<Item>?
    /// How many items `storage` holds.
    private(set) var itemCount: Int32 = 0
    /// How many items `storage` has room for (the low 31 bits), and whether the insight changed
    /// since it was last completed (the high bit): together, so that the object stays within 56
    /// bytes (64 with the allocator's header), as it was with an array.
    private var capacityAndChanged: UInt32 = 0
    /// The texts of the latest ``textsKept`` items that have one (when texts are kept at all).
    private(set) var texts: [Text] = []
    /// The sum of the items' weights, in millionths.
    private(set) var total: Int64 = 0

    /// The bit of `capacityAndChanged` that holds `changed`.
    private static let changedBit: UInt32 = 1 << 31

    /// How many items the window has room for before it grows.
    var itemCapacity: Int { Int(capacityAndChanged & ~Self.changedBit) }

    /// Whether the window holds no evidence.
    var isEmpty: Bool { itemCount == 0 }

    /// The earliest evidence, if any.
    var firstItem: Item? { itemCount > 0 ? storage![0] : nil }

    /// The evidence, in time order: a copy, for inspection and tests (the engine reads it in place,
    /// through ``withItems(_:)``).
    var items: [Item] { withItems { Array($0) } }

    /// Runs `body` over the items in place. The buffer is valid only inside `body`, which must not
    /// change the window.
    func withItems<Result>(_ body: (UnsafeBufferPointer<Item>) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(self) { try body(UnsafeBufferPointer(start: storage, count: Int(itemCount))) }
    }

    deinit {
        if let storage {
            storage.deinitialize(count: Int(itemCount))
            free(storage)
        }
    }

    /// Gives the items a block of room for `capacity` (at least `itemCount`); none at 0.
    private func resize(to capacity: Int) {
        precondition(capacity >= Int(itemCount) && capacity < Int(Self.changedBit), "a window's capacity of \(capacity)")
        if capacity == 0 {
            free(storage)
            storage = nil
        } else {
            guard let block = realloc(storage, capacity * MemoryLayout<Item>.stride) else {
                fatalError("out of memory growing a window to \(capacity) items")
            }
            storage = block.bindMemory(to: Item.self, capacity: capacity)
        }
        capacityAndChanged = UInt32(capacity) | (capacityAndChanged & Self.changedBit)
    }

    /// Counts and weights per signal, over the items, in the order signals first appear. Worked
    /// out when asked (an insight changes once per commit at most), not kept: most windows hold
    /// an item or two, and an array each would cost more than the items.
    var tallies: [Tally] {
        var tallies: [Tally] = []
        tally(into: &tallies)
        return tallies
    }

    /// ``tallies`` in `tallies`, emptied first (its storage is kept: the engine reuses one list).
    func tally(into tallies: inout [Tally]) {
        tallies.removeAll(keepingCapacity: true)
        // Room for a few signals at once: grown from empty, the list was reallocated as it grew.
        tallies.reserveCapacity(min(Int(itemCount), 8))
        for index in 0..<Int(itemCount) {
            let item = storage![index]
            if let index = tallies.firstIndex(where: { $0.signal == item.signal }) {
                tallies[index].count += 1
                tallies[index].weight += item.weight
            } else {
                tallies.append(Tally(signal: item.signal, count: 1, weight: item.weight))
            }
        }
    }
    /// The open (or acknowledged) insight, if any.
    var insight: OpenInsight?
    /// Whether its insight changed since it was last completed (the engine lists it then).
    var changed: Bool {
        get { capacityAndChanged & Self.changedBit != 0 }
        set { capacityAndChanged = newValue ? capacityAndChanged | Self.changedBit : capacityAndChanged & ~Self.changedBit }
    }

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
        let count = Int(itemCount)
        var low = 0
        var high = count
        if count > 0, storage![count - 1].time < item.time {
            low = count
        } else {
            while low < high {
                let middle = (low + high) / 2
                if storage![middle].time < item.time { low = middle + 1 } else { high = middle }
            }
        }
        var probe = low
        while probe < count && storage![probe].time == item.time {
            if storage![probe].signal == item.signal && storage![probe].event == item.event { return false }
            probe += 1
        }
        if count == itemCapacity { resize(to: Self.capacity(after: count)) }
        let items = storage!
        // Later items move up one place (the regions overlap: a move, as `memmove`).
        if probe < count { (items + probe + 1).moveInitialize(from: items + probe, count: count - probe) }
        (items + probe).initialize(to: item)
        itemCount += 1
        total += item.weight
        // Only the latest `textsKept` items keep their text: one older than all of them has none.
        let firstKept = count + 1 - Self.textsKept
        if let text, probe >= firstKept {
            texts.append(Text(time: item.time, signal: item.signal, event: item.event, text: text))
        }
        if firstKept > 0, !texts.isEmpty {
            let kept = UnsafeBufferPointer(start: items + firstKept, count: count + 1 - firstKept)
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
        let count = Int(itemCount)
        var first = 0
        while first < count && storage![first].time.seconds <= start {
            total -= storage![first].weight
            first += 1
        }
        guard first > 0 else { return }
        let items = storage!
        items.deinitialize(count: first)
        let left = count - first
        if left > 0 { items.moveInitialize(from: items + first, count: left) }
        itemCount = Int32(left)
        // A smaller block when more than a few slots would be left empty.
        let capacity = itemCapacity
        if capacity - left > 4 && capacity > 2 * left { resize(to: left) }
        if !texts.isEmpty { texts.removeAll { $0.time.seconds <= start } }
    }

    /// The latest evidence time, if any.
    var latest: TimestampValue? { itemCount > 0 ? storage![Int(itemCount) - 1].time : nil }
}
