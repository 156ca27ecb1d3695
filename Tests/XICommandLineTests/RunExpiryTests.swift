import Foundation
import Testing
import XIStore

/// How insights expire, on a small workspace written by the test: one source, one signal, one goal.
@Suite("xi run: expiry", .serialized)
struct RunExpiryTests {
    /// A workspace whose goal `watch` opens at a score of 2 within 1 day, critical from a score of 3.
    static func workspace(events: [(id: String, customer: String, at: String, level: Int)]) throws -> URL {
        try CommandRunner.folder(with: [
            "xi.yaml": notesConfiguration(),
            "Goals/signals.yaml": """
                signals:
                  alarm:
                    description: A note with a level.
                    on: note
                    when: "level >= 1"
                    strength: "double(level)"
                """,
            "Goals/watch.yaml": watchGoal(signals: ["alarm"], window: "1d", threshold: 2) + """
                priority:
                  critical: "score >= 3"
                """,
            "Audiences/watchers.yaml": """
                audience: watchers
                name: Watchers
                contact: watchers@example.com
                subscriptions:
                  - goal: watch
                    action: { kind: file }
                lens:
                  allow: [id, priority, score, status]
                """,
            "notes.jsonl": notesFile(events),
        ])
    }

    /// `Goals/watch.yaml`: the goal `watch`, "Watch the alarms", counting each of `signals` with a
    /// weight of 1, ending with its threshold line (a test may add lines after it).
    static func watchGoal(signals: [String], window: String, threshold: Int) -> String {
        """
        goal: watch
        name: Watch the alarms
        objective: retention
        owner: test@example.com
        signals:
        \(signals.map { "  - { signal: \($0), weight: 1 }" }.joined(separator: "\n"))
        window: \(window)
        threshold: \(threshold)

        """
    }

    /// `xi.yaml` with one source, `notes`: JSON lines of `note` events about a customer, with a level.
    static func notesConfiguration(options: String? = nil) -> String {
        """
        sources:
          - name: notes
            kind: jsonl
            path: notes.jsonl
            event: note
            subject: { customer: customer }
            time: at
            id: id
        \(options.map { "    options: \($0)\n" } ?? "")    fields:
              level: int
        """
    }

    /// The `notes` source's file.
    static func notesFile(_ notes: [(id: String, customer: String, at: String, level: Int)]) -> String {
        notes.map { "{\"id\":\"\($0.id)\",\"customer\":\"\($0.customer)\",\"at\":\"\($0.at)\",\"level\":\($0.level)}" }
            .joined(separator: "\n") + "\n"
    }

    @Test("an insight whose evidence went quiet expires as it stood; the evidence that ends it opens a new one")
    func expiresAsItStood() throws {
        let folder = try Self.workspace(events: [
            ("n1", "c1", "2026-03-01T10:00:00Z", 3),  // opens: score 3, critical
            ("n2", "c1", "2026-03-05T10:00:00Z", 2),  // four days later: the first expires; this opens another, score 2
        ])
        let run = try CommandRunner.run(["run", folder.path, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let stored = try SQLiteStore(path: folder.appendingPathComponent(".xi/xi.sqlite").path).insights()
            .map(\.insight).sorted { $0.openedAt < $1.openedAt }
        try #require(stored.count == 2)
        #expect(stored[0].status == .expired)
        #expect(stored[0].score == 3)
        #expect(stored[0].priority == "critical")
        #expect(stored[0].evidence.map(\.event) == ["n1"])
        #expect(stored[1].status == .open)
        #expect(stored[1].score == 2)
        #expect(stored[1].priority == "low")
        #expect(stored[1].evidence.map(\.event) == ["n2"])
    }
}
