import Foundation
import GRDB
import Testing
@testable import XIStore

/// Deferred checkpoints: once a run defers them, commits no longer checkpoint by themselves; the
/// WAL grows until ``SQLiteStore/checkpointIfDue(atFrames:)`` copies it into the database, and
/// what was written reads back the same before and after.
@Suite("store checkpoints")
struct StoreCheckpointTests {
    /// Writes `rows` rows of 8 KB each (two or three pages a row) in one transaction.
    static func write(_ rows: Int, into store: SQLiteStore, from start: Int) throws {
        try store.database.write { database in
            try database.execute(sql: "CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, payload BLOB)")
            for id in start..<(start + rows) {
                try database.execute(sql: "INSERT INTO filler (id, payload) VALUES (?, ?)", arguments: [id, Data(repeating: UInt8(id % 256), count: 8_192)])
            }
        }
    }

    @Test("commits leave the WAL to the caller, who copies it once it holds enough frames")
    func deferred() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try store.deferCheckpoints()
        try Self.write(200, into: store, from: 0)
        // Not due below the threshold: nothing is copied.
        #expect(try store.checkpointIfDue(atFrames: 1_000_000) == false)
        #expect(try store.checkpointIfDue(atFrames: 400))
        // Copied whole: the next commit starts the WAL over, so the hook counts only its frames.
        try Self.write(1, into: store, from: 200)
        #expect(try store.checkpointIfDue(atFrames: 400) == false)
        let count = try store.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM filler WHERE length(payload) = 8192") }
        #expect(count == 201)
    }

    @Test("without deferring, SQLite checkpoints by itself and nothing is ever due")
    func automatic() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.write(200, into: store, from: 0)
        #expect(try store.checkpointIfDue(atFrames: 1) == false, "no hook counts frames")
    }
}
