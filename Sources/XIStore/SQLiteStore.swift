import Foundation
import GRDB
import XIExpression
import XIPluginAPI

/// The embedded store: one SQLite file (WAL) in `.xi/` beside the configuration, holding the
/// events windows still need, profiles, evidence (both as chunks, see `SQLiteStore+Chunks.swift`),
/// insights and their histories (as chunks of lines, see `SQLiteStore+History.swift`), the
/// delivery outbox, digests and source checkpoints.
///
/// A group of batches' changes and the sources' checkpoints are written in one transaction
/// (``apply(_:)``), so a crash at any point loses nothing and duplicates nothing: the batches are
/// simply read again. Hot inserts use prepared statements.
public final class SQLiteStore: Sendable {
    let database: DatabasePool
    /// The database file.
    public let path: String
    /// The writer's WAL size after its last commit, once checkpoints are deferred (``deferCheckpoints()``).
    let walFrames = WALFrames()
    /// Chunks of documents written since the last collection (see SQLiteStore+Documents.swift).
    let documentChunks = DocumentChunkCount()

    /// Opens (creating if needed) the store at `path`.
    public init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        var configuration = Configuration()
        configuration.prepareDatabase { database in
            // WAL with NORMAL sync: a commit is durable against a crash of xi (the WAL is written
            // before the commit returns); a power cut may lose the last transactions, which the
            // checkpoints then read again. A larger page cache keeps index inserts off the disk.
            try database.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer's cache holds the insight table's hot pages (8 MB); readers (outbox
            // pages, digests, explain) need little, and each keeps its own cache (2 MB). Pages
            // that miss come from the system's file cache: at 1M events, caches of 16 and 4 MB
            // read 10 % less from it for no time one can measure, and held 9 MiB more at the peak.
            try database.execute(sql: database.configuration.readonly ? "PRAGMA cache_size = -2048" : "PRAGMA cache_size = -8192")
            // Checkpoint the WAL into the database every 64 MB rather than every 4 MB: a page
            // changed by several commits in between (the insight table's) is copied once.
            try database.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
            try database.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        configuration.maximumReaderCount = 2
        database = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1") { database in
            try database.execute(sql: """
                CREATE TABLE checkpoint (source TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE profile (subject TEXT PRIMARY KEY, document TEXT NOT NULL, time_s INTEGER NOT NULL);
                CREATE TABLE event (id TEXT PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
                    time_s INTEGER NOT NULL, time_ns INTEGER NOT NULL, position TEXT NOT NULL, document TEXT NOT NULL);
                CREATE TABLE evidence (key INTEGER PRIMARY KEY, goal TEXT NOT NULL, subject TEXT NOT NULL, signal TEXT NOT NULL,
                    event TEXT NOT NULL, time_s INTEGER NOT NULL, time_ns INTEGER NOT NULL, weight REAL NOT NULL);
                CREATE TABLE insight (id TEXT PRIMARY KEY, goal TEXT NOT NULL, subject TEXT NOT NULL, status TEXT NOT NULL,
                    priority TEXT NOT NULL, opened_s INTEGER NOT NULL, updated_s INTEGER NOT NULL, escalated INTEGER NOT NULL DEFAULT 0,
                    document TEXT NOT NULL);
                CREATE INDEX insight_status ON insight (status);
                CREATE TABLE insight_history (insight TEXT NOT NULL, sequence INTEGER NOT NULL, change TEXT NOT NULL, document TEXT NOT NULL,
                    PRIMARY KEY (insight, sequence));
                CREATE TABLE outbox (id TEXT PRIMARY KEY, audience TEXT NOT NULL, action TEXT NOT NULL, kind TEXT NOT NULL,
                    insights TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT, created_sequence INTEGER NOT NULL, delivered_at TEXT);
                CREATE INDEX outbox_status ON outbox (status, created_sequence);
                CREATE TABLE digest_item (audience TEXT NOT NULL, action TEXT NOT NULL, period TEXT NOT NULL, insight TEXT NOT NULL,
                    flushed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (audience, action, period, insight));
                CREATE TABLE run_counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                """)
        }
        migrator.registerMigration("2") { database in
            // Evidence and events as chunks (see SQLiteStore+Chunks.swift). Stores made before
            // this had no release; their evidence and events are dropped, insights and the outbox kept.
            // Insight rows are kept in the order they were opened, found by id through a small index:
            // new insights append and updates touch recent pages, where random ids as the table's
            // key made every commit rewrite pages all over the table.
            try database.execute(sql: """
                DROP TABLE evidence;
                DROP TABLE event;
                CREATE TABLE evidence_chunk (sequence INTEGER PRIMARY KEY, minimum_s INTEGER NOT NULL, maximum_s INTEGER NOT NULL,
                    count INTEGER NOT NULL, data BLOB NOT NULL);
                CREATE INDEX evidence_chunk_maximum ON evidence_chunk (maximum_s);
                CREATE TABLE event_chunk (sequence INTEGER PRIMARY KEY, minimum_s INTEGER NOT NULL, maximum_s INTEGER NOT NULL,
                    count INTEGER NOT NULL, data BLOB NOT NULL);
                CREATE INDEX event_chunk_maximum ON event_chunk (maximum_s);
                CREATE TABLE insight_by_id (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, goal TEXT NOT NULL, subject TEXT NOT NULL,
                    status TEXT NOT NULL, priority TEXT NOT NULL, opened_s INTEGER NOT NULL, updated_s INTEGER NOT NULL,
                    escalated INTEGER NOT NULL DEFAULT 0, document TEXT NOT NULL);
                INSERT INTO insight_by_id (id, goal, subject, status, priority, opened_s, updated_s, escalated, document)
                    SELECT id, goal, subject, status, priority, opened_s, updated_s, escalated, document FROM insight ORDER BY opened_s;
                DROP TABLE insight;
                ALTER TABLE insight_by_id RENAME TO insight;
                CREATE INDEX insight_status ON insight (status);
                """)
        }
        migrator.registerMigration("3") { database in
            // Detectors' memory per subject (repeat contact, baselines), committed with the batches.
            try database.execute(sql: """
                CREATE TABLE detector_state (detector TEXT NOT NULL, subject TEXT NOT NULL, document TEXT NOT NULL,
                    PRIMARY KEY (detector, subject)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("4") { database in
            // KPI tallies per goal, metric and day of event time, added to by each commit.
            try database.execute(sql: """
                CREATE TABLE kpi_day (goal TEXT NOT NULL, metric TEXT NOT NULL, day INTEGER NOT NULL,
                    count REAL NOT NULL, total REAL NOT NULL, low REAL NOT NULL, high REAL NOT NULL,
                    PRIMARY KEY (goal, metric, day)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("5") { database in
            // Counts per day of event time for reports: events per source ("source", source name)
            // and evidence per goal and signal ("signal", "goal/signal"), added to by each commit.
            try database.execute(sql: """
                CREATE TABLE daily_count (series TEXT NOT NULL, key TEXT NOT NULL, day INTEGER NOT NULL, count INTEGER NOT NULL,
                    PRIMARY KEY (series, key, day)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("6") { database in
            // People acknowledging and resolving insights (`xi ack`, `xi resolve`), in wall time.
            try database.execute(sql: """
                CREATE TABLE insight_status_change (insight TEXT NOT NULL, status TEXT NOT NULL, at_s REAL NOT NULL, by TEXT, note TEXT);
                CREATE INDEX insight_status_change_insight ON insight_status_change (insight);
                """)
        }
        migrator.registerMigration("7") { database in
            // Ids of the events read from sources that may send an event again in a later run
            // (external plugins, Singer taps replaying from their bookmark), so a replay adds nothing.
            try database.execute(sql: """
                CREATE TABLE seen_event (source TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (source, id)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("8") { database in
            // Escalated insights by id, in a narrow table of their own: flagging the insight's row
            // rewrote a wide row (its document) on a page all over the table for every escalation,
            // about 1.5 times the cost of adding an id here, where ids arrive nearly in order.
            try database.execute(sql: """
                CREATE TABLE insight_escalation (id TEXT PRIMARY KEY) WITHOUT ROWID;
                INSERT INTO insight_escalation (id) SELECT id FROM insight WHERE escalated = 1 ORDER BY id;
                ALTER TABLE insight DROP COLUMN escalated;
                """)
        }
        migrator.registerMigration("9") { database in
            // A digest that is sent notes how far it went (the last item's sequence, per
            // audience, action and period), instead of flagging each of its items: a run's
            // digests flagged every item of the day, in a transaction per digest, and so wrote the
            // item table's pages to the WAL again and again (25 MB at 1M events). Items are only
            // ever added, numbered in the order they were added (an INTEGER PRIMARY KEY, which
            // VACUUM keeps, where it may renumber a plain rowid), and a digest took every item of
            // its period, so the largest flagged sequence of each period is where its digests went.
            try database.execute(sql: """
                CREATE TABLE digest_item_numbered (sequence INTEGER PRIMARY KEY, audience TEXT NOT NULL, action TEXT NOT NULL,
                    period TEXT NOT NULL, insight TEXT NOT NULL, UNIQUE (audience, action, period, insight));
                INSERT INTO digest_item_numbered (sequence, audience, action, period, insight)
                    SELECT rowid, audience, action, period, insight FROM digest_item ORDER BY rowid;
                CREATE TABLE digest_flush (audience TEXT NOT NULL, action TEXT NOT NULL, period TEXT NOT NULL, through INTEGER NOT NULL,
                    PRIMARY KEY (audience, action, period)) WITHOUT ROWID;
                INSERT INTO digest_flush (audience, action, period, through)
                    SELECT audience, action, period, MAX(rowid) FROM digest_item WHERE flushed = 1 GROUP BY audience, action, period;
                DROP TABLE digest_item;
                ALTER TABLE digest_item_numbered RENAME TO digest_item;
                """)
        }
        migrator.registerMigration("10") { database in
            // Deliveries' bodies in a table of their own, by the outbox row's sequence: a receipt
            // rewrote the whole row, body and all (a few hundred bytes to a megabyte), so each
            // delivery's body went to the WAL twice. The outbox row a receipt rewrites is now a
            // hundred bytes or so: at 1M events a run writes 1,740 MB to its store instead of 2,026.
            try database.execute(sql: """
                CREATE TABLE outbox_body (sequence INTEGER PRIMARY KEY, body TEXT NOT NULL);
                INSERT INTO outbox_body (sequence, body) SELECT created_sequence, body FROM outbox ORDER BY created_sequence;
                ALTER TABLE outbox DROP COLUMN body;
                """)
        }
        migrator.registerMigration("11") { database in
            // Insights' histories as chunks of lines, one per commit, as evidence is (see
            // SQLiteStore+History.swift): the rows of `insight_history`, each with its unique
            // index entry and its sequence looked up, took a fifth of the writer at 1M events.
            // The rows there move into chunks in the order they were written (rowid), which keeps
            // each insight's lines in order; the documents they held (empty since the insight
            // table keeps the current one) are dropped.
            try database.execute(sql: """
                CREATE TABLE history_chunk (sequence INTEGER PRIMARY KEY, first_insight TEXT NOT NULL, last_insight TEXT NOT NULL,
                    count INTEGER NOT NULL, data BLOB NOT NULL);
                CREATE INDEX history_chunk_last ON history_chunk (last_insight);
                """)
            let rows = try Row.fetchCursor(database, sql: "SELECT insight, change FROM insight_history ORDER BY rowid")
            var lines: [(insight: String, change: String)] = []
            while let row = try rows.next() {
                lines.append((row[0], row[1]))
                if lines.count == 65_536 {
                    try insertHistory(lines, database)
                    lines = []
                }
            }
            try insertHistory(lines, database)
            try database.execute(sql: "DROP TABLE insight_history")
        }
        migrator.registerMigration("12") { database in
            // Insights' documents in chunks of their own, the rows narrow (see
            // SQLiteStore+Documents.swift). Rows keep their number and order; documents stored as
            // JSON by earlier versions are written as binary documents. The index on status goes:
            // every insight opened or expired changed it (10,000 pages to the WAL at 1M events),
            // and what reads by status (a run's start, listings) reads the narrow rows as fast.
            try database.execute(sql: """
                CREATE TABLE insight_document (sequence INTEGER PRIMARY KEY, data BLOB NOT NULL);
                CREATE INDEX insight_document_sequence ON insight_document (sequence);
                CREATE TABLE insight_narrow (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, goal TEXT NOT NULL, subject TEXT NOT NULL,
                    status TEXT NOT NULL, priority TEXT NOT NULL, opened_s INTEGER NOT NULL, updated_s INTEGER NOT NULL,
                    document_chunk INTEGER NOT NULL, document_offset INTEGER NOT NULL, document_length INTEGER NOT NULL);
                """)
            var documents = try DocumentChunkWriter(database)
            var insert = DirectStatement(try database.cachedStatement(sql: """
                INSERT INTO insight_narrow (row, id, goal, subject, status, priority, opened_s, updated_s, document_chunk, document_offset, document_length)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """), in: database)
            let rows = try Row.fetchCursor(database, sql: "SELECT row, id, goal, subject, status, priority, opened_s, updated_s, document FROM insight ORDER BY row")
            var moved = 0
            while let row = try rows.next() {
                // The closed chunks go in every few thousand rows, not all held until the end.
                moved += 1
                if moved % 8_192 == 0 { try documents.write() }
                let bytes: [UInt8]
                switch (row["document"] as DatabaseValue).storage {
                case .blob(let data): bytes = Array(data)
                default: bytes = InsightDocument.encode(try insight(from: row))
                }
                let place = documents.add(bytes)
                insert.bind(row["row"] as Int64)
                for column in ["id", "goal", "subject", "status", "priority"] { insert.bind(row[column] as String) }
                insert.bind(row["opened_s"] as Int64)
                insert.bind(row["updated_s"] as Int64)
                insert.bind(place.chunk)
                insert.bind(place.offset)
                insert.bind(place.length)
                try insert.run()
            }
            documents.finish()
            try documents.write()
            try database.execute(sql: """
                DROP TABLE insight;
                ALTER TABLE insight_narrow RENAME TO insight;
                """)
        }
        return migrator
    }
}
