import XIExpression
import XIPluginAPI

/// What a window keeps of its open (or acknowledged) insight between changes: a few words rather
/// than the whole document. The evidence, explanation and profile are worked out from the window
/// when the insight changes (``RunEngine/complete(_:key:into:)``), so memory follows the number of
/// open insights, not their size. A class, so a window without an insight pays one pointer.
final class OpenInsight {
    /// Its id, kept compact (see ``InsightIdentifier``).
    let identifier: InsightIdentifier
    /// Its id.
    var id: String { identifier.text }
    var status: InsightStatus
    /// Empty until the insight is first completed.
    var priority: String
    let openedAt: TimestampValue
    var updatedAt: TimestampValue
    /// The routes (subscription entries, and escalations) that already took it.
    var routed = RouteSet()
    /// Whether it was escalated (it is, at most once).
    var escalated = false
    /// Its position among the insights changed since the last commit (``RunEngine/changedInsights``); -1 when unchanged.
    var changedPosition = -1

    init(id: String, status: InsightStatus, priority: String, openedAt: TimestampValue, updatedAt: TimestampValue) {
        identifier = InsightIdentifier(id)
        self.status = status
        self.priority = priority
        self.openedAt = openedAt
        self.updatedAt = updatedAt
    }

    convenience init(_ insight: Insight) {
        self.init(id: insight.id, status: insight.status, priority: insight.priority, openedAt: insight.openedAt, updatedAt: insight.updatedAt)
    }
}

/// A set of small route numbers: a bit mask for the first 64, a set beyond.
struct RouteSet {
    private var mask: UInt64 = 0
    private var more: Set<Int>?

    /// Adds `number`; false when it was there.
    mutating func insert(_ number: Int) -> Bool {
        if number < 64 {
            let bit = UInt64(1) << UInt64(number)
            defer { mask |= bit }
            return mask & bit == 0
        }
        if more == nil { more = [] }
        return more!.insert(number).inserted
    }

    /// Whether `number` is in the set.
    func contains(_ number: Int) -> Bool {
        number < 64 ? mask & (UInt64(1) << UInt64(number)) != 0 : more?.contains(number) ?? false
    }

    /// Whether every one of `numbers` is in the set.
    func contains(all numbers: [Int]) -> Bool {
        numbers.allSatisfy(contains)
    }
}
