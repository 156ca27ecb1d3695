import Foundation
import GRDB
import Testing
import XIExpression
import XIPluginAPI
@testable import XIStore

/// Escalated insights are kept by id in a table of their own (migration 8); every way of reading
/// an insight tells whether it was escalated, in new stores and in stores made before.
@Suite("escalation flags")
struct StoreEscalationTests {
    static func insight(_ index: Int, status: InsightStatus = .open) -> Insight {
        let time = TimestampValue(seconds: 1_767_225_600 + Int64(index))!
        return Insight(
            id: "ins_\(index)", goal: "retention", objective: "retention", subject: Subject(kind: "customer", id: "C-\(index)"),
            score: 2, priority: "low", status: status, openedAt: time, updatedAt: time, evidence: [], explanation: "because",
            recommendation: nil, profile: [:])
    }

    @Test("an escalation written with a commit reads back through every query, once however often it is written")
    func escalationsReadBack() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var changes = StoreChanges()
        changes.insights = (0..<6).map { InsightRow(Self.insight($0, status: $0 == 5 ? .expired : .open)) }
        changes.escalated = ["ins_4", "ins_1"]
        try store.apply(changes)
        // Escalated again (a replay): still escalated, no error.
        var again = StoreChanges()
        again.escalated = ["ins_1", "ins_5"]
        try store.apply(again)
        let open = try store.insights(status: [.open, .acknowledged])
        #expect(open.filter(\.escalated).map(\.insight.id) == ["ins_1", "ins_4"])
        #expect(try store.insights().filter(\.escalated).map(\.insight.id) == ["ins_1", "ins_4", "ins_5"])
        #expect(try store.insight(id: "ins_4")?.escalated == true)
        #expect(try store.insight(id: "ins_3")?.escalated == false)
        let found = try store.insights(ids: ["ins_0", "ins_1", "ins_9"]) { _, _, _ in true }
        #expect(found["ins_1"]?.escalated == true && found["ins_0"]?.escalated == false && found["ins_9"] == nil)
        // A later update of the row (a new score, a new status) keeps the flag.
        var update = StoreChanges()
        update.insights = [InsightRow(Self.insight(4, status: .resolved))]
        try store.apply(update)
        #expect(try store.insight(id: "ins_4")?.escalated == true)
        #expect(try store.insight(id: "ins_4")?.insight.status == .resolved)
    }

    @Test("a store made before the flags had a table keeps which insights were escalated")
    func migratesFlags() throws {
        // The store as migration 7 left it: the flag is a column of the insight's row.
        let (path, folder) = try StoreChunkTests.earlierStore(upTo: "7") { database in
            for (index, escalated) in [(0, 1), (1, 0), (2, 1)] {
                let document = InsightDocument.encode(Self.insight(index))
                try database.execute(
                    sql: "INSERT INTO insight (id, goal, subject, status, priority, opened_s, updated_s, escalated, document) VALUES (?, 'retention', ?, 'open', 'low', ?, ?, ?, ?)",
                    arguments: ["ins_\(index)", "customer:C-\(index)", index, index, escalated, Data(document)])
            }
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteStore(path: path)
        #expect(try store.insights().map(\.escalated) == [true, false, true])
        #expect(try store.insights().map(\.insight.id) == ["ins_0", "ins_1", "ins_2"])
        // The column is gone: a row is written without it.
        var changes = StoreChanges()
        changes.insights = [InsightRow(Self.insight(3))]
        changes.escalated = ["ins_3"]
        try store.apply(changes)
        #expect(try store.insight(id: "ins_3")?.escalated == true)
    }
}
