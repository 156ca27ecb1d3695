/// An action delivers one ``Delivery`` and answers with a ``Receipt``.
///
/// Delivery is at least once: after a crash or a timeout the same delivery (same ``Delivery/id``)
/// may come again, so an action must be idempotent under retries — pass the id on to the receiver,
/// or check it before writing. An action never throws: what went wrong is a receipt, so one bad
/// receiver never stops the others.
///
/// The runtime hands an action the outbox's pending deliveries in batches through
/// ``deliver(batch:)``. Its default delivers them one by one; an action that can do better (one
/// `fsync` for many lines, one request for many messages) implements it.
public protocol Action: Sendable {
    /// Delivers, or explains why not.
    func deliver(_ delivery: Delivery) async -> Receipt

    /// Delivers several, answering one receipt per delivery, in the same order.
    func deliver(batch deliveries: [Delivery]) async -> [Receipt]
    /// Lets go of what the action holds (connections, a plugin program) when the run is over;
    /// no delivery comes after it. Default: nothing to do.
    func shutdown() async
}

extension Action {
    /// Nothing to let go of.
    public func shutdown() async {}

    /// Delivers each in turn.
    public func deliver(batch deliveries: [Delivery]) async -> [Receipt] {
        var receipts: [Receipt] = []
        receipts.reserveCapacity(deliveries.count)
        for delivery in deliveries { receipts.append(await deliver(delivery)) }
        return receipts
    }
}
