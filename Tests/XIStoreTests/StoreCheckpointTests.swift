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

    /// Frames in the WAL and frames already copied into the database, as a passive checkpoint
    /// on the store's writer finds them (it copies nothing the checkpoint before left).
    static func walFrames(of store: SQLiteStore) throws -> (log: Int, copied: Int) {
        try store.database.writeWithoutTransaction { database in
            let row = try Row.fetchOne(database, sql: "PRAGMA wal_checkpoint(PASSIVE)")!
            return (row[1], row[2])
        }
    }

    @Test("a checkpoint on a connection of its own copies the whole WAL while the store stays open")
    func ownConnection() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try store.deferCheckpoints()
        try Self.write(200, into: store, from: 0)
        // Read through another connection first: the writer's WAL stays as it is meanwhile.
        #expect(try store.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM filler") } == 200)
        try store.checkpointOnOwnConnection()
        // The writer's own checkpoint then finds every frame copied.
        let frames = try Self.walFrames(of: store)
        #expect(frames.log >= 400 && frames.copied == frames.log)
        // What was written still reads back, and the store goes on writing.
        try Self.write(1, into: store, from: 200)
        #expect(try store.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM filler WHERE length(payload) = 8192") } == 201)
    }

    @Test("a checkpoint of a store whose file is gone says which file")
    func ownConnectionFailure() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        try FileManager.default.removeItem(atPath: folder)
        #expect { try store.checkpointOnOwnConnection() } throws: { error in
            "\(error)".contains(store.path) && "\(error)".contains("cannot open")
        }
    }

    @Test("trailing checkpoints copy what is written while they run, and their last what came before finish")
    func trailing() async throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try store.deferCheckpoints()
        try Self.write(100, into: store, from: 0)
        let checkpoints = TrailingCheckpoints(store: store)
        for round in 1...5 {
            try Self.write(20, into: store, from: 100 * round)
            try await Task.sleep(for: .milliseconds(30))
        }
        try Self.write(20, into: store, from: 600)
        await checkpoints.finish()
        let frames = try Self.walFrames(of: store)
        #expect(frames.log > 0 && frames.copied == frames.log, "\(frames)")
        checkpoints.stop()
        #expect(try Self.rows(in: store) == 220)
    }

    static func rows(in store: SQLiteStore) throws -> Int? {
        try store.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM filler") }
    }
}
