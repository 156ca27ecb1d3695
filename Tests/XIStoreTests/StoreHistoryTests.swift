import Foundation
import GRDB
import Testing
import XIPluginAPI
@testable import XIStore

/// Insights' histories are kept as chunks of lines, one per commit (migration 11): an insight's
/// history reads back whole and in order, whichever commits and commands wrote it.
@Suite("insight histories")
struct StoreHistoryTests {
    static func lines(_ lines: [(String, String)]) -> StoreChanges {
        var changes = StoreChanges()
        changes.history = lines.map { (insight: $0.0, change: $0.1) }
        return changes
    }

    @Test("each insight's lines come back in the order written, across commits, and no other insight's")
    func linesInOrder() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try store.apply(Self.lines([("ins_0b", "opened"), ("ins_0a", "opened"), ("ins_0b", "escalated to leads")]))
        try store.apply(Self.lines([]))
        try store.apply(Self.lines([("ins_0c", "opened"), ("ins_0a", "priority low → high"), ("ins_0c", "expired")]))
        try store.apply(Self.lines([("ins_0a", "expired: no evidence for 30 days")]))
        #expect(try store.history(insight: "ins_0a") == ["opened", "priority low → high", "expired: no evidence for 30 days"])
        #expect(try store.history(insight: "ins_0b") == ["opened", "escalated to leads"])
        #expect(try store.history(insight: "ins_0c") == ["opened", "expired"])
        // An id no chunk's range holds, one inside a range but in no line, and a prefix of ids.
        #expect(try store.history(insight: "ins_0d").isEmpty)
        #expect(try store.history(insight: "ins_0aa").isEmpty)
        #expect(try store.history(insight: "ins_0").isEmpty)
    }

    @Test("people's changes of status add to the history after the run's lines")
    func statusChangesAddLines() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var changes = Self.lines([("ins_1", "opened")])
        changes.insights = [InsightRow(StoreEscalationTests.insight(1))]
        try store.apply(changes)
        let results = try store.changeStatus(of: ["ins_1", "ins_none"], to: .acknowledged, by: "ana", note: "calling back")
        #expect(results.map(\.problem) == [nil, "no insight has this id"])
        _ = try store.changeStatus(of: ["ins_1"], to: .resolved, by: nil, note: nil)
        #expect(try store.history(insight: "ins_1") == ["opened", "acknowledged by ana: calling back", "resolved"])
    }

    @Test("a store made before histories were chunks keeps every line, in order, and its table goes")
    func migratesRows() throws {
        // The store as migration 10 left it: rows written commit by commit, each commit's in id
        // order, each line numbered within its insight.
        let rows: [(String, Int, String)] = [
            ("ins_a", 1, "opened"), ("ins_b", 1, "opened"),
            ("ins_a", 2, "escalated"), ("ins_c", 1, "opened"),
            ("ins_a", 3, "acknowledged by ana"), ("ins_b", 2, "expired"),
        ]
        let (path, folder) = try StoreChunkTests.earlierStore(upTo: "10") { database in
            for (insight, sequence, change) in rows {
                try database.execute(
                    sql: "INSERT INTO insight_history (insight, sequence, change, document) VALUES (?, ?, ?, '')", arguments: [insight, sequence, change])
            }
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteStore(path: path)
        #expect(try store.history(insight: "ins_a") == ["opened", "escalated", "acknowledged by ana"])
        #expect(try store.history(insight: "ins_b") == ["opened", "expired"])
        #expect(try store.history(insight: "ins_c") == ["opened"])
        // Lines written after the migration follow.
        try store.apply(Self.lines([("ins_c", "expired")]))
        #expect(try store.history(insight: "ins_c") == ["opened", "expired"])
        let tables = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(!tables.contains("insight_history"))
        #expect(tables.contains("history_chunk"))
    }

    @Test("a damaged chunk is an error, not a crash")
    func damagedChunk() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try store.apply(Self.lines([("ins_a", "opened")]))
        try DatabaseQueue(path: folder + "/xi.sqlite").write { try $0.execute(sql: "UPDATE history_chunk SET data = x'0102'") }
        #expect(throws: (any Error).self) { try store.history(insight: "ins_a") }
    }
}
