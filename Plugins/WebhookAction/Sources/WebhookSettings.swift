import Foundation
import XIPluginAPI

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
    /// What the request carries: the delivery's body as it is (`webhook`), or a template's output
    /// (`slack`, `teams`, `ticket`).
    public var format: RequestFormat = .delivery
    /// The HTTP method (POST; a ticket may use PUT or PATCH).
    public var method: String = "POST"

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

/// What an HTTP action's request carries.
public enum RequestFormat: Sendable {
    /// The delivery's body, as it is (JSON).
    case delivery
    /// A template's output for insights and one for digests, with its content type.
    case template(insight: MessageTemplate, digest: MessageTemplate, contentType: String)

    /// The body and content type for `delivery`.
    func body(for delivery: Delivery) -> (bytes: [UInt8], contentType: String) {
        switch self {
        case .delivery:
            return (Array(delivery.body.utf8), "application/json")
        case .template(let insight, let digest, let contentType):
            return (Array((delivery.kind == .digest ? digest : insight).render(delivery).utf8), contentType)
        }
    }
}
