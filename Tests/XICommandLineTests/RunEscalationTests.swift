import Foundation
import Testing

/// An insight left unacknowledged past an audience's escalation rule goes to the target audience,
/// through that audience's lens: its explanation says where it came from when the lens shows it,
/// and is not worked out when the lens does not.
@Suite("xi run: escalations", .serialized)
struct RunEscalationTests {
    static func workspace() throws -> URL {
        func audience(_ id: String, subscription: String, lens: String, escalation: String? = nil) -> String {
            """
            audience: \(id)
            name: \(id.capitalized)
            contact: \(id)@example.com
            subscriptions:
              - goal: watch
            \(subscription)
                action: { kind: file }
            lens:
              allow: \(lens)
            \(escalation.map { "escalation: \($0)" } ?? "")
            """
        }
        return try CommandRunner.folder(with: [
            "xi.yaml": RunExpiryTests.notesConfiguration(),
            "Goals/signals.yaml": """
                signals:
                  alarm:
                    description: Any note with a level.
                    on: note
                    when: "level >= 1"
                """,
            "Goals/watch.yaml": RunExpiryTests.watchGoal(signals: ["alarm"], window: "7d", threshold: 1),
            // Two first audiences, one customer's insights each, escalate after an hour, each to
            // its own target; the targets' own subscriptions never match (a score of 100).
            "Audiences/first.yaml": audience("first", subscription: "    when: \"subject == 'c1'\"", lens: "[subject.id]", escalation: "{ after: 1h, to: leads }"),
            "Audiences/second.yaml": audience("second", subscription: "    when: \"subject == 'c2'\"", lens: "[subject.id]", escalation: "{ after: 1h, to: shortlist }"),
            "Audiences/leads.yaml": audience("leads", subscription: "    when: \"score >= 100\"", lens: "[subject.id, score, explanation]"),
            "Audiences/shortlist.yaml": audience("shortlist", subscription: "    when: \"score >= 100\"", lens: "[subject.id, score]"),
            "notes.jsonl": RunExpiryTests.notesFile([
                ("n1", "c1", "2026-03-01T10:00:00Z", 1),  // opens c1's insight: first receives it
                ("n2", "c2", "2026-03-01T10:30:00Z", 1),  // opens c2's: second receives it
                ("n3", "c3", "2026-03-01T12:00:00Z", 1),  // later (event time): both escalations fall due
            ]),
        ])
    }

    @Test("an escalated insight's explanation says where it came from, when the target's lens shows it")
    func escalatedThroughTheTargetsLens() throws {
        let folder = try Self.workspace()
        let run = try CommandRunner.run(["run", folder.path, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let leads = try RunRoutingEvidenceTests.bodies(folder, audience: "leads")
        try #require(leads.count == 1)
        #expect((leads[0]["subject"] as? [String: Any])?["id"] as? String == "c1")
        let explanation = try #require(leads[0]["explanation"] as? String)
        #expect(explanation.hasPrefix("Escalated from first: unacknowledged for 1h. customer:c1 has weighted evidence 1 for 'Watch the alarms'"), "\(explanation)")
        #expect(explanation.hasSuffix("alarm ×1 (1)"), "\(explanation)")
        // A lens without the explanation: the rest of the insight, and no explanation.
        let shortlist = try RunRoutingEvidenceTests.bodies(folder, audience: "shortlist")
        try #require(shortlist.count == 1)
        #expect((shortlist[0]["subject"] as? [String: Any])?["id"] as? String == "c2")
        #expect(shortlist[0]["score"] as? Double == 1)
        #expect(shortlist[0]["explanation"] == nil)
        #expect(Set(shortlist[0].keys) == ["score", "subject"])
        // Nothing escalates twice on a second run.
        let again = try CommandRunner.run(["run", folder.path, "--quiet"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try RunRoutingEvidenceTests.bodies(folder, audience: "leads").count == 1)
        #expect(try RunRoutingEvidenceTests.bodies(folder, audience: "shortlist").count == 1)
    }
}
