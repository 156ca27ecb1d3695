import Foundation

/// What the webhook action needs, already validated: where to POST, how to sign, how long to
/// wait and how often to try.
public struct WebhookSettings: Sendable {
    /// The endpoint (http or https).
    public var url: URL
    /// The HMAC-SHA256 signing key, when deliveries are signed.
    public var signingKey: SigningKey?
    /// Extra headers, sent before the webhook's own (which win on a clash).
    public var headers: [(name: String, value: String)]
    /// How long one request may take, in seconds.
    public var timeout: Double
    /// How many times a failed request is tried again within one delivery.
    public var retries: Int
    /// The first retry's backoff, in seconds; it doubles with each retry (with full jitter).
    public var backoff: Double
    /// The longest wait between two tries, in seconds. A `Retry-After` longer than this ends the
    /// delivery's tries at once with `.retry(after:)`.
    public var maximumBackoff: Double

    /// Creates settings.
    public init(
        url: URL, signingKey: SigningKey? = nil, headers: [(name: String, value: String)] = [], timeout: Double = 10,
        retries: Int = 3, backoff: Double = 0.5, maximumBackoff: Double = 30
    ) {
        self.url = url
        self.signingKey = signingKey
        self.headers = headers
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.maximumBackoff = maximumBackoff
    }

    /// The endpoint without path or query (which may hold a token), for messages.
    public var endpointDescription: String {
        var text = (url.scheme ?? "http") + "://" + (url.host ?? "")
        if let port = url.port { text += ":\(port)" }
        return text
    }
}
