import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
    /// How many WAL frames (pages) gather before ``checkpointIfDue(atFrames:)`` copies them into the
    /// database: 64 MB of 4 KB pages, as the automatic checkpoint of other connections.
    public static let checkpointFrames = 16_384

    /// Leaves checkpoints to ``checkpointIfDue(atFrames:)`` on the writer's connection, for a run that
    /// writes commit after commit: SQLite's automatic checkpoint runs inside the COMMIT that
    /// passes the threshold, so whoever waits for that commit also waits for the checkpoint
    /// (its copy of 64 MB and two syncs, about 0.3 s). Called this way, the commit is answered
    /// first, and the checkpoint runs while the next one is made. For as long as the store is
    /// open: whoever defers checkpoints calls ``checkpointIfDue(atFrames:)`` after its commits.
    /// What is left in the WAL at the end is safe there: SQLite copies it when the last
    /// connection closes, or the next writer does (a checkpoint at the end of a run would make
    /// the run wait for it).
    public func deferCheckpoints() throws {
        try database.writeWithoutTransaction { database in
            // A WAL hook replaces SQLite's automatic checkpoint on this connection: it only
            // notes how many frames the WAL holds after each commit.
            _ = sqlite3_wal_hook(database.sqliteConnection, { context, _, _, frames in
                guard let context else { return SQLITE_OK }
                Unmanaged<WALFrames>.fromOpaque(context).takeUnretainedValue().set(Int(frames))
                return SQLITE_OK
            }, Unmanaged.passUnretained(walFrames).toOpaque())
        }
    }

    /// Copies the WAL into the database when it holds `frames` or more (after
    /// ``deferCheckpoints()``); a passive checkpoint, which never waits for readers. Returns
    /// whether one ran.
    @discardableResult
    public func checkpointIfDue(atFrames frames: Int = checkpointFrames) throws -> Bool {
        guard walFrames.get() >= frames else { return false }
        try database.writeWithoutTransaction { database in
            _ = try database.checkpoint(.passive)
        }
        walFrames.set(0)
        return true
    }

    /// Copies everything the WAL holds into the database on a connection of its own (a passive
    /// checkpoint), so the store's writer goes on committing meanwhile. ``TrailingCheckpoints``
    /// call it from a run's last commit to its end, while the digests are made: when the store
    /// closes, SQLite copies what is left in the WAL and waits for the disk, and that is then only
    /// what came after the last of them. Throws
    /// SQLite's message when the store cannot be opened or the copy fails; another checkpoint
    /// under way is not a failure (it copies the same frames).
    public func checkpointOnOwnConnection() throws {
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let connection else {
            throw DatabaseError(message: "cannot open \(path) for a checkpoint: " + (connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"))
        }
        // As the store's own connections: the WAL is synced before it is copied.
        sqlite3_exec(connection, "PRAGMA synchronous = NORMAL", nil, nil, nil)
        let code = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        if code != SQLITE_OK && code != SQLITE_BUSY {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "checkpoint of \(path) failed: " + String(cString: sqlite3_errmsg(connection)))
        }
    }
}

/// The number of frames the writer's WAL held after its last commit (``SQLiteStore/deferCheckpoints()``).
/// Set by SQLite's WAL hook on the writer's thread, read by whoever asks for a checkpoint.
final class WALFrames: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func get() -> Int { lock.withLock { count } }

    func set(_ frames: Int) { lock.withLock { count = frames } }
}
