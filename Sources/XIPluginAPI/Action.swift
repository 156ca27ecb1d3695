/// An action delivers one ``Delivery`` and answers with a ``Receipt``.
///
/// Delivery is at least once: after a crash or a timeout the same delivery (same ``Delivery/id``)
/// may come again, so an action must be idempotent under retries — pass the id on to the receiver,
/// or check it before writing. An action never throws: what went wrong is a receipt, so one bad
/// receiver never stops the others.
public protocol Action: Sendable {
    /// Delivers, or explains why not.
    func deliver(_ delivery: Delivery) async -> Receipt
}
