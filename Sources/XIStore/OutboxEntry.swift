import XIPluginAPI

/// A delivery in the outbox and where it stands.
public struct OutboxEntry: Sendable {
    /// The delivery (its id is the idempotency key).
    public var delivery: Delivery
    /// `pending`, `delivered` or `failed`.
    public var status: Status
    /// The last error, when a try failed.
    public var lastError: String?
    /// Its place in the outbox: entries are created in increasing sequence.
    public var sequence: Int = 0

    /// Where a delivery stands.
    public enum Status: String, Sendable {
        /// Not delivered yet (never tried, or to be tried again).
        case pending
        /// Delivered.
        case delivered
        /// Refused by the receiver; not tried again.
        case failed
    }

    /// Creates an entry.
    public init(delivery: Delivery, status: Status, lastError: String?) {
        self.delivery = delivery
        self.status = status
        self.lastError = lastError
    }
}
