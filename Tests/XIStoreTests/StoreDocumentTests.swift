import Foundation
import GRDB
import Testing
import XIExpression
import XIPluginAPI
@testable import XIStore

/// Insights' documents are kept in chunks apart from their rows (migration 12): every way of
/// reading an insight finds its latest document, chunks nothing refers to are deleted, and stores
/// made before keep their insights.
@Suite("insight documents in chunks")
struct StoreDocumentTests {
    static func insight(_ index: Int, explanation: String, status: InsightStatus = .open) -> Insight {
        var insight = StoreEscalationTests.insight(index, status: status)
        insight.explanation = explanation
        insight.evidence = [Evidence(signal: "detractor", event: "S-\(index)", time: insight.openedAt, weight: 1.5)]
        return insight
    }

    static func commit(_ insights: [Insight], to store: SQLiteStore) throws {
        var changes = StoreChanges()
        changes.insights = insights.map(InsightRow.init)
        try store.apply(changes)
    }

    static func count(_ sql: String, in store: SQLiteStore) throws -> Int {
        try store.database.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    @Test("each insight reads back its latest document, through every query, after commits that changed some of them")
    func latestDocuments() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.commit((0..<40).map { Self.insight($0, explanation: "first \($0)") }, to: store)
        try Self.commit((0..<40).map { Self.insight($0, explanation: "second \($0)") }, to: store)
        // The same insight twice in one commit: the later wins.
        try Self.commit((0..<20).map { Self.insight($0, explanation: "third \($0)") } + [Self.insight(3, explanation: "fourth 3", status: .expired)], to: store)
        func expected(_ index: Int) -> String { index == 3 ? "fourth 3" : index < 20 ? "third \(index)" : "second \(index)" }
        let all = try store.insights()
        #expect(all.count == 40)
        for stored in all {
            let index = Int(stored.insight.id.dropFirst(4))!
            #expect(stored.insight.explanation == expected(index))
            #expect(stored.insight.evidence.map(\.event) == ["S-\(index)"])
        }
        #expect(try store.insight(id: "ins_3")?.insight.status == .expired)
        #expect(try store.insight(id: "ins_25")?.insight.explanation == "second 25")
        #expect(try store.unsettledInsights().count == 39)
        let found = try store.insights(ids: ["ins_0", "ins_39", "ins_40"]) { _, _, _ in true }
        #expect(found["ins_0"]?.insight.explanation == "third 0" && found["ins_39"]?.insight.explanation == "second 39" && found["ins_40"] == nil)
        // Rows are narrow: the documents are elsewhere.
        let columns = try store.database.read { try $0.columns(in: "insight").map(\.name) }
        #expect(!columns.contains("document"))
    }

    @Test("chunks no row refers to any longer are deleted, and what rows refer to stays")
    func collection() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Documents of about 600 bytes: five to a chunk.
        let long = String(repeating: "x", count: 560)
        try Self.commit((0..<50).map { Self.insight($0, explanation: long + "a") }, to: store)
        let firstChunks = try Self.count("SELECT COUNT(*) FROM insight_document", in: store)
        #expect(firstChunks >= 10)
        // Every document of the first commit is left behind but one.
        try Self.commit((1..<50).map { Self.insight($0, explanation: long + "b") }, to: store)
        try store.database.write { try SQLiteStore.collectDocuments($0) }
        let referred = try Self.count("SELECT COUNT(DISTINCT document_chunk) FROM insight", in: store)
        #expect(try Self.count("SELECT COUNT(*) FROM insight_document", in: store) == referred)
        #expect(referred < 2 * firstChunks)
        #expect(try Self.count("SELECT COUNT(*) FROM insight i WHERE NOT EXISTS (SELECT 1 FROM insight_document d WHERE d.sequence = i.document_chunk)", in: store) == 0)
        #expect(try store.insight(id: "ins_0")?.insight.explanation == long + "a")
        #expect(try store.insight(id: "ins_49")?.insight.explanation == long + "b")
    }

    @Test("a document larger than a chunk has a chunk of its own and reads back whole")
    func largeDocument() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let large = String(repeating: "évidence ", count: 2_000)
        try Self.commit([Self.insight(0, explanation: "small"), Self.insight(1, explanation: large), Self.insight(2, explanation: "small too")], to: store)
        #expect(try store.insights().map(\.insight.explanation) == ["small", large, "small too"])
        #expect(try Self.count("SELECT COUNT(*) FROM insight_document", in: store) == 3)
    }

    @Test("a person's change of status writes a new document; the same id twice reads it back")
    func statusChange() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.commit([Self.insight(0, explanation: "because")], to: store)
        let results = try store.changeStatus(of: ["ins_0", "ins_0"], to: .acknowledged, by: "ana", note: nil)
        #expect(results.map(\.problem) == [nil, "it is acknowledged already"])
        let stored = try #require(try store.insight(id: "ins_0"))
        #expect(stored.insight.status == .acknowledged && stored.insight.explanation == "because")
    }

    @Test("a row pointing past its chunk, or to a chunk that is gone, is an error when read, not a crash; other insights still read")
    func damagedPlace() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.commit([Self.insight(0, explanation: "fine"), Self.insight(1, explanation: "past"), Self.insight(2, explanation: "gone")], to: store)
        try store.database.write { database in
            try database.execute(sql: "UPDATE insight SET document_offset = 100000 WHERE id = 'ins_1'")
            try database.execute(sql: "UPDATE insight SET document_chunk = 999999 WHERE id = 'ins_2'")
        }
        #expect(throws: (any Error).self) { _ = try store.insight(id: "ins_1") }
        #expect(throws: (any Error).self) { _ = try store.insight(id: "ins_2") }
        let found = try store.encodedInsights(ids: ["ins_0", "ins_1", "ins_2"]) { _, _, _ in true }
        #expect(try found["ins_0"]?.decode().insight.explanation == "fine")
        for id in ["ins_1", "ins_2"] {
            let damaged = try #require(found[id])
            #expect(throws: (any Error).self) { _ = try damaged.decode() }
        }
    }

    @Test("a store made before keeps its insights, binary and JSON documents alike, in their order")
    func migratesDocuments() throws {
        let binary = Self.insight(0, explanation: "binary")
        let json = Self.insight(1, explanation: "json", status: .expired)
        let (path, folder) = try StoreChunkTests.earlierStore(upTo: "11") { database in
            try database.execute(
                sql: "INSERT INTO insight (id, goal, subject, status, priority, opened_s, updated_s, document) VALUES ('ins_0', 'retention', 'customer:C-0', 'open', 'low', 0, 0, ?)",
                arguments: [Data(InsightDocument.encode(binary))])
            let text = String(decoding: try JSONEncoder().encode(json), as: UTF8.self)
            try database.execute(
                sql: "INSERT INTO insight (id, goal, subject, status, priority, opened_s, updated_s, document) VALUES ('ins_1', 'retention', 'customer:C-1', 'expired', 'low', 1, 1, ?)",
                arguments: [text])
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteStore(path: path)
        let all = try store.insights()
        #expect(all.map(\.insight.id) == ["ins_0", "ins_1"])
        #expect(all.map(\.insight.explanation) == ["binary", "json"])
        #expect(all.map(\.insight.status) == [.open, .expired])
        #expect(all.map { $0.insight.evidence.map(\.event) } == [["S-0"], ["S-1"]])
        #expect(try store.unsettledInsights().map(\.insight.id) == ["ins_0"])
        // Later commits add to the chunks and the rows.
        try Self.commit([Self.insight(2, explanation: "new"), Self.insight(0, explanation: "changed")], to: store)
        #expect(try store.insights().map(\.insight.explanation) == ["changed", "json", "new"])
        let rows = try store.database.read { try Int64.fetchAll($0, sql: "SELECT row FROM insight ORDER BY id") }
        #expect(rows == [1, 2, 3])
    }
}
