/// One message for one audience through one action: an insight, or a digest of several.
///
/// Its ``id`` is the idempotency key — insight id × audience × action (or the digest's period ×
/// audience × action) — which actions pass on (the webhook's `Idempotency-Key` header, a line in
/// the file inbox) so the receiving side can drop a duplicate after a retry or a crash.
public struct Delivery: Sendable, Codable {
    /// The idempotency key.
    public var id: String
    /// The audience's id.
    public var audience: String
    /// The action's name within the audience (`retention-team/0-webhook`).
    public var action: String
    /// `insight` or `digest`.
    public var kind: Kind
    /// The insights it carries (one for `insight`).
    public var insights: [String]
    /// The document to deliver, already passed through the audience's lens: JSON text.
    public var body: String
    /// How many times delivery has been tried before this attempt.
    public var attempt: Int

    /// What a delivery carries.
    public enum Kind: String, Sendable, Codable {
        /// One insight, delivered immediately.
        case insight
        /// Several insights, collected over a period (hourly, daily).
        case digest
    }

    /// Creates a delivery.
    public init(id: String, audience: String, action: String, kind: Kind, insights: [String], body: String, attempt: Int = 0) {
        self.id = id
        self.audience = audience
        self.action = action
        self.kind = kind
        self.insights = insights
        self.body = body
        self.attempt = attempt
    }
}

/// An action's answer for one delivery.
public enum Receipt: Sendable, Equatable {
    /// Delivered (or already delivered before: same idempotency key). `reference` is the
    /// receiver's id for it, when it gives one.
    case delivered(reference: String?)
    /// Not delivered this time; the outbox tries again later (after `after` seconds, at least).
    case retry(reason: String, after: Double?)
    /// Can never be delivered as it is (the receiver refused it); kept in the outbox as failed.
    case rejected(reason: String)
}
