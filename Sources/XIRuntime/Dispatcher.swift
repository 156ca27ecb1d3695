import XIPluginAPI
import XIStore

/// Hands outbox deliveries to their actions and records the receipts. Sendable, so a commit's
/// deliveries go out on another thread while the next batches are processed.
struct Dispatcher: Sendable {
    /// What one call delivered, and what asked to be retried.
    struct Outcome: Sendable {
        /// Deliveries made, by audience.
        var delivered: [String: Int] = [:]
        /// Deliveries that asked to be retried (their `attempt` counts this one): they stay
        /// pending in the outbox for a later call, or the next run.
        var retry: [Delivery] = []

        /// Adds another call's outcome to this one.
        mutating func add(_ other: Outcome) {
            for (audience, count) in other.delivered { delivered[audience, default: 0] += count }
            retry += other.retry
        }
    }

    let store: SQLiteStore
    /// Actions by name (`audience/index-kind`).
    let actions: [String: any Action]

    /// Delivers `deliveries` when given (what a commit just added to the outbox, and what asked
    /// to be retried), else every pending entry in the store; a batch per action, each entry
    /// tried once. Entries whose action is not part of this build stay pending.
    func dispatch(_ deliveries: [Delivery]?) async throws -> Outcome {
        var outcome = Outcome()
        if let deliveries {
            try await deliver(deliveries, into: &outcome)
            return outcome
        }
        var after = 0
        while true {
            let page = try store.pendingDeliveries(after: after, limit: 512)
            guard let last = page.last else { return outcome }
            after = last.sequence
            try await deliver(page.map(\.delivery), into: &outcome)
        }
    }

    /// Delivers to each action (that exists) its share of `deliveries`, in batches of at most
    /// 8 MB of bodies (digests can be large, and a batch is written whole). A share that fits in
    /// one batch (most) goes as it is: each copy of a delivery retains its texts again.
    private func deliver(_ deliveries: [Delivery], into outcome: inout Outcome) async throws {
        var byAction: [String: [Int]] = [:]
        var order: [String] = []
        for index in deliveries.indices where actions[deliveries[index].action] != nil {
            let action = deliveries[index].action
            if byAction[action] == nil { order.append(action) }
            byAction[action, default: []].append(index)
        }
        if order.count == 1, byAction[order[0]]!.count == deliveries.count, Self.bodyBytes(deliveries) <= Self.batchBytes {
            try await deliver(deliveries, to: order[0], into: &outcome)
            return
        }
        for name in order {
            var batch: [Delivery] = []
            var bytes = 0
            for index in byAction[name]! {
                let size = deliveries[index].body.utf8.count
                if !batch.isEmpty, bytes + size > Self.batchBytes {
                    try await deliver(batch, to: name, into: &outcome)
                    batch = []
                    bytes = 0
                }
                batch.append(deliveries[index])
                bytes += size
            }
            if !batch.isEmpty { try await deliver(batch, to: name, into: &outcome) }
        }
    }

    /// The most bytes of bodies in one batch.
    static let batchBytes = 8 << 20

    /// The bytes of the deliveries' bodies.
    static func bodyBytes(_ deliveries: [Delivery]) -> Int {
        deliveries.reduce(0) { $0 + $1.body.utf8.count }
    }

    private func deliver(_ deliveries: [Delivery], to name: String, into outcome: inout Outcome) async throws {
        let receipts = await actions[name]!.deliver(batch: deliveries)
        try store.record(receipts, for: deliveries)
        var delivered: [String: Int] = [:]
        for (receipt, delivery) in zip(receipts, deliveries) {
            switch receipt {
            case .delivered: delivered[delivery.audience, default: 0] += 1
            case .retry:
                var again = delivery
                again.attempt += 1
                outcome.retry.append(again)
            case .rejected: break
            }
        }
        for (audience, count) in delivered { outcome.delivered[audience, default: 0] += count }
    }
}
