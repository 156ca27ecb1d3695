import Crypto
import Foundation
import Testing
import XIPluginAPI
import XIWebhookAction

/// The webhook action against a real HTTP receiver on 127.0.0.1.
@Suite struct WebhookActionTests {
    static let keyBytes = Array("xi-test-signing-key-32-bytes-long".utf8)
    static let secret = "whsec_" + Data(keyBytes).base64EncodedString()

    let delivery = Delivery(
        id: "ins-1042/retention-team/0-webhook", audience: "retention-team", action: "retention-team/0-webhook",
        kind: .insight, insights: ["ins-1042"], body: #"{"goal":"retention","subject":"C-1042","priority":"high"}"#)

    /// Makes the action through its factory, runs `body`, and shuts the action down.
    func withAction(
        url: String, options: [String: ConfigurationValue] = [:], environment: [String: String] = [:],
        _ body: (WebhookAction) async throws -> Void
    ) async throws {
        var all: [String: ConfigurationValue] = ["url": .string(url), "backoff": .string("10ms")]
        all.merge(options) { _, new in new }
        let context = PluginContext(name: "retention-team/0-webhook", options: all, configurationFolder: "/", stateFolder: "/", environment: environment)
        let action = try WebhookAction.make(context)
        do {
            try await body(action)
        } catch {
            await action.shutdown()
            throw error
        }
        await action.shutdown()
    }

    func withReceiver(_ mode: TestReceiver.Mode, _ body: (TestReceiver) async throws -> Void) async throws {
        let receiver = try await TestReceiver.start(mode)
        do {
            try await body(receiver)
        } catch {
            await receiver.stop()
            throw error
        }
        await receiver.stop()
    }

    @Test func postsTheBodySignedWithStandardWebhooksHeaders() async throws {
        try await withReceiver(.accept) { receiver in
            try await withAction(
                url: receiver.url,
                options: ["secret": .string("${HOOK_SECRET}"), "headers": .mapping(["X-Team": .string("retention"), "Authorization": .string("${HOOK_TOKEN}")])],
                environment: ["HOOK_SECRET": Self.secret, "HOOK_TOKEN": "Bearer t0ken"]
            ) { action in
                let receipt = await action.deliver(delivery)
                #expect(receipt == .delivered(reference: "receiver-1"))
            }
            let request = try #require(receiver.requests.first)
            #expect(receiver.requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.uri == "/hooks/xi")
            #expect(request.body == Array(delivery.body.utf8))
            #expect(request.headers.first(name: "content-type") == "application/json")
            #expect(request.headers.first(name: "webhook-id") == delivery.id)
            #expect(request.headers.first(name: "idempotency-key") == delivery.id)
            #expect(request.headers.first(name: "x-team") == "retention")
            #expect(request.headers.first(name: "authorization") == "Bearer t0ken")
            let timestamp = try #require(request.headers.first(name: "webhook-timestamp").flatMap { Int($0) })
            #expect(abs(Double(timestamp) - Date().timeIntervalSince1970) < 600)
            let signature = try #require(request.headers.first(name: "webhook-signature"))
            #expect(signature == Self.expectedSignature(key: Self.keyBytes, id: delivery.id, timestamp: timestamp, body: request.body))
        }
    }

    @Test func signsWithAPlainSecretAsRawKeyBytes() async throws {
        try await withReceiver(.accept) { receiver in
            try await withAction(url: receiver.url, options: ["secret": .string("${HOOK_SECRET}")], environment: ["HOOK_SECRET": "plain secret"]) { action in
                #expect(await action.deliver(delivery) == .delivered(reference: "receiver-1"))
            }
            let request = try #require(receiver.requests.first)
            let timestamp = try #require(request.headers.first(name: "webhook-timestamp").flatMap { Int($0) })
            #expect(request.headers.first(name: "webhook-signature") == Self.expectedSignature(key: Array("plain secret".utf8), id: delivery.id, timestamp: timestamp, body: request.body))
        }
    }

    @Test func sendsNoSignatureWithoutASecret() async throws {
        try await withReceiver(.accept) { receiver in
            try await withAction(url: receiver.url) { action in
                #expect(await action.deliver(delivery) == .delivered(reference: "receiver-1"))
            }
            #expect(receiver.requests.first?.headers.first(name: "webhook-signature") == nil)
            #expect(receiver.requests.first?.headers.first(name: "webhook-id") == delivery.id)
        }
    }

    @Test func retriesWithBackoffOnServerErrorsThenDelivers() async throws {
        try await withReceiver(.fail(times: 2, status: 500)) { receiver in
            try await withAction(url: receiver.url, options: ["retries": .integer(3), "backoff": .string("50ms")]) { action in
                #expect(await action.deliver(delivery) == .delivered(reference: "receiver-3"))
            }
            let requests = receiver.requests
            #expect(requests.count == 3)
            #expect(Set(requests.compactMap { $0.headers.first(name: "idempotency-key") }) == [delivery.id])
            #expect(Set(requests.compactMap { $0.headers.first(name: "webhook-id") }) == [delivery.id])
        }
    }

    @Test func answersRetryAfterTheLastTryOnServerErrors() async throws {
        try await withReceiver(.fail(times: 100, status: 503)) { receiver in
            try await withAction(url: receiver.url, options: ["retries": .integer(2)]) { action in
                let receipt = await action.deliver(delivery)
                guard case .retry(let reason, _) = receipt else {
                    Issue.record("expected .retry, got \(receipt)")
                    return
                }
                #expect(reason.contains("503"))
                #expect(reason.contains("after 3 tries"))
            }
            #expect(receiver.requests.count == 3)
        }
    }

    @Test func honoursALongRetryAfterByAnsweringRetryAtOnce() async throws {
        try await withReceiver(.fail(times: 100, status: 429, headers: ["Retry-After": "120"])) { receiver in
            try await withAction(url: receiver.url, options: ["retries": .integer(3)]) { action in
                let receipt = await action.deliver(delivery)
                guard case .retry(let reason, let after) = receipt else {
                    Issue.record("expected .retry, got \(receipt)")
                    return
                }
                #expect(reason.contains("429"))
                #expect(after == 120)
            }
            #expect(receiver.requests.count == 1)
        }
    }

    @Test func honoursAShortRetryAfterThenDelivers() async throws {
        try await withReceiver(.fail(times: 1, status: 429, headers: ["Retry-After": "0"])) { receiver in
            try await withAction(url: receiver.url) { action in
                #expect(await action.deliver(delivery) == .delivered(reference: "receiver-2"))
            }
            #expect(receiver.requests.count == 2)
        }
    }

    @Test func answersRetryWhenTheReceiverIsDown() async throws {
        let receiver = try await TestReceiver.start(.accept)
        await receiver.stop()
        try await withAction(url: receiver.url, options: ["retries": .integer(2), "timeout": .string("2s")]) { action in
            let receipt = await action.deliver(delivery)
            guard case .retry(let reason, let after) = receipt else {
                Issue.record("expected .retry, got \(receipt)")
                return
            }
            #expect(reason.contains("127.0.0.1:\(receiver.port)"))
            #expect(reason.contains("after 3 tries"))
            #expect(!reason.contains("/hooks/xi"))
            #expect(after == nil)
        }
    }

    @Test func rejectsOnAClientErrorWithTheStatusAndAnExcerpt() async throws {
        try await withReceiver(.answer(status: 400, body: #"{"error":"missing field goal"}"#)) { receiver in
            try await withAction(url: receiver.url) { action in
                let receipt = await action.deliver(delivery)
                guard case .rejected(let reason) = receipt else {
                    Issue.record("expected .rejected, got \(receipt)")
                    return
                }
                #expect(reason.contains("400"))
                #expect(reason.contains("missing field goal"))
            }
            #expect(receiver.requests.count == 1)
        }
    }

    @Test func retriesOnRequestTimeout408() async throws {
        try await withReceiver(.fail(times: 1, status: 408)) { receiver in
            try await withAction(url: receiver.url) { action in
                #expect(await action.deliver(delivery) == .delivered(reference: "receiver-2"))
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func honoursTheTimeoutOfASlowReceiver() async throws {
        try await withReceiver(.slow(seconds: 8)) { receiver in
            try await withAction(url: receiver.url, options: ["timeout": .string("300ms"), "retries": .integer(1)]) { action in
                let receipt = await action.deliver(delivery)
                // The receiver answers 200 after 8 s: a delivery that waited for it would be
                // .delivered. A retry for a timeout shows the 0.3 s limit cut both tries short (no
                // wall-clock bound: it varies with the machine's load).
                guard case .retry(let reason, _) = receipt else {
                    Issue.record("expected .retry, got \(receipt)")
                    return
                }
                #expect(reason.contains("timeout"))
            }
            #expect(receiver.requests.count == 2)
        }
    }

    @Test func answersRetryAfterShutdown() async throws {
        let context = PluginContext(name: "a/0-webhook", options: ["url": .string("http://127.0.0.1:9/x")], configurationFolder: "/", stateFolder: "/", environment: [:])
        let action = try WebhookAction.make(context)
        await action.shutdown()
        await action.shutdown()
        guard case .retry = await action.deliver(delivery) else {
            Issue.record("expected .retry after shutdown")
            return
        }
    }

    @Test func releasingWithoutShutdownShutsTheClientDown() async throws {
        try await withReceiver(.accept) { receiver in
            var action: WebhookAction? = try WebhookAction.make(PluginContext(
                name: "a/0-webhook", options: ["url": .string(receiver.url)], configurationFolder: "/", stateFolder: "/", environment: [:]))
            #expect(await action?.deliver(delivery) == .delivered(reference: "receiver-1"))
            // A debug build of AsyncHTTPClient traps when a client is released still running.
            action = nil
            try await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    static func expectedSignature(key: [UInt8], id: String, timestamp: Int, body: [UInt8]) -> String {
        let message = Array("\(id).\(timestamp).".utf8) + body
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return "v1," + Data(code).base64EncodedString()
    }
}
