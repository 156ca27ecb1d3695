import Foundation
import GRDB
import Testing
import XIExpression
import XIPluginAPI
@testable import XIStore

/// The store's compact forms — binary insight documents, event and evidence chunks — read back
/// what was written, through a real SQLite file.
@Suite("store chunks and documents")
struct StoreChunkTests {
    static func temporaryStore() throws -> (SQLiteStore, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xi-store-\(UUID().uuidString)").path
        return (try SQLiteStore(path: folder + "/xi.sqlite"), folder)
    }

    /// A store file as migration `migration` left it, with what `fill` writes into it, in a
    /// folder of its own (the caller removes it). Opening it with `SQLiteStore(path:)` migrates it.
    static func earlierStore(upTo migration: String, _ fill: (Database) throws -> Void) throws -> (path: String, folder: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xi-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/xi.sqlite"
        let queue = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(queue, upTo: migration)
        try queue.write(fill)
        return (path, folder)
    }

    static func time(_ seconds: Int64, _ nanoseconds: Int64 = 0) -> TimestampValue { TimestampValue(seconds: seconds, nanoseconds: nanoseconds)! }

    static func randomText(_ generator: inout SystemRandomNumberGenerator) -> String {
        let pieces = ["a", "Zoë", "\"", "\\", "\n", "\u{2028}", "🙂", "\u{0}", ",", "é", " ", "x"]
        return (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    @Test("insights written as binary documents read back field for field")
    func insightDocuments() throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var generator = SystemRandomNumberGenerator()
        var written: [Insight] = []
        for index in 0..<200 {
            let evidence = (0..<Int.random(in: 0...20, using: &generator)).map { item in
                Evidence(signal: "signal_\(item % 3)", event: Self.randomText(&generator) + "\(item)",
                         time: Self.time(1_767_000_000 + Int64(item), Int64.random(in: 0..<1_000_000_000, using: &generator)),
                         weight: Double.random(in: -5...5, using: &generator))
            }
            var profile: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator) { profile[Self.randomText(&generator)] = Self.randomText(&generator) }
            written.append(Insight(
                id: "ins_\(index)", goal: "goal_\(index % 4)", objective: "retention",
                subject: Subject(kind: "customer", id: Self.randomText(&generator)), score: Double.random(in: 0...100, using: &generator),
                priority: ["low", "high"][index % 2], status: [.open, .acknowledged, .resolved, .expired][index % 4],
                openedAt: Self.time(1_767_000_000 + Int64(index)), updatedAt: Self.time(1_767_100_000 + Int64(index), 5),
                evidence: evidence, explanation: Self.randomText(&generator),
                recommendation: index % 3 == 0 ? nil : Self.randomText(&generator), profile: profile))
        }
        var changes = StoreChanges()
        changes.insights = written.map(InsightRow.init)
        try store.apply(changes)
        let read = Dictionary(uniqueKeysWithValues: try store.insights().map { ($0.insight.id, $0.insight) })
        #expect(read.count == written.count)
        for insight in written {
            let back = try #require(read[insight.id])
            #expect(back.goal == insight.goal && back.subject == insight.subject && back.score == insight.score)
            #expect(back.priority == insight.priority && back.status == insight.status)
            #expect(back.openedAt == insight.openedAt && back.updatedAt == insight.updatedAt)
            #expect(back.explanation == insight.explanation && back.recommendation == insight.recommendation && back.profile == insight.profile)
            #expect(back.evidence.map(\.event) == insight.evidence.map(\.event))
            #expect(back.evidence.map(\.weight) == insight.evidence.map(\.weight))
            #expect(back.evidence.map(\.time) == insight.evidence.map(\.time))
        }
    }

    @Test("apply(releasing:) writes what apply writes and leaves only the deliveries behind")
    func applyReleasing() throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let schema = EventSchema(source: "contacts", kind: "contact", fields: [("reason", .string)])
        var changes = StoreChanges()
        for index in 0..<50 {
            let time = Self.time(1_767_225_600 + Int64(index))
            changes.events.append(
                Event(id: "K-\(index)", source: "contacts", kind: "contact", subjects: [Subject(kind: "customer", id: "C-\(index)")],
                      time: time, text: nil, fields: [.string("billing")], position: RecordPosition(file: "contacts.jsonl", line: index + 1, offset: 0)),
                schema: schema)
            changes.evidence.append(goal: "retention", subject: Subject(kind: "customer", id: "C-\(index)"), signal: "complaint",
                                    event: "K-\(index)", time: time, weight: 2)
            changes.insights.append(InsightRow(Insight(
                id: "ins_\(index)", goal: "retention", objective: "retention", subject: Subject(kind: "customer", id: "C-\(index)"),
                score: 2, priority: "low", status: .open, openedAt: time, updatedAt: time, evidence: [], explanation: "because",
                recommendation: nil, profile: [:])))
            changes.history.append(("ins_\(index)", "opened"))
        }
        changes.deliveries = [Delivery(id: "d1", audience: "a", action: "a/0-file", kind: .insight, insights: ["ins_1"], body: "{}")]
        let inserted = try store.apply(releasing: &changes)
        #expect(inserted == [0])
        #expect(changes.events.count == 0 && changes.evidence.count == 0 && changes.insights.isEmpty && changes.history.isEmpty)
        #expect(changes.deliveries.map(\.id) == ["d1"], "the caller still delivers them")
        #expect(try store.insights().count == 50)
        #expect(try store.history(insight: "ins_7") == ["opened"])
        #expect(try store.evidence(since: nil).count == 50)
        #expect(try store.events([("K-49", Self.time(1_767_225_649))]).map(\.id) == ["K-49"])
        #expect(try store.pendingDeliveries().map(\.delivery.id) == ["d1"])
    }

    @Test("evidence chunks read back in order, and chunks older than forgetBefore are dropped")
    func evidenceChunks() throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var rows: [EvidenceRow] = []
        for chunk in 0..<3 {
            var changes = StoreChanges()
            for index in 0..<100 {
                let row = EvidenceRow(
                    goal: "goal_\(index % 3)", subject: Subject(kind: "customer", id: "C-\(index)"), signal: "s\(index % 5)",
                    event: "E-\(chunk)-\(index)", time: Self.time(Int64(chunk) * 1_000 + Int64(index), Int64(index)), weight: Double(index) / 7)
                changes.evidence.append(row)
                rows.append(row)
            }
            try store.apply(changes)
        }
        #expect(try store.evidence(since: nil) == rows)
        #expect(try store.evidence(since: 1_050) == rows.filter { $0.time.seconds >= 1_050 })
        #expect(try store.latestEvidenceTime() == 2_099)
        var forget = StoreChanges()
        forget.forgetBefore = 1_100  // the first chunk ends at 99: dropped; the second ends at 1,099: dropped
        try store.apply(forget)
        #expect(try store.evidence(since: nil) == Array(rows.suffix(100)))
    }

    @Test("evidence appended with the caller's goal and signal numbers is the same chunk, byte for byte, and reads back the same")
    func numberedEvidence() throws {
        let goals = (0..<12).map { "goal_\($0)" }, signals = (0..<20).map { "signal_\($0)" }, kinds = ["customer", "agent", "product"]
        var plain = EvidenceLog(), numbered = EvidenceLog()
        var rows: [EvidenceRow] = []
        var generator = SystemRandomNumberGenerator()
        for index in 0..<500 {
            let goal = Int.random(in: 0..<goals.count, using: &generator), signal = Int.random(in: 0..<signals.count, using: &generator)
            let row = EvidenceRow(
                goal: goals[goal], subject: Subject(kind: kinds[index % 3], id: "S-\(index % 37)"), signal: signals[signal],
                event: "E-\(index)", time: Self.time(Int64(index)), weight: Double(index % 9) / 4)
            rows.append(row)
            plain.append(row)
            numbered.append(
                goalNumber: goal, goal: row.goal, subject: row.subject, signalNumber: signal, signal: row.signal, event: row.event,
                time: row.time, weight: row.weight)
        }
        #expect(plain.writer.encoded() == numbered.writer.encoded())
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var changes = StoreChanges()
        changes.evidence = numbered
        try store.apply(changes)
        #expect(try store.evidence(since: nil) == rows.sorted { $0.time < $1.time })
    }

    @Test("events of several files and subject kinds keep each one's file and kinds")
    func eventFilesAndKinds() throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let schema = EventSchema(source: "contacts", kind: "contact", fields: [("reason", .string)])
        var changes = StoreChanges()
        var expected: [(String, String, String)] = []
        // Twelve files and five kinds: more than the eight names kept at hand, so some come back from the table.
        for index in 0..<60 {
            let file = "part-\(index % 12).jsonl", kind = ["customer", "agent", "product", "branch", "journey"][index % 5]
            let event = Event(
                id: "K-\(index)", source: "contacts", kind: "contact", subjects: [Subject(kind: kind, id: "X-\(index)")],
                time: Self.time(1_767_225_600 + Int64(index)), text: nil, fields: [.string("r\(index)")],
                position: RecordPosition(file: file, line: index + 1, offset: 0))
            changes.events.append(event, schema: schema)
            expected.append(("K-\(index)", "\(file):\(index + 1)", "\(kind):X-\(index)"))
        }
        try store.apply(changes)
        let stored = try store.events(expected.indices.map { ("K-\($0)", Self.time(1_767_225_600 + Int64($0))) })
        let found = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, "\($0.position) \($0.subject)") })
        #expect(expected.map { found[$0.0] } == expected.map { "\($0.1) \($0.2)" })
    }

    @Test("events keep their typed fields, subjects and text, shown as JSON")
    func eventChunks() throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let schema = EventSchema(source: "contacts", kind: "contact", fields: [
            ("reason", .string), ("hold", .int), ("score", .double), ("resolved", .bool), ("at", .timestamp), ("missing", .string),
        ])
        let event = Event(
            id: "K-1", source: "contacts", kind: "contact",
            subjects: [Subject(kind: "customer", id: "C-1"), Subject(kind: "agent", id: "A-\"7\"")],
            time: Self.time(1_767_225_600), text: "line one\nZoë \u{2028}",
            fields: [.string("payment \"query\""), .int(-42), .double(0.5), .bool(false), .timestamp(Self.time(1_767_225_601)), nil],
            position: RecordPosition(file: "contacts.jsonl", line: 7, offset: 100))
        var changes = StoreChanges()
        changes.events.append(event, schema: schema)
        try store.apply(changes)
        let stored = try #require(try store.events([("K-1", Self.time(1_767_225_600))]).first)
        #expect(stored.position == "contacts.jsonl:7" && stored.subject == "customer:C-1" && stored.kind == "contact")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(stored.document.utf8)) as? [String: Any])
        let fields = try #require(document["fields"] as? [String: Any])
        #expect(fields["reason"] as? String == "payment \"query\"")
        #expect(fields["hold"] as? Int == -42)
        #expect(fields["score"] as? Double == 0.5)
        #expect(fields["resolved"] as? Bool == false)
        #expect(fields["at"] as? String == "2026-01-01T00:00:01Z")
        #expect(fields["missing"] == nil)
        #expect(document["subjects"] as? [String] == ["customer:C-1", "agent:A-\"7\""])
        #expect(document["text"] as? String == "line one\nZoë \u{2028}")
        #expect(try store.events([("K-1", Self.time(1_000))]).isEmpty, "an event is found through its time's chunk")
    }

    @Test("the pending summary counts every pending delivery, past any page size, with the latest reason")
    func pendingSummary() throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var changes = StoreChanges()
        changes.deliveries = (0..<12_000).map { Delivery(id: "d\($0)", audience: $0 % 3 == 0 ? "b" : "a", action: "a/0-file", kind: .insight, insights: [], body: "{}") }
        try store.apply(changes)
        try store.record([
            (.retry(reason: "first", after: nil), changes.deliveries[1]), (.retry(reason: "latest", after: nil), changes.deliveries[11_999]),
            (.delivered(reference: nil), changes.deliveries[2]),
        ])
        let summary = try store.pendingSummary()
        #expect(summary.map(\.audience) == ["a", "b"])
        #expect(summary[0].count == 7_999 && summary[0].reason == "latest")
        #expect(summary[1].count == 4_000 && summary[1].reason == nil)
    }

    @Test("a damaged chunk is an error, never a crash")
    func damagedChunks() throws {
        var changes = StoreChanges()
        for index in 0..<20 {
            changes.evidence.append(goal: "g", subject: Subject(kind: "customer", id: "C-\(index)"), signal: "s", event: "E-\(index)", time: Self.time(Int64(index)), weight: 1)
        }
        let bytes = changes.evidence.writer.encoded()
        #expect(try SQLiteStore.decodeEvidence(bytes).count == 20)
        for length in 0..<bytes.count {
            #expect(throws: (any Error).self) { _ = try SQLiteStore.decodeEvidence(Array(bytes.prefix(length))) }
        }
    }
}
