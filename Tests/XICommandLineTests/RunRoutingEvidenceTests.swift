import Foundation
import Testing

/// Subscriptions that read an insight's evidence (`count`, `signals`) see it as it stands when the
/// insight changes, also in later commits, where the engine works them out from the insight's
/// window rather than from a listed copy; the delivery then lists that evidence.
@Suite("xi run: routing on evidence", .serialized)
struct RunRoutingEvidenceTests {
    /// One note per batch and commit, so each changes an insight opened in an earlier commit.
    static func workspace(notes: [(id: String, customer: String, at: String, level: Int)]) throws -> URL {
        try CommandRunner.folder(with: [
            "xi.yaml": RunExpiryTests.notesConfiguration(options: "{ batch_size: 1 }"),
            "Goals/signals.yaml": """
                signals:
                  alarm:
                    description: Any note with a level.
                    on: note
                    when: "level >= 1"
                  loud:
                    description: A note of level 3 or more.
                    on: note
                    when: "level >= 3"
                """,
            "Goals/watch.yaml": RunExpiryTests.watchGoal(signals: ["alarm", "loud"], window: "7d", threshold: 1),
            "Audiences/counters.yaml": """
                audience: counters
                name: Counters
                contact: counters@example.com
                subscriptions:
                  - goal: watch
                    when: "count >= 3"
                    action: { kind: file }
                lens:
                  allow: [subject.id, count, signals, evidence.events]
                """,
            "Audiences/listeners.yaml": """
                audience: listeners
                name: Listeners
                contact: listeners@example.com
                subscriptions:
                  - goal: watch
                    when: "'loud' in signals"
                    action: { kind: file }
                lens:
                  allow: [subject.id, count, signals, evidence.events]
                """,
            "notes.jsonl": RunExpiryTests.notesFile(notes),
        ])
    }

    /// The bodies delivered to an audience's inbox.
    static func bodies(_ folder: URL, audience: String) throws -> [[String: Any]] {
        let url = folder.appendingPathComponent(".xi/inbox/\(audience).jsonl")
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["body"] as? [String: Any]
        }
    }

    @Test("an open insight reaches a subscription once its evidence matches, with that evidence listed")
    func laterEvidenceRoutes() throws {
        let folder = try Self.workspace(notes: [
            ("n1", "c1", "2026-03-01T10:00:00Z", 1),  // opens c1's insight: one alarm
            ("n2", "c2", "2026-03-01T11:00:00Z", 1),  // opens c2's: it never gets more
            ("n3", "c1", "2026-03-02T10:00:00Z", 1),  // two alarms
            ("n4", "c1", "2026-03-03T10:00:00Z", 3),  // an alarm and a loud one: four items, 'loud' among the signals
        ])
        let run = try CommandRunner.run(["run", folder.path, "--quiet", "--commit-every", "1"])
        #expect(run.status == 0, "\(run.standardError)")
        for audience in ["counters", "listeners"] {
            let bodies = try Self.bodies(folder, audience: audience)
            try #require(bodies.count == 1, "\(audience): \(bodies)")
            #expect(bodies[0]["subject"] as? [String: String] == ["id": "c1"])
            #expect(bodies[0]["count"] as? Int == 4)
            #expect(bodies[0]["signals"] as? [String] == ["alarm", "loud"])
            #expect((bodies[0]["evidence"] as? [String: Any])?["events"] as? [String] == ["n1", "n3", "n4", "n4"])
        }
    }
}
