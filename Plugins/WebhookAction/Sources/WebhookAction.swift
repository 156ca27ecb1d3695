import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import XIPluginAPI

/// The `webhook` action: POSTs each delivery's body (JSON) to a URL, signed the Standard Webhooks
/// way, with the delivery id as `webhook-id` and `Idempotency-Key` so the receiver can drop a
/// duplicate.
///
/// One delivery tries up to `retries + 1` times, waiting with exponential backoff and full jitter
/// (or the receiver's `Retry-After`) after a connection error, a timeout, 408, 429 or a 5xx; after
/// the last try it answers `.retry` so the outbox keeps the delivery for a later run. Another 4xx
/// (or a redirect) answers `.rejected` with the status and the start of the response body. A 2xx
/// answers `.delivered`, with the receiver's `X-Request-Id` or `Location` as the reference.
///
/// The action owns one `HTTPClient`; call ``shutdown()`` when done with it.
public final class WebhookAction: Action, Sendable {
    /// The validated settings.
    public let settings: WebhookSettings
    private let client: HTTPClient
    private let state = ShutdownState()

    /// Creates the action and its HTTP client.
    public init(settings: WebhookSettings) {
        self.settings = settings
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(Self.nanoseconds(settings.timeout)), read: .nanoseconds(Self.nanoseconds(settings.timeout))))
        configuration.httpVersion = .automatic
        // The action retries itself, with backoff; a refused connection fails the try at once.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    deinit {
        // A forgotten shutdown must not crash a debug build nor leak the connection pool.
        if state.markShutDown() { client.shutdown().whenComplete { _ in } }
    }

    /// Closes the HTTP client's connections. Deliveries after this answer `.retry`.
    public func shutdown() async {
        guard state.markShutDown() else { return }
        try? await client.shutdown()
    }

    /// POSTs the delivery, retrying within the call as configured.
    public func deliver(_ delivery: Delivery) async -> Receipt {
        let (body, contentType) = settings.format.body(for: delivery)
        var lastReason = "not tried"
        var lastRetryAfter: Double?
        for attempt in 0...max(0, settings.retries) {
            if state.isShutDown { return .retry(reason: "the webhook action was shut down", after: nil) }
            let outcome = await post(delivery, body: body, contentType: contentType)
            switch outcome {
            case .delivered(let reference):
                return .delivered(reference: reference)
            case .rejected(let reason):
                return .rejected(reason: reason)
            case .retryable(let reason, let retryAfter):
                lastReason = reason
                lastRetryAfter = retryAfter
            }
            guard attempt < settings.retries else { break }
            if let retryAfter = lastRetryAfter, retryAfter > settings.maximumBackoff {
                return .retry(reason: lastReason, after: retryAfter)
            }
            let wait = lastRetryAfter ?? RetrySchedule.delay(retry: attempt, base: settings.backoff, maximum: settings.maximumBackoff)
            do {
                try await Task.sleep(nanoseconds: UInt64(Self.nanoseconds(wait)))
            } catch {
                return .retry(reason: lastReason + " (cancelled while waiting to retry)", after: lastRetryAfter)
            }
        }
        let tries = max(0, settings.retries) + 1
        return .retry(reason: "\(lastReason) (after \(tries) tr\(tries == 1 ? "y" : "ies"))", after: lastRetryAfter)
    }

    /// What one request came to.
    enum Outcome {
        case delivered(reference: String?)
        case retryable(reason: String, retryAfter: Double?)
        case rejected(reason: String)
    }

    /// One POST.
    func post(_ delivery: Delivery, body: [UInt8], contentType: String = "application/json") async -> Outcome {
        let request = makeRequest(delivery, body: body, timestamp: Int(Date().timeIntervalSince1970), contentType: contentType)
        let endpoint = settings.endpointDescription
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Self.nanoseconds(settings.timeout)))
            let status = response.status
            if (200..<300).contains(status.code) {
                let reference = response.headers.first(name: "x-request-id") ?? response.headers.first(name: "location")
                return .delivered(reference: reference)
            }
            let excerpt = await Self.excerpt(of: response.body, timeout: settings.timeout)
            let described = "\(endpoint) answered HTTP \(status.code) \(status.reasonPhrase)" + (excerpt.isEmpty ? "" : ": \(excerpt)")
            if status.code == 408 || status.code == 429 || status.code >= 500 {
                return .retryable(reason: described, retryAfter: RetrySchedule.retryAfter(response.headers.first(name: "retry-after")))
            }
            return .rejected(reason: described)
        } catch {
            return .retryable(reason: "\(settings.method) to \(endpoint) failed: \(Self.describe(error, timeout: settings.timeout))", retryAfter: nil)
        }
    }

    /// The request for one try: body, Standard Webhooks headers, idempotency key, extra headers.
    func makeRequest(_ delivery: Delivery, body: [UInt8], timestamp: Int, contentType: String = "application/json") -> HTTPClientRequest {
        var request = HTTPClientRequest(url: settings.url.absoluteString)
        request.method = HTTPMethod(rawValue: settings.method)
        for header in settings.headers { request.headers.add(name: header.name, value: header.value) }
        request.headers.replaceOrAdd(name: "Content-Type", value: contentType)
        request.headers.replaceOrAdd(name: "User-Agent", value: "xi-webhook")
        request.headers.replaceOrAdd(name: "webhook-id", value: delivery.id)
        request.headers.replaceOrAdd(name: "webhook-timestamp", value: String(timestamp))
        request.headers.replaceOrAdd(name: "Idempotency-Key", value: delivery.id)
        if let key = settings.signingKey {
            request.headers.replaceOrAdd(name: "webhook-signature", value: key.signature(id: delivery.id, timestamp: timestamp, body: body))
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// The start of a response body, on one line, at most 200 characters.
    static func excerpt(of body: HTTPClientResponse.Body, timeout: Double) async -> String {
        var bytes: [UInt8] = []
        do {
            for try await chunk in body {
                bytes.append(contentsOf: chunk.readableBytesView.prefix(512 - bytes.count))
                if bytes.count >= 512 { break }
            }
        } catch {}
        let text = String(decoding: bytes, as: UTF8.self)
            .map { $0.isNewline ? " " : $0 }
        let trimmed = String(text).trimmingCharacters(in: .whitespaces)
        return trimmed.count > 200 ? String(trimmed.prefix(199)) + "…" : trimmed
    }

    /// A short description of a request error.
    static func describe(_ error: any Error, timeout: Double) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return "no answer within the timeout of \(timeout)s"
            case .remoteConnectionClosed:
                return "the receiver closed the connection"
            default:
                return "\(error)"
            }
        }
        return "\(error)"
    }

    static func nanoseconds(_ seconds: Double) -> Int64 {
        Int64(min(max(seconds, 0), 86_400 * 365) * 1_000_000_000)
    }
}
