import Foundation
import Testing
import XIStore

/// `xi run` delivering to a real HTTP receiver on 127.0.0.1.
@Suite("xi run with a webhook", .serialized)
struct RunWebhookTests {
    static let secret = "whsec_" + Data("a test secret of enough length".utf8).base64EncodedString()

    /// The example with the retention team's immediate subscription sent to a webhook on `port`.
    func workspace(port: Int, retries: Int = 3) throws -> ExampleWorkspace {
        let workspace = try ExampleWorkspace()
        try workspace.edit(
            "Audiences/retention-team.yaml",
            replacing: "    action: { kind: file }      # the bundled example delivers to .xi/inbox/<audience>.jsonl\n  - goal: retention",
            with: "    action: { kind: webhook, url: \"http://127.0.0.1:\(port)/hooks/xi\", secret: \"${XI_TEST_HOOK_SECRET}\", retries: \(retries), backoff: 1s, timeout: 5s }\n  - goal: retention")
        return workspace
    }

    @Test("a receiver that is down: deliveries stay pending, are listed, and the next run delivers them")
    func receiverDown() throws {
        // A port with nothing listening: start a receiver to learn a free port, then stop it.
        let probe = try WebhookReceiver(secret: Self.secret)
        let port = probe.port
        probe.stop()
        let workspace = try workspace(port: port, retries: 0)
        let environment = ["XI_TEST_HOOK_SECRET": Self.secret]
        let first = try workspace.run(environment: environment)
        #expect(first.status == 0, "\(first.standardError)")
        let pending = ExampleWorkspace.count("pending", in: first.standardOutput) ?? 0
        #expect(pending > 0, "\(first.standardOutput)")
        #expect(first.standardOutput.contains("retention-team"))

        let receiver = try WebhookReceiver(secret: Self.secret)
        defer { receiver.stop() }
        try workspace.edit("Audiences/retention-team.yaml", replacing: "127.0.0.1:\(port)", with: "127.0.0.1:\(receiver.port)")
        let second = try workspace.run(environment: environment)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(ExampleWorkspace.count("pending", in: second.standardOutput) == 0, "\(second.standardOutput)")
        let requests = receiver.requests()
        #expect(Set(requests.compactMap { $0["idempotency_key"] as? String }).count == pending)
        #expect(requests.allSatisfy { ($0["verified"] as? Bool) == true })
        #expect(requests.allSatisfy { $0["idempotency_key"] as? String == $0["webhook_id"] as? String })
    }

    @Test("a receiver answering 500 gets retries with backoff, and every key arrives")
    func serverErrors() throws {
        let receiver = try WebhookReceiver(secret: Self.secret, failFirst: 3)
        defer { receiver.stop() }
        let workspace = try workspace(port: receiver.port)
        let result = try workspace.run(environment: ["XI_TEST_HOOK_SECRET": Self.secret])
        #expect(result.status == 0, "\(result.standardError)")
        let requests = receiver.requests()
        #expect(requests.filter { $0["status"] as? Int == 500 }.count == 3)
        let delivered = Set(requests.filter { $0["status"] as? Int == 200 }.compactMap { $0["idempotency_key"] as? String })
        let all = Set(requests.compactMap { $0["idempotency_key"] as? String })
        #expect(!delivered.isEmpty)
        #expect(delivered == all, "a key that got 500 was never delivered")
        #expect(ExampleWorkspace.count("pending", in: result.standardOutput) == 0)
    }

    @Test("deliveries that asked to be retried go with a later commit of the same run, each key delivered once")
    func retriesWithinARun() throws {
        let receiver = try WebhookReceiver(secret: Self.secret, failFirst: 3)
        defer { receiver.stop() }
        let workspace = try workspace(port: receiver.port, retries: 0)
        try workspace.edit("xi.yaml", replacing: "    kind: jsonl\n", with: "    kind: jsonl\n    options: { batch_size: 40 }\n")
        try workspace.edit("xi.yaml", replacing: "    kind: csv\n", with: "    kind: csv\n    options: { batch_size: 40 }\n")
        let result = try CommandRunner.run(
            ["run", workspace.folder.path, "--quiet", "--commit-every", "40"], environment: ["XI_TEST_HOOK_SECRET": Self.secret])
        #expect(result.status == 0, "\(result.standardError)")
        let requests = receiver.requests()
        #expect(requests.filter { $0["status"] as? Int == 500 }.count == 3)
        let delivered = requests.filter { $0["status"] as? Int == 200 }.compactMap { $0["idempotency_key"] as? String }
        #expect(!delivered.isEmpty)
        #expect(Set(delivered).count == delivered.count, "a key was delivered twice")
        #expect(Set(delivered) == Set(requests.compactMap { $0["idempotency_key"] as? String }), "a key that got 500 was never delivered")
        #expect(ExampleWorkspace.count("pending", in: result.standardOutput) == 0, "\(result.standardOutput)")
        let outbox = try SQLiteStore(path: workspace.folder.appendingPathComponent(".xi/xi.sqlite").path).pendingDeliveries()
        #expect(outbox.isEmpty)
    }

    @Test("a missing secret variable stops the run before anything is read, naming the variable")
    func missingSecret() throws {
        let workspace = try workspace(port: 9)
        let result = try workspace.run()
        #expect(result.status == 1)
        #expect(result.standardError.contains("XI_TEST_HOOK_SECRET"))
        #expect(!FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent(".xi/inbox").path))
    }
}
