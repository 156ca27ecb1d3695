import Foundation
import Testing
import XIPluginAPI
import XIPluginTesting
import XIWebhookAction

/// Slack, Teams and ticket actions against a real HTTP receiver on 127.0.0.1.
@Suite struct ChatAndTicketTests {
    let insight = Delivery(
        id: "ins-7/retention-leads/0-slack", audience: "retention-leads", action: "retention-leads/0-slack", kind: .insight, insights: ["ins-7"],
        body: #"{"id":"ins-7","goal":"retention","priority":"critical","score":12.5,"recommend":"Call today; she said \"I'm leaving\".","explanation":"complaint ×1\nrepeat_contact ×2","evidence":{"summary":"complaint ×1, repeat_contact ×2"},"subject":{"id":"C-77"}}"#)
    let digest = Delivery(
        id: "digest/retention-leads/0-slack/2026-03-02", audience: "retention-leads", action: "retention-leads/0-slack", kind: .digest,
        insights: ["ins-1", "ins-2"],
        body: #"{"audience":"retention-leads","period":"2026-03-02T00:00:00Z","count":2,"insights":[{"id":"ins-1","goal":"retention","priority":"high","score":9,"subject":{"id":"C-1"}},{"id":"ins-2","goal":"retention","priority":"medium","score":7,"subject":{"id":"C-2"}}]}"#)

    func make(_ factory: PluginFactory, _ options: [String: ConfigurationValue], environment: [String: String] = [:], folder: String = "/") throws -> WebhookAction {
        var all = options
        all["backoff"] = .string("10ms")
        let context = PluginContext(name: "retention-leads/0-\(factory.descriptor.kind)", options: all, configurationFolder: folder, stateFolder: "/", environment: environment)
        guard case .action(let action) = try factory.make(context, nil) else { throw PluginError("not an action") }
        return try #require(action as? WebhookAction)
    }

    func json(_ request: TestReceiver.Request) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
    }

    @Test("slack: a Block Kit message per insight and per digest, customer text escaped, the key in Idempotency-Key")
    func slack() async throws {
        let receiver = try await TestReceiver.start(.accept)
        let action = try make(WebhookAction.slackFactory, ["webhook_url": .string("${SLACK_URL}")], environment: ["SLACK_URL": receiver.url])
        #expect(await action.deliver(insight) == .delivered(reference: "receiver-1"))
        #expect(await action.deliver(digest) == .delivered(reference: "receiver-2"))
        await action.shutdown()
        await receiver.stop()
        let requests = receiver.state.requests
        let message = try json(requests[0])
        #expect(message["text"] as? String == "retention: critical priority insight for C-77")
        let blocks = try #require(message["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header")
        let recommendation = blocks.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }.first { $0.contains("Call today") }
        #expect(recommendation == "Call today; she said \"I'm leaving\".")
        #expect(requests[0].headers.first(name: "Idempotency-Key") == insight.id)
        let summary = try json(requests[1])
        #expect(summary["text"] as? String == "2 insights for retention-leads since 2026-03-02T00:00:00Z")
        let sections = (summary["blocks"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "section" }
        #expect(sections.count == 2)
    }

    @Test("teams: an Adaptive Card attachment")
    func teams() async throws {
        let receiver = try await TestReceiver.start(.accept)
        let action = try make(WebhookAction.teamsFactory, ["webhook_url": .string(receiver.url)])
        #expect(await action.deliver(insight) == .delivered(reference: "receiver-1"))
        await action.shutdown()
        await receiver.stop()
        let message = try json(receiver.state.requests[0])
        #expect(message["type"] as? String == "message")
        let attachment = try #require((message["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let card = try #require(attachment["content"] as? [String: Any])
        #expect(card["type"] as? String == "AdaptiveCard")
        let facts = ((card["body"] as? [[String: Any]])?.first { $0["type"] as? String == "FactSet" }?["facts"] as? [[String: Any]]) ?? []
        #expect(facts.contains { $0["title"] as? String == "Customer" && $0["value"] as? String == "C-77" })
    }

    @Test("ticket: the method, headers and a per-audience body template from a file; a 5xx is retried, a 4xx refused")
    func ticket() async throws {
        let folder = TestFolder()
        folder.write("templates/desk.mustache", #"{"fields":{"project":{"key":"RET"},"summary":"{{goal}} · {{subject.id}}","description":"{{recommend}}","labels":["xi","{{priority}}"]},"xi_delivery":"{{delivery.id}}"}"#)
        let receiver = try await TestReceiver.start(.fail(times: 1, status: 503))
        let action = try make(
            WebhookAction.ticketFactory,
            ["url": .string(receiver.url), "method": .string("PUT"), "headers": .mapping(["Authorization": .string("${DESK_AUTHORIZATION}")]),
             "body_file": .string("templates/desk.mustache")],
            environment: ["DESK_AUTHORIZATION": "Bearer s3cret"], folder: folder.path)
        #expect(await action.deliver(insight) == .delivered(reference: "receiver-2"))
        let requests = receiver.state.requests
        #expect(requests.count == 2)
        #expect(requests[1].method == "PUT")
        #expect(requests[1].headers.first(name: "Authorization") == "Bearer s3cret")
        let ticket = try json(requests[1])
        let fields = try #require(ticket["fields"] as? [String: Any])
        #expect(fields["summary"] as? String == "retention · C-77")
        #expect(fields["description"] as? String == "Call today; she said \"I'm leaving\".")
        #expect(ticket["xi_delivery"] as? String == insight.id)
        receiver.state.set(.answer(status: 400, body: #"{"errorMessages":["project RET does not exist"]}"#))
        let refused = await action.deliver(digest)
        guard case .rejected(let reason) = refused else {
            Issue.record("expected a refusal, got \(refused)")
            return
        }
        #expect(reason.contains("HTTP 400") && reason.contains("project RET does not exist"))
        await action.shutdown()
        await receiver.stop()
    }

    @Test("a template that does not parse, or does not give JSON, stops the configuration with the option's name")
    func badTemplates() throws {
        #expect(throws: PluginError.self) { try make(WebhookAction.slackFactory, ["webhook_url": .string("http://127.0.0.1:9/x"), "template": .string("{{#goal}}unclosed")]) }
        do {
            _ = try make(WebhookAction.ticketFactory, ["url": .string("http://127.0.0.1:9/x"), "body": .string(#"{"title": {{goal}}}"#)])
            Issue.record("a template giving invalid JSON was accepted")
        } catch let error as PluginError {
            #expect(error.message.contains("option 'body' of 'retention-leads/0-ticket' does not give JSON"), "\(error.message)")
        }
        // A secret URL is never shown in a message.
        do {
            _ = try make(WebhookAction.slackFactory, ["webhook_url": .string("${SLACK_URL}")], environment: ["SLACK_URL": "not a url T0K3N"])
        } catch let error as PluginError {
            #expect(!error.message.contains("T0K3N"))
        }
    }

    @Test("the Slack action passes the test kit's action conformance check", .timeLimit(.minutes(2)))
    func conforms() async throws {
        let receiver = try await TestReceiver.start(.accept)
        let failures = await ActionConformance.check(
            makeAction: { try make(WebhookAction.slackFactory, ["webhook_url": .string(receiver.url)]) },
            release: { action in await action.shutdown() })
        await receiver.stop()
        #expect(failures.isEmpty, "\(failures)")
    }
}
