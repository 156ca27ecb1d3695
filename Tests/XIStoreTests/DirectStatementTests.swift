import Foundation
import GRDB
import Testing
@testable import XIStore

/// The commit's hot writes bind values through SQLite's C API (``DirectStatement``), in key order:
/// what they write must read back exactly as GRDB's own binding would write it, rows with the
/// same key must keep their order, and SQLite's errors must reach the caller.
@Suite("direct statements")
struct DirectStatementTests {
    @Test("text (empty, non-ASCII, with NUL), integers, numbers and blobs read back exactly; changes are counted")
    func valuesReadBack() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let texts = ["", "Zoë 🙂", "a\u{0}b", String(repeating: "long text ", count: 500)]
        let blob = Data([0, 1, 2, 255])
        let changes: [Int] = try store.database.write { database in
            try database.execute(sql: "CREATE TABLE sample (key INTEGER PRIMARY KEY, text TEXT, number INTEGER, real REAL, data BLOB, bytes BLOB)")
            var insert = DirectStatement(try database.cachedStatement(sql: "INSERT OR IGNORE INTO sample VALUES (?, ?, ?, ?, ?, ?)"), in: database)
            var counts: [Int] = []
            for (key, text) in texts.enumerated() {
                insert.bind(key)
                insert.bind(text)
                insert.bind(Int64.min + Int64(key))
                insert.bind(0.1 * Double(key))
                insert.bind(key == 0 ? Data() : blob)
                insert.bind(key == 0 ? [] : [UInt8](blob))
                counts.append(try insert.run())
            }
            // The same key again: ignored, so no row changed.
            insert.bind(0)
            insert.bind("again")
            insert.bind(Int64(0))
            insert.bind(0.0)
            insert.bind(blob)
            insert.bind([UInt8](blob))
            counts.append(try insert.run())
            return counts
        }
        #expect(changes == [1, 1, 1, 1, 0])
        // The text's bytes (read as a blob: GRDB reads text up to a NUL).
        let rows = try store.database.read { try Row.fetchAll($0, sql: "SELECT CAST(text AS BLOB), number, real, data, typeof(text), typeof(data), bytes, typeof(bytes) FROM sample ORDER BY key") }
        #expect(rows.map { ($0[0] as Data?) ?? Data() } == texts.map { Data($0.utf8) })
        #expect(rows.map { $0[1] as Int64 } == texts.indices.map { Int64.min + Int64($0) })
        #expect(rows.map { $0[2] as Double } == texts.indices.map { 0.1 * Double($0) })
        #expect(rows.map { $0[3] as Data } == [Data()] + Array(repeating: blob, count: texts.count - 1))
        // An empty text and an empty blob are values, not NULL.
        #expect(rows.map { $0[4] as String } == Array(repeating: "text", count: texts.count))
        #expect(rows.map { $0[5] as String } == Array(repeating: "blob", count: texts.count))
        #expect(rows.map { $0[6] as Data } == [Data()] + Array(repeating: blob, count: texts.count - 1), "bytes bind as a blob")
        #expect(rows.map { $0[7] as String } == Array(repeating: "blob", count: texts.count))
    }

    @Test("a commit's rows are written in key order, and rows with the same key keep their order (the later one wins)")
    func keyOrder() {
        let rows = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5), ("b", 6)]
        #expect(SQLiteStore.inOrder(rows, by: \.0).map(\.1) == [2, 5, 1, 3, 6, 4])
        #expect(SQLiteStore.inOrder([(String, Int)](), by: \.0).isEmpty)
    }

    @Test("the order of a commit's rows is the order of their keys as text, however much of them is shared")
    func keyOrderAgainstText() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["ins_", "0", "1", "9", "a", "f", "é", "🙂", "\u{0}", "z"]
        for _ in 0..<300 {
            let shared = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let keys = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                shared + (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            }
            let oracle = keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
            #expect(SQLiteStore.order(of: keys, by: { $0 }) == oracle, "\(keys)")
        }
    }

    @Test("a failing row throws SQLite's error, and the statement runs again afterwards")
    func errorsReachTheCaller() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try store.database.write { database in
            try database.execute(sql: "CREATE TABLE sample (key TEXT PRIMARY KEY)")
            var insert = DirectStatement(try database.cachedStatement(sql: "INSERT INTO sample VALUES (?)"), in: database)
            insert.bind("a")
            try insert.run()
            insert.bind("a")
            let error = #expect(throws: DatabaseError.self) { try insert.run() }
            #expect(error?.resultCode == .SQLITE_CONSTRAINT)
            #expect(error?.message?.contains("UNIQUE") == true)
            insert.bind("b")
            #expect(try insert.run() == 1)
        }
        #expect(try store.database.read { try String.fetchAll($0, sql: "SELECT key FROM sample ORDER BY key") } == ["a", "b"])
    }

    @Test("a query's columns read back what was written (text with a NUL, blobs, integers); a query run to its end runs again")
    func queriesReadBack() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let texts = ["", "Zoë 🙂", "a\u{0}b", String(repeating: "long text ", count: 500)]
        let rows: [(String, [UInt8], Int64, Bool)] = try store.database.write { database in
            try database.execute(sql: "CREATE TABLE sample (key INTEGER PRIMARY KEY, text TEXT, data BLOB, number INTEGER)")
            // Written as xi writes (GRDB would cut the text at its NUL).
            var insert = DirectStatement(try database.cachedStatement(sql: "INSERT INTO sample VALUES (?, ?, ?, ?)"), in: database)
            for (key, text) in texts.enumerated() {
                insert.bind(key)
                insert.bind(text)
                insert.bind([UInt8(key), 0, 255])
                insert.bind(Int64.min + Int64(key))
                try insert.run()
            }
            var query = DirectStatement(try database.cachedStatement(sql: "SELECT text, data, number FROM sample WHERE key >= ? ORDER BY key"), in: database)
            var rows: [(String, [UInt8], Int64, Bool)] = []
            for _ in 0..<2 {
                query.bind(1)
                while try query.step() { rows.append((query.text(0), query.bytes(1), query.integer(2), query.isText(0))) }
                query.reset()
            }
            return rows
        }
        let expected = (1..<texts.count).map { (texts[$0], [UInt8($0), 0, 255], Int64.min + Int64($0), true) }
        #expect(rows.count == 2 * expected.count)
        for (row, wanted) in zip(rows, expected + expected) {
            #expect(row.0 == wanted.0 && row.1 == wanted.1 && row.2 == wanted.2 && row.3)
        }
    }

    @Test("stored insights read by id come back encoded, binary or JSON as earlier versions stored them, and only those asked for")
    func encodedInsights() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var changes = StoreChanges()
        changes.insights = (0..<4).map { InsightRow(StoreEscalationTests.insight($0)) }
        try store.apply(changes)
        // An insight stored as JSON text, as versions before the binary document did.
        let json = String(decoding: try JSONEncoder().encode(StoreEscalationTests.insight(2)), as: UTF8.self)
        // (Migration 12 rewrites such documents as binary; the reader still takes text.)
        try store.database.write { database in
            try database.execute(sql: "INSERT INTO insight_document (sequence, data) VALUES (1000, ?)", arguments: [json])
            try database.execute(
                sql: "UPDATE insight SET document_chunk = 1000, document_offset = 0, document_length = ? WHERE id = 'ins_2'", arguments: [json.utf8.count])
        }
        var asked: [String] = []
        let found = try store.encodedInsights(ids: ["ins_3", "ins_0", "ins_2", "ins_9", "ins_1"]) { goal, subject, id in
            asked.append("\(id) \(goal) \(subject)")
            return id != "ins_1"
        }
        #expect(asked == ["ins_3 retention customer:C-3", "ins_0 retention customer:C-0", "ins_2 retention customer:C-2", "ins_1 retention customer:C-1"])
        #expect(found.keys.sorted() == ["ins_0", "ins_2", "ins_3"])
        for id in ["ins_0", "ins_2", "ins_3"] {
            let insight = try #require(try found[id]?.decode().insight)
            #expect(insight.id == id && insight.subject.id == "C-" + id.dropFirst(4) && insight.explanation == "because")
        }
        // A damaged document throws when decoded, not when read.
        try store.database.write { database in
            try database.execute(sql: "INSERT INTO insight_document (sequence, data) VALUES (1001, X'00')")
            try database.execute(sql: "UPDATE insight SET document_chunk = 1001, document_offset = 0, document_length = 1 WHERE id = 'ins_3'")
        }
        let damaged = try #require(try store.encodedInsights(ids: ["ins_3"]) { _, _, _ in true }["ins_3"])
        #expect(throws: (any Error).self) { _ = try damaged.decode() }
    }
}
