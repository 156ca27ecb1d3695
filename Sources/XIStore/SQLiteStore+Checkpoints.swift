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
}

/// The number of frames the writer's WAL held after its last commit (``SQLiteStore/deferCheckpoints()``).
/// Set by SQLite's WAL hook on the writer's thread, read by whoever asks for a checkpoint.
final class WALFrames: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func get() -> Int { lock.withLock { count } }

    func set(_ frames: Int) { lock.withLock { count = frames } }
}
