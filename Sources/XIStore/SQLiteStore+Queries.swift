import Foundation
import GRDB
import XIExpression
import XIPluginAPI

extension SQLiteStore {
    /// Every stored profile document, by subject (`kind:id`).
    public func profiles() throws -> [(subject: String, document: String)] {
        try database.read { database in
            try Row.fetchAll(database, sql: "SELECT subject, document FROM profile").map { ($0["subject"], $0["document"]) }
        }
    }

    /// Every stored profile with the event time of its last update, in the order first stored.
    public func profilesWithTimes() throws -> [(subject: String, document: String, seconds: Int64)] {
        try database.read { database in
            try Row.fetchAll(database, sql: "SELECT subject, document, time_s FROM profile ORDER BY rowid").map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// What the outbox and the digests hold, per day (UTC, of event time) and audience: immediate
    /// deliveries by the day their insight opened, digests by the day their period starts.
    public func deliveriesByDay() throws -> [(day: String, audience: String, insights: Int, digests: Int)] {
        try database.read { database in
            try Row.fetchAll(database, sql: """
                SELECT day, audience, SUM(insights) AS insights, SUM(digests) AS digests FROM (
                    SELECT date(i.opened_s, 'unixepoch') AS day, o.audience AS audience, COUNT(*) AS insights, 0 AS digests
                    FROM outbox o JOIN insight i ON i.id = json_extract(o.insights, '$[0]')
                    WHERE o.kind = 'insight' GROUP BY day, o.audience
                    UNION ALL
                    SELECT substr(period, 1, 10) AS day, audience, 0 AS insights, COUNT(DISTINCT action || ' ' || period) AS digests
                    FROM digest_item GROUP BY day, audience)
                GROUP BY day, audience ORDER BY day, audience
                """).map { ($0["day"], $0["audience"], $0["insights"], $0["digests"]) }
        }
    }

    /// The memory of the detector of signal `detector`: subject (as `kind:id`) → document.
    public func detectorState(_ detector: String) throws -> [(subject: String, document: String)] {
        try database.read { database in
            try Row.fetchAll(database, sql: "SELECT subject, document FROM detector_state WHERE detector = ?", arguments: [detector])
                .map { ($0["subject"], $0["document"]) }
        }
    }

    /// Evidence no older than `since` (nil: all), for rebuilding windows when a run starts; with
    /// `including`, only that of the goals and subjects it takes.
    public func evidence(since: Int64?, including: ((_ goal: String, _ subject: Subject) -> Bool)? = nil) throws -> [EvidenceRow] {
        var rows: [EvidenceRow] = []
        try forEachEvidence(since: since, including: including) { rows.append($0) }
        return rows
    }

    /// ``evidence(since:including:)`` one row at a time, in the order stored: one chunk is read and
    /// decoded at a time, so a run restoring a million pieces of evidence does not hold them all
    /// (and their chunks) before its windows take them.
    public func forEachEvidence(
        since: Int64?, including: ((_ goal: String, _ subject: Subject) -> Bool)? = nil, _ body: (EvidenceRow) throws -> Void
    ) throws {
        let since = since ?? Int64.min
        try database.read { database in
            let blobs = try Data.fetchCursor(database, sql: "SELECT data FROM evidence_chunk WHERE maximum_s >= ? ORDER BY sequence", arguments: [since])
            while let blob = try blobs.next() {
                for row in try Self.decodeEvidence(Array(blob), including: including) where row.time.seconds >= since { try body(row) }
            }
        }
    }

    /// The latest evidence time, or nil when there is none.
    public func latestEvidenceTime() throws -> Int64? {
        try database.read { database in try Int64.fetchOne(database, sql: "SELECT MAX(maximum_s) FROM evidence_chunk") }
    }

    /// The `escalated` column of a query over `insight`: whether the row's id is among the
    /// escalated insights (`insight_escalation`, see migration 8).
    static let escalatedColumn = "EXISTS (SELECT 1 FROM insight_escalation WHERE insight_escalation.id = insight.id) AS escalated"

    /// Insights in the given states.
    public func insights(status: [InsightStatus]? = nil) throws -> [StoredInsight] {
        return try database.read { database in
            let rows: [Row]
            if let status {
                let list = status.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                rows = try Row.fetchAll(database, sql: "SELECT \(Self.documentColumn), \(Self.escalatedColumn) FROM insight WHERE status IN (\(list)) ORDER BY opened_s, id")
            } else {
                rows = try Row.fetchAll(database, sql: "SELECT \(Self.documentColumn), \(Self.escalatedColumn) FROM insight ORDER BY opened_s, id")
            }
            return try rows.map { row in
                return StoredInsight(insight: try Self.insight(from: row), escalated: row["escalated"])
            }
        }
    }

    /// Open and acknowledged insights of `goals` (nil: every goal) about `subjects` (`kind:id`;
    /// nil: every subject), oldest first. Their documents are as they stood when their row was
    /// last written (opened, priority or status changed): a run's engine makes the rest again from
    /// their evidence.
    public func unsettledInsights(goals: [String]? = nil, subjects: [String]? = nil) throws -> [StoredInsight] {
        var insights: [StoredInsight] = []
        try forEachUnsettledInsight(goals: goals, subjects: subjects) { insights.append($0) }
        return insights
    }

    /// ``unsettledInsights(goals:subjects:)`` one at a time, each decoded as it is read: a run
    /// restoring a hundred thousand open insights keeps only what it takes of each.
    public func forEachUnsettledInsight(goals: [String]? = nil, subjects: [String]? = nil, _ body: (StoredInsight) throws -> Void) throws {
        var conditions = ["status IN ('open', 'acknowledged')"]
        var arguments: [DatabaseValueConvertible] = []
        for (column, values) in [("goal", goals), ("subject", subjects)] {
            guard let values else { continue }
            conditions.append("\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
            arguments.append(contentsOf: values)
        }
        if goals?.isEmpty == true || subjects?.isEmpty == true { return }
        try database.read { database in
            let rows = try Row.fetchCursor(
                database, sql: "SELECT \(Self.documentColumn), \(Self.escalatedColumn) FROM insight WHERE \(conditions.joined(separator: " AND ")) ORDER BY opened_s, id",
                arguments: StatementArguments(arguments))
            while let row = try rows.next() {
                try body(StoredInsight(insight: try Self.insight(from: row), escalated: row["escalated"]))
            }
        }
    }

    /// Stored insights by id, in one read: each with its goal and subject, and its document
    /// decoded only when `decode` says so (the caller may know the insight better already).
    public func insights(ids: [String], decode: (_ goal: String, _ subject: String, _ id: String) -> Bool) throws -> [String: StoredInsight] {
        try encodedInsights(ids: ids, including: decode).mapValues { try $0.decode() }
    }

    /// ``insights(ids:decode:)`` with the documents left encoded, for the caller to decode (a
    /// digest decodes tens of thousands, on two threads); `including` says which to read.
    /// The rows are read first, then each chunk of documents once for all the documents it holds
    /// (a digest's insights opened around the same time, and their documents share chunks).
    public func encodedInsights(ids: [String], including: (_ goal: String, _ subject: String, _ id: String) -> Bool) throws -> [String: EncodedInsight] {
        try database.read { database in
            var wanted: [(id: String, chunk: Int64, offset: Int, length: Int, escalated: Bool)] = []
            wanted.reserveCapacity(ids.count)
            var statement = DirectStatement(
                try database.cachedStatement(
                    sql: "SELECT goal, subject, document_chunk, document_offset, document_length, \(Self.escalatedColumn) FROM insight WHERE id = ?"),
                in: database)
            defer { statement.reset() }
            for id in ids {
                statement.bind(id)
                guard try statement.step() else { continue }
                if including(statement.text(0), statement.text(1), id) {
                    wanted.append((id, statement.integer(2), Int(statement.integer(3)), Int(statement.integer(4)), statement.integer(5) != 0))
                }
                statement.reset()
            }
            wanted.sort { $0.chunk < $1.chunk }
            var found: [String: EncodedInsight] = [:]
            found.reserveCapacity(wanted.count)
            var chunkStatement = DirectStatement(try database.cachedStatement(sql: "SELECT data FROM insight_document WHERE sequence = ?"), in: database)
            defer { chunkStatement.reset() }
            var current: Int64?
            var chunk: [UInt8] = []
            var isText = false
            for entry in wanted {
                if entry.chunk != current {
                    current = entry.chunk
                    chunkStatement.bind(entry.chunk)
                    let stored = try chunkStatement.step()
                    (chunk, isText) = stored ? (chunkStatement.bytes(0), chunkStatement.isText(0)) : ([], false)
                    chunkStatement.reset()
                }
                // A row pointing past its chunk has a damaged document: it throws when decoded.
                let bytes = entry.offset >= 0 && entry.length >= 0 && entry.offset + entry.length <= chunk.count
                    ? Array(chunk[entry.offset..<entry.offset + entry.length]) : []
                found[entry.id] = EncodedInsight(document: isText ? .json(String(decoding: bytes, as: UTF8.self)) : .binary(bytes), escalated: entry.escalated)
            }
            return found
        }
    }

    /// The insight in a row's `document` column: binary, or JSON from before.
    static func insight(from row: Row) throws -> Insight {
        try insight(from: row["document"] as DatabaseValue)
    }

    /// The insight in a `document` value: binary, or JSON from before.
    static func insight(from value: DatabaseValue) throws -> Insight {
        switch value.storage {
        case .blob(let data): return try EncodedInsight.Document.binary(Array(data)).decode()
        case .string(let text): return try EncodedInsight.Document.json(text).decode()
        default: throw ChunkReader.Damaged(description: "stored insight has no document")
        }
    }

    /// One insight by id (or by an unambiguous prefix of it).
    public func insight(id: String) throws -> StoredInsight? {
        return try database.read { database in
            // The exact id (indexed); else an unambiguous prefix, as a person may type.
            var rows = try Row.fetchAll(database, sql: "SELECT \(Self.documentColumn), \(Self.escalatedColumn) FROM insight WHERE id = ?", arguments: [id])
            if rows.isEmpty {
                rows = try Row.fetchAll(database, sql: "SELECT \(Self.documentColumn), \(Self.escalatedColumn) FROM insight WHERE id >= ? AND id < ? LIMIT 2", arguments: [id, id + "\u{10FFFF}"])
            }
            guard rows.count == 1 else { return nil }
            let row = rows[0]
            return StoredInsight(insight: try Self.insight(from: row), escalated: row["escalated"])
        }
    }

    /// Stored events by id and time (the time finds the chunks that may hold each event).
    /// Events older than the longest goal window are no longer kept.
    public func events(_ wanted: [(id: String, time: TimestampValue)]) throws -> [StoredEvent] {
        guard !wanted.isEmpty else { return [] }
        let ids = Set(wanted.map(\.id))
        let seconds = Set(wanted.map(\.time.seconds))
        return try database.read { database in
            var found: [String: StoredEvent] = [:]
            let rows = try Row.fetchAll(database, sql: "SELECT minimum_s, maximum_s, data FROM event_chunk ORDER BY sequence")
            for row in rows {
                let minimum: Int64 = row["minimum_s"], maximum: Int64 = row["maximum_s"]
                guard seconds.contains(where: { $0 >= minimum && $0 <= maximum }) else { continue }
                for event in try EventLog.decode(Array(row["data"] as Data)) where ids.contains(event.id) && found[event.id] == nil {
                    found[event.id] = event
                }
            }
            return found.values.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        }
    }

    /// Changes an insight's status (acknowledge, resolve), recording it in its history.
    public func setStatus(_ status: InsightStatus, insight id: String, note: String) throws -> Bool {
        guard var stored = try insight(id: id) else { return false }
        stored.insight.status = status
        var changes = StoreChanges()
        changes.insights = [InsightRow(stored.insight)]
        changes.history = [(stored.insight.id, note)]
        try apply(changes)
        return true
    }

    /// Every KPI's stored days, oldest first.
    public func kpiDays() throws -> [KPIDay] {
        try database.read { database in
            try Row.fetchAll(database, sql: "SELECT goal, metric, day, count, total, low, high FROM kpi_day ORDER BY goal, metric, day").map { row in
                KPIDay(goal: row[0], metric: row[1], day: row[2], count: row[3], total: row[4], low: row[5], high: row[6])
            }
        }
    }

    /// The counts per day of a series (`source`: events per source; `signal`: evidence per
    /// `goal/signal`), oldest first.
    public func dailyCounts(_ series: String) throws -> [(key: String, day: Int64, count: Int)] {
        try database.read { database in
            try Row.fetchAll(database, sql: "SELECT key, day, count FROM daily_count WHERE series = ? ORDER BY day, key", arguments: [series])
                .map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// Insights opened per goal and day (since 1970-01-01, of event time).
    public func insightsOpenedByDay() throws -> [(goal: String, day: Int64, count: Int)] {
        try database.read { database in
            try Row.fetchAll(database, sql: "SELECT goal, opened_s / 86400 AS day, COUNT(*) FROM insight GROUP BY goal, day ORDER BY day")
                .map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// Insights per goal, status and priority.
    public func insightCounts() throws -> [(goal: String, status: String, priority: String, count: Int)] {
        try database.read { database in
            try Row.fetchAll(database, sql: "SELECT goal, status, priority, COUNT(*) FROM insight GROUP BY goal, status, priority")
                .map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }

    /// Records rejected per source, over every run.
    public func rejectedCounts() throws -> [String: Int] {
        try database.read { database in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(database, sql: "SELECT name, value FROM run_counter WHERE name LIKE 'rejected:%'") {
                let name: String = row[0]
                counts[String(name.dropFirst("rejected:".count))] = row[1]
            }
            return counts
        }
    }
}
