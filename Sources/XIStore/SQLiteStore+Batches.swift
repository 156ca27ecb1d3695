import Foundation
import GRDB
import XIExpression
import XIPluginAPI

extension SQLiteStore {
    /// The checkpoint stored for `source`, or nil when it was never read.
    public func checkpoint(source: String) throws -> SourceCheckpoint? {
        try database.read { database in
            try String.fetchOne(database, sql: "SELECT value FROM checkpoint WHERE source = ?", arguments: [source])
                .map(SourceCheckpoint.init)
        }
    }

    /// The ids of the events already read from `source` (kept only for sources that may repeat events).
    public func seenEventIDs(source: String) throws -> Set<String> {
        try database.read { database in
            Set(try String.fetchAll(database, sql: "SELECT id FROM seen_event WHERE source = ?", arguments: [source]))
        }
    }

    /// Writes a group of batches' changes and the sources' checkpoints in a single transaction.
    /// Returns the positions in `changes.deliveries` of the deliveries new to the outbox (one
    /// whose key is there already — the same input read again — is left as it is).
    @discardableResult
    public func apply(_ changes: StoreChanges) throws -> [Int] {
        var changes = changes
        return try apply(releasing: &changes)
    }

    /// Writes like ``apply(_:)``, emptying each part of `changes` once it is written (the chunks,
    /// the insight rows, the history): when `changes` holds the only reference to them, a large
    /// commit's buffers are freed while the rest of its transaction is written, instead of
    /// living on beside the next commit's. (`changes` is left empty but for its deliveries.)
    @discardableResult
    public func apply(releasing changes: inout StoreChanges) throws -> [Int] {
        var inserted: [Int] = []
        try database.write { database in
            try Self.insertChunk(taking: &changes.events.writer, into: "event_chunk", database)
            changes.events = EventLog()
            if !changes.profiles.isEmpty {
                let statement = try database.cachedStatement(sql: """
                    INSERT INTO profile (subject, document, time_s) VALUES (?, ?, ?)
                    ON CONFLICT (subject) DO UPDATE SET document = excluded.document, time_s = excluded.time_s
                    """)
                var direct = DirectStatement(statement, in: database)
                for profile in changes.profiles {
                    direct.bind(profile.subject)
                    direct.bind(profile.document)
                    direct.bind(profile.time.seconds)
                    try direct.run()
                }
            }
            try Self.insertChunk(taking: &changes.evidence.writer, into: "evidence_chunk", database)
            changes.evidence = EvidenceLog()
            if let before = changes.forgetBefore {
                try database.execute(sql: "DELETE FROM evidence_chunk WHERE maximum_s < ?", arguments: [before])
                try database.execute(sql: "DELETE FROM event_chunk WHERE maximum_s < ?", arguments: [before])
            }
            let insightStatement = try database.cachedStatement(sql: """
                    INSERT INTO insight (id, goal, subject, status, priority, opened_s, updated_s, document_chunk, document_offset, document_length)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status, priority = excluded.priority, updated_s = excluded.updated_s,
                        document_chunk = excluded.document_chunk, document_offset = excluded.document_offset,
                        document_length = excluded.document_length
                    """)
            // In id order (ids start with the opening time, as the table's rows are ordered):
            // each statement then finds its pages near the last one's, about a quarter faster
            // than in the order insights changed. Ties keep their order: the later row wins.
            // The documents go to chunks of their own, in the same order, written at the end of
            // the transaction (SQLiteStore+Documents.swift).
            var insight = DirectStatement(insightStatement, in: database)
            var documents = try DocumentChunkWriter(database)
            // Each row's document moves into its chunk, which is freed once written.
            for index in Self.order(of: changes.insights, by: { $0.id }) {
                // Bound straight from the array's element: a copy of the row would retain each field.
                let place = documents.add(changes.insights[index].takeDocument())
                insight.bind(changes.insights[index].id)
                insight.bind(changes.insights[index].goal)
                insight.bind(changes.insights[index].subject)
                insight.bind(changes.insights[index].status)
                insight.bind(changes.insights[index].priority)
                insight.bind(changes.insights[index].openedSeconds)
                insight.bind(changes.insights[index].updatedSeconds)
                insight.bind(place.chunk)
                insight.bind(place.offset)
                insight.bind(place.length)
                try insight.run()
            }
            documents.finish()
            changes.insights = []
            // History lines hold the change in words, in one chunk (see SQLiteStore+History.swift);
            // the current document is the one the insight's row points to.
            try Self.insertHistory(changes.history, database)
            changes.history = []
            var escalated = DirectStatement(try database.cachedStatement(sql: "INSERT OR IGNORE INTO insight_escalation (id) VALUES (?)"), in: database)
            for id in Self.inOrder(changes.escalated, by: { $0 }) {
                escalated.bind(id)
                try escalated.run()
            }
            if !changes.deliveries.isEmpty {
                var sequence = try Self.lastOutboxSequence(database)
                let statement = try database.cachedStatement(sql: """
                    INSERT OR IGNORE INTO outbox (id, audience, action, kind, insights, status, created_sequence)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?)
                    """)
                var direct = DirectStatement(statement, in: database)
                var body = DirectStatement(try database.cachedStatement(sql: Self.insertBodySQL), in: database)
                // Read in place: a copy of each delivery retained and released its six fields.
                try changes.deliveries.withUnsafeBufferPointer { deliveries in
                    for position in deliveries.indices {
                        sequence += 1
                        direct.bind(deliveries[position].id)
                        direct.bind(deliveries[position].audience)
                        direct.bind(deliveries[position].action)
                        direct.bind(deliveries[position].kind.rawValue)
                        direct.bind(Self.list(deliveries[position].insights))
                        direct.bind(sequence)
                        guard try direct.run() > 0 else { continue }
                        inserted.append(position)
                        body.bind(sequence)
                        body.bind(deliveries[position].body)
                        try body.run()
                    }
                }
            }
            if !changes.digestItems.isEmpty {
                let statement = try database.cachedStatement(sql: """
                    INSERT OR IGNORE INTO digest_item (audience, action, period, insight) VALUES (?, ?, ?, ?)
                    """)
                var direct = DirectStatement(statement, in: database)
                for item in changes.digestItems {
                    direct.bind(item.audience)
                    direct.bind(item.action)
                    direct.bind(item.period)
                    direct.bind(item.insight)
                    try direct.run()
                }
            }
            for (source, count) in changes.rejectedCounts.sorted(by: { $0.key < $1.key }) where count > 0 {
                try database.execute(sql: """
                    INSERT INTO run_counter (name, value) VALUES (?, ?)
                    ON CONFLICT (name) DO UPDATE SET value = value + excluded.value
                    """, arguments: ["rejected:" + source, count])
            }
            if !changes.detectorStates.isEmpty {
                let upsert = try database.cachedStatement(sql: """
                    INSERT INTO detector_state (detector, subject, document) VALUES (?, ?, ?)
                    ON CONFLICT (detector, subject) DO UPDATE SET document = excluded.document
                    """)
                let delete = try database.cachedStatement(sql: "DELETE FROM detector_state WHERE detector = ? AND subject = ?")
                for state in changes.detectorStates {
                    if let document = state.document {
                        try upsert.execute(arguments: [state.detector, state.subject.description, document])
                    } else {
                        try delete.execute(arguments: [state.detector, state.subject.description])
                    }
                }
            }
            if !changes.kpiDays.isEmpty {
                let add = try database.cachedStatement(sql: """
                    INSERT INTO kpi_day (goal, metric, day, count, total, low, high) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (goal, metric, day) DO UPDATE SET count = count + excluded.count, total = total + excluded.total,
                        low = low + excluded.low, high = high + excluded.high
                    """)
                for day in changes.kpiDays {
                    try add.execute(arguments: [day.goal, day.metric, day.day, day.count, day.total, day.low, day.high])
                }
            }
            if !changes.dailyCounts.isEmpty {
                let add = try database.cachedStatement(sql: """
                    INSERT INTO daily_count (series, key, day, count) VALUES (?, ?, ?, ?)
                    ON CONFLICT (series, key, day) DO UPDATE SET count = count + excluded.count
                    """)
                for entry in changes.dailyCounts { try add.execute(arguments: [entry.series, entry.key, entry.day, entry.count]) }
            }
            if !changes.seenEvents.isEmpty {
                let remember = try database.cachedStatement(sql: "INSERT OR IGNORE INTO seen_event (source, id) VALUES (?, ?)")
                var direct = DirectStatement(remember, in: database)
                for (source, ids) in changes.seenEvents {
                    for id in ids {
                        direct.bind(source)
                        direct.bind(id)
                        try direct.run()
                    }
                }
            }
            for (source, checkpoint) in changes.checkpoints.sorted(by: { $0.key < $1.key }) {
                try database.execute(sql: """
                    INSERT INTO checkpoint (source, value) VALUES (?, ?)
                    ON CONFLICT (source) DO UPDATE SET value = excluded.value
                    """, arguments: [source, checkpoint.value])
            }
            // The documents' chunks last (see DocumentChunkWriter).
            try documents.write()
            if documentChunks.add(documents.written) { try Self.collectDocuments(database) }
        }
        return inserted
    }

    /// `rows` sorted by `key`, rows with the same key in their order: written in key order, rows
    /// find their B-tree pages near the previous row's.
    static func inOrder<Row>(_ rows: [Row], by key: (Row) -> String) -> [Row] {
        order(of: rows, by: key).map { rows[$0] }
    }

    /// The positions of `rows` in the order ``inOrder(_:by:)`` gives.
    /// The keys are taken out once: comparing rows through `key` copied both rows (a retain of
    /// each of their fields) at every comparison.
    static func order<Row>(of rows: [Row], by key: (Row) -> String) -> [Int] {
        // Compared by eight bytes as a number — those after the prefix every key shares (the ids
        // of a commit share `ins_` and the start of their time) — and then, rarely, as text.
        let keys = rows.map(key)
        var shared = keys.first.map { $0.utf8.count } ?? 0
        for text in keys.dropFirst() where shared > 0 {
            // Counted in place (`prefix(while:)` on the zipped views made an array of pairs per key).
            var same = 0
            for (first, other) in zip(keys[0].utf8, text.utf8) {
                guard same < shared, first == other else { break }
                same += 1
            }
            shared = same
        }
        var keyed = keys.enumerated().map { position, text in
            var number: UInt64 = 0
            var length = 0
            for byte in text.utf8.dropFirst(shared).prefix(8) {
                number = number << 8 | UInt64(byte)
                length += 1
            }
            return (number: length == 0 ? 0 : number << (8 * UInt64(8 - length)), key: text, position: position)
        }
        keyed.sort { left, right in
            if left.number != right.number { return left.number < right.number }
            return (left.key, left.position) < (right.key, right.position)
        }
        return keyed.map(\.position)
    }

    /// Insight ids as the outbox keeps them: a JSON array of strings.
    static func list(_ ids: [String]) -> String {
        var text = "["
        for (index, id) in ids.enumerated() {
            if index > 0 { text += "," }
            JSONText.appendQuoted(id, to: &text)
        }
        return text + "]"
    }

    /// Adds one chunk (when it has rows), emptying `chunk` once written: a commit's chunk is
    /// megabytes, freed before the rest of the transaction is written.
    static func insertChunk(taking chunk: inout ChunkWriter, into table: String, _ database: Database) throws {
        guard !chunk.isEmpty else { return }
        // Bound where it is, header and all (``ChunkWriter/withEncoded(_:)``): a chunk is
        // megabytes, which a copy behind its header, or GRDB's arguments, would copy again.
        var insert = DirectStatement(
            try database.cachedStatement(sql: "INSERT INTO \(table) (minimum_s, maximum_s, count, data) VALUES (?, ?, ?, ?)"), in: database)
        insert.bind(chunk.minimumSeconds)
        insert.bind(chunk.maximumSeconds)
        insert.bind(chunk.count)
        try chunk.withEncoded { try insert.run(lastBlob: $0) }
        chunk = ChunkWriter()
    }

    /// Adds a delivery's body, by its outbox row's sequence (see migration 10).
    static let insertBodySQL = "INSERT INTO outbox_body (sequence, body) VALUES (?, ?)"

    /// ``insertBodySQL`` for one body.
    static func insertBody(_ text: String, sequence: Int, _ database: Database) throws {
        var body = DirectStatement(try database.cachedStatement(sql: insertBodySQL), in: database)
        body.bind(sequence)
        body.bind(text)
        try body.run()
    }

    /// The outbox's latest creation sequence: the newest row's (rowids only grow, so this is one
    /// index step rather than a scan).
    static func lastOutboxSequence(_ database: Database) throws -> Int {
        try Int.fetchOne(database, sql: "SELECT created_sequence FROM outbox ORDER BY rowid DESC LIMIT 1") ?? 0
    }
}
