import Foundation
import Testing
import XIStore

/// `xi run` end to end: real files, a real SQLite store, real inbox files.
@Suite("xi run", .serialized)
struct RunCommandTests {
    @Test("the example reaches every audience, and a second run creates nothing new")
    func exampleAndRerun() throws {
        let workspace = try ExampleWorkspace()
        let first = try CommandRunner.run(["run", workspace.folder.path])  // piped, not --quiet
        #expect(first.status == 0, "\(first.standardError)")
        #expect(!first.standardError.contains("\u{1B}"), "a progress line was written to a pipe")
        #expect(!first.standardError.contains("records/s"))
        let opened = ExampleWorkspace.count("insights opened", in: first.standardOutput) ?? 0
        #expect(opened > 20)
        // Every insight is completed, counted and routed — also one that opens and expires in one batch.
        let stored = try SQLiteStore(path: workspace.folder.appendingPathComponent(".xi/xi.sqlite").path).insights()
        #expect(stored.count == opened)
        #expect(stored.allSatisfy { !$0.insight.priority.isEmpty && !$0.insight.explanation.isEmpty })
        #expect(ExampleWorkspace.count("pending", in: first.standardOutput) == 0)
        let audiences = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.appendingPathComponent("Audiences").path)
            .map { String($0.dropLast(".yaml".count)) }
        let inboxes = try workspace.inboxFiles()
        for audience in audiences {
            let files = inboxes.filter { $0.hasPrefix(audience + ".") }
            #expect(!files.isEmpty, "no inbox for \(audience)")
            let lines = try files.flatMap { try workspace.lines("inbox/" + $0) }
            #expect(!lines.isEmpty, "nothing delivered to \(audience)")
        }
        let before = try inboxes.map { try workspace.lines("inbox/" + $0).count }

        let second = try workspace.run()
        #expect(second.status == 0)
        #expect(ExampleWorkspace.count("events read", in: second.standardOutput) == 0)
        #expect(ExampleWorkspace.count("insights opened", in: second.standardOutput) == 0)
        #expect(second.standardOutput.contains("deliveries        0 new"))
        #expect(try workspace.inboxFiles().map { try workspace.lines("inbox/" + $0).count } == before)
    }

    /// A rerun with the folder given as `.` once read every file again: with the sources' paths
    /// absolute, the files were named absolutely in its checkpoints and relatively in the first
    /// run's, so none matched. Both runs now name each file as its canonical path has it.
    @Test("a rerun from inside the folder, through a link or a relative path, reads nothing again", arguments: ["absolute", "relative"])
    func rerunWithTheFolderSpelledOtherwise(sourcePaths: String) throws {
        let workspace = try ExampleWorkspace()
        if sourcePaths == "absolute" {
            try workspace.edit("xi.yaml", replacing: "path: Examples/data/", with: "path: \(workspace.folder.path)/Examples/data/")
        }
        let first = try workspace.run()
        #expect(first.status == 0, "\(first.standardError)")
        #expect((ExampleWorkspace.count("insights opened", in: first.standardOutput) ?? 0) > 20)
        let link = workspace.folder.deletingLastPathComponent().appendingPathComponent(workspace.folder.lastPathComponent + "-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: workspace.folder)
        defer { try? FileManager.default.removeItem(at: link) }
        let reruns = [
            (["run", ".", "--quiet"], workspace.folder),
            (["run", "Goals/..", "--quiet"], workspace.folder),
            (["run", link.path, "--quiet"], nil),
            (["run", link.lastPathComponent, "--quiet"], workspace.folder.deletingLastPathComponent()),
        ]
        for (arguments, directory) in reruns {
            let again = try CommandRunner.run(arguments, in: directory)
            #expect(again.status == 0, "\(arguments): \(again.standardError)")
            #expect(ExampleWorkspace.count("events read", in: again.standardOutput) == 0, "\(arguments): \(again.standardOutput)")
            #expect(ExampleWorkspace.count("insights opened", in: again.standardOutput) == 0, "\(arguments)")
            #expect(again.standardOutput.contains("deliveries        0 new"), "\(arguments)")
        }
    }

    @Test("deliveries carry each idempotency key once, and insights are explained")
    func keysAndExplain() throws {
        let workspace = try ExampleWorkspace()
        _ = try workspace.run()
        var ids: [String] = []
        var insight: String?
        for file in try workspace.inboxFiles() {
            for line in try workspace.lines("inbox/" + file) {
                ids.append(line["id"] as? String ?? "")
                if insight == nil, let body = line["body"] as? [String: Any], let id = body["id"] as? String { insight = id }
            }
        }
        #expect(Set(ids).count == ids.count)
        let id = try #require(insight)
        let explained = try CommandRunner.run(["explain", id, "--path", workspace.folder.path])
        #expect(explained.status == 0, "\(explained.standardError)")
        for part in ["goal ", "evidence:", "signal on ", "event ", "history:", "opened:", "audiences:", "✓"] {
            #expect(explained.standardOutput.contains(part), "explain lacks \(part)")
        }
        let missing = try CommandRunner.run(["explain", "ins_nope", "--path", workspace.folder.path])
        #expect(missing.status == 1)
    }

    @Test("malformed records go to the dead-letter file with position and reason; the run goes on")
    func deadLetters() throws {
        let workspace = try ExampleWorkspace()
        let contacts = workspace.folder.appendingPathComponent("Examples/data/contacts.jsonl")
        var data = try Data(contentsOf: contacts)
        let good = #"{"contact_id":"K-X1","customer_id":"C-1001","started_at":"2026-02-01T10:00:00Z","channel":"phone","reason":"fees","duration_seconds":60,"hold_seconds":1,"transfers":0,"resolved":true,"product":"current_account","transcript":"ok"}"#
        let lines = [
            good.replacingOccurrences(of: "\"duration_seconds\":60", with: "\"duration_seconds\":\"sixty\"").replacingOccurrences(of: "K-X1", with: "K-X2"),
            good.replacingOccurrences(of: "2026-02-01T10:00:00Z", with: "yesterday").replacingOccurrences(of: "K-X1", with: "K-X3"),
            good.replacingOccurrences(of: "\"customer_id\":\"C-1001\",", with: "").replacingOccurrences(of: "K-X1", with: "K-X4"),
            good,
        ]
        data.append(Data((lines.joined(separator: "\n") + "\n").utf8))
        data.append(contentsOf: [0x7B, 0x22, 0x63, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D, 0x0A])  // invalid UTF-8
        data.append(Data(("{\"contact_id\":\"" + String(repeating: "x", count: 10_000_000) + "\"}\n").utf8))  // a 10 MB line
        data.append(Data(#"{"contact_id":"K-X9","customer_id":"C-1"#.utf8))  // truncated last line
        try data.write(to: contacts)

        let result = try workspace.run()
        #expect(result.status == 0, "\(result.standardError)")
        let dead = try workspace.lines("dead-letter/contacts.jsonl")
        let reasons = dead.map { "\($0["line"] ?? "?"): \($0["reason"] ?? "")" }.joined(separator: "\n")
        // The example's own five malformed lines, and the six added here.
        #expect(dead.count == 11, "\(reasons)")
        for expected in ["sixty", "time", "customer_id", "UTF-8", "truncated"] {
            #expect(reasons.lowercased().contains(expected.lowercased()), "no dead letter mentions \(expected):\n\(reasons)")
        }
        #expect(dead.contains { ($0["reason"] as? String ?? "").contains("bytes") || ($0["reason"] as? String ?? "").contains("MB") }, "\(reasons)")
        for letter in dead {
            #expect(letter["file"] != nil && letter["line"] != nil && letter["offset"] != nil)
            #expect((letter["excerpt"] as? String ?? "").utf8.count < 10_000)
        }
        #expect(ExampleWorkspace.count("records rejected", in: result.standardOutput) == 11)
        #expect((ExampleWorkspace.count("events read", in: result.standardOutput) ?? 0) > 2_000)

        // A rerun reads only the still-truncated last line again (its checkpoint stays before it,
        // so it is read once it is complete) and writes no dead letter twice.
        let again = try workspace.run()
        #expect(ExampleWorkspace.count("records rejected", in: again.standardOutput) == 1)
        #expect(ExampleWorkspace.count("events read", in: again.standardOutput) == 0)
        #expect(try workspace.lines("dead-letter/contacts.jsonl").count == 11)
    }

    @Test("a lens that allows evidence.text shows the texts of the listed evidence")
    func evidenceTexts() throws {
        let workspace = try ExampleWorkspace()
        try workspace.edit("Audiences/retention-team.yaml", replacing: "profile.products, evidence.summary]", with: "profile.products, evidence.summary, evidence.text]")
        _ = try workspace.run()
        let bodies = try workspace.lines("inbox/retention-team.jsonl").compactMap { $0["body"] as? [String: Any] }
        #expect(!bodies.isEmpty)
        let texts = bodies.compactMap { ($0["evidence"] as? [String: Any])?["text"] as? [String] }
        #expect(!texts.isEmpty, "no delivery to retention-team carries evidence.text")
        let contacts = try String(contentsOf: workspace.folder.appendingPathComponent("Examples/data/contacts.jsonl"), encoding: .utf8)
        let surveys = try String(contentsOf: workspace.folder.appendingPathComponent("Examples/data/surveys.csv"), encoding: .utf8)
        let complaints = try String(contentsOf: workspace.folder.appendingPathComponent("Examples/data/complaints.csv"), encoding: .utf8)
        for text in texts.flatMap({ $0 }).prefix(50) {
            let quoted = String(data: try JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed]), encoding: .utf8)!
            #expect(contacts.contains(quoted) || surveys.contains(text) || complaints.contains(text), "'\(text)' is no event's text")
        }
    }

    @Test("a lens never lets a disallowed field out: every audience × field of the example")
    func lenses() throws {
        let workspace = try ExampleWorkspace()
        _ = try workspace.run()
        let fields = [
            "id", "goal", "goal_name", "objective", "priority", "score", "count", "status", "explanation", "recommend", "time",
            "subject.kind", "subject.id", "signals", "window.start", "window.end",
            "evidence.summary", "evidence.signals", "evidence.events", "evidence.text",
            "profile.name", "profile.email", "profile.tier", "profile.segment", "profile.products", "profile.balance",
            "profile.monthly_spend", "profile.tenure_months", "profile.vulnerable",
        ]
        var checked = 0
        for file in try workspace.inboxFiles() {
            let audience = String(file.split(separator: ".").first!)
            let lens = try Self.lens(of: audience, in: workspace)
            for line in try workspace.lines("inbox/" + file) {
                let body = line["body"] as? [String: Any] ?? [:]
                let documents = (body["insights"] as? [[String: Any]]) ?? [body]
                for document in documents {
                    let present = Self.flatten(document)
                    for field in fields {
                        let value = present[field]
                        if lens.allow.contains(field) { continue }
                        if lens.pseudonymize.contains(field) {
                            if let value { #expect((value as? String)?.hasPrefix("psn_") == true, "\(audience): \(field) is not pseudonymized") }
                        } else {
                            #expect(value == nil, "\(audience): \(field) leaked: \(value ?? "")")
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 1_000)
        // Raw e-mail addresses appear in no inbox: every example lens either omits or pseudonymizes them.
        for file in try workspace.inboxFiles() {
            let text = try String(contentsOf: workspace.folder.appendingPathComponent(".xi/inbox/" + file), encoding: .utf8)
            #expect(!text.contains("@example"), "\(file) contains an e-mail address")
        }
    }

    static func flatten(_ object: [String: Any], prefix: String = "") -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in object {
            let name = prefix.isEmpty ? key : prefix + "." + key
            if let nested = value as? [String: Any], ["subject", "window", "evidence", "profile"].contains(prefix.isEmpty ? key : prefix) {
                result.merge(flatten(nested, prefix: name)) { $1 }
            } else {
                result[name] = value
            }
        }
        return result
    }

    /// The allow and pseudonymize lists of an audience file (a simple reader for the example's flow style).
    static func lens(of audience: String, in workspace: ExampleWorkspace) throws -> (allow: Set<String>, pseudonymize: Set<String>) {
        let text = try String(contentsOf: workspace.folder.appendingPathComponent("Audiences/\(audience).yaml"), encoding: .utf8)
        func list(_ key: String) -> Set<String> {
            guard let line = text.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":") }),
                  let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") else { return [] }
            return Set(line[line.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        let allow = list("allow")
        // No lens: the default lets metadata through and pseudonymizes the subject.
        if allow.isEmpty && !text.contains("lens:") {
            return (["id", "goal", "goal_name", "objective", "priority", "score", "status", "recommend", "subject.kind"], ["subject.id"])
        }
        return (allow, list("pseudonymize"))
    }
}
