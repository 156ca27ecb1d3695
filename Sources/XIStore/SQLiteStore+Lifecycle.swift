import Foundation
import GRDB
import XIPluginAPI

/// What became of one insight a person acknowledged or resolved.
public struct StatusChange: Sendable, Equatable {
    /// The insight's id (the full id, when a prefix was given).
    public var id: String
    /// Its status before, when it was found.
    public var from: InsightStatus?
    /// Why it was not changed; nil when it was.
    public var problem: String?
}

extension SQLiteStore {
    /// Acknowledges or resolves insights (ids or unambiguous prefixes) at `date`, by `person`, with
    /// an optional note: the status, the document and the history change in one transaction. An
    /// insight moves open → acknowledged → resolved (or open → resolved); anything else is
    /// reported, not changed.
    ///
    /// `current` holds open and acknowledged insights as they stand now, by id: the stored row of
    /// such an insight holds its document as of its last change of priority or status (a run does
    /// not rewrite it for each new piece of evidence), so the runtime makes it again from its
    /// evidence (``SQLiteStore/unsettledInsights(goals:subjects:)``). An insight missing there is
    /// changed as stored.
    public func changeStatus(
        of ids: [String], to status: InsightStatus, by person: String?, note: String?, at date: Date = Date(), current: [String: Insight] = [:]
    ) throws -> [StatusChange] {
        precondition(status == .acknowledged || status == .resolved, "people acknowledge or resolve insights")
        return try database.write { database in
            var results: [StatusChange] = []
            // The history lines of every change, written as one chunk at the end.
            var history: [(insight: String, change: String)] = []
            var documents = try DocumentChunkWriter(database)
            for given in ids {
                var rows = try Row.fetchAll(database, sql: "SELECT id, \(Self.documentColumn) FROM insight WHERE id = ?", arguments: [given])
                if rows.isEmpty {
                    rows = try Row.fetchAll(
                        database, sql: "SELECT id, \(Self.documentColumn) FROM insight WHERE id >= ? AND id < ? LIMIT 2", arguments: [given, given + "\u{10FFFF}"])
                }
                guard rows.count == 1 else {
                    results.append(StatusChange(id: given, from: nil, problem: rows.isEmpty ? "no insight has this id" : "more than one insight starts with this; give more of the id"))
                    continue
                }
                let stored = try Self.insight(from: rows[0]["document"] as DatabaseValue)
                var insight = current[stored.id].flatMap { $0.status == stored.status ? $0 : nil } ?? stored
                let from = insight.status
                let allowed = from == .open || (from == .acknowledged && status == .resolved)
                guard allowed else {
                    results.append(StatusChange(id: insight.id, from: from, problem: from == status ? "it is \(from.rawValue) already" : "it is \(from.rawValue); only open or acknowledged insights can be \(status.rawValue)"))
                    continue
                }
                insight.status = status
                // A chunk of its own, written now: the same id given twice reads this document back.
                let place = documents.add(InsightDocument.encode(insight))
                documents.finish()
                try documents.write()
                try database.execute(
                    sql: "UPDATE insight SET status = ?, priority = ?, updated_s = ?, document_chunk = ?, document_offset = ?, document_length = ? WHERE id = ?",
                    arguments: [status.rawValue, insight.priority, insight.updatedAt.seconds, place.chunk, place.offset, place.length, insight.id])
                var change = status.rawValue
                if let person { change += " by \(person)" }
                if let note, !note.isEmpty { change += ": \(note)" }
                history.append((insight.id, change))
                try database.execute(
                    sql: "INSERT INTO insight_status_change (insight, status, at_s, by, note) VALUES (?, ?, ?, ?, ?)",
                    arguments: [insight.id, status.rawValue, date.timeIntervalSince1970, person, note])
                results.append(StatusChange(id: insight.id, from: from, problem: nil))
            }
            try Self.insertHistory(history, database)
            return results
        }
    }

    /// Resolved insights last changed (event time) at or after `seconds`: goal, subject and that time.
    public func resolvedInsights(updatedSince seconds: Int64) throws -> [(goal: String, subject: String, seconds: Int64)] {
        try database.read { database in
            try Row.fetchAll(database, sql: "SELECT goal, subject, updated_s FROM insight WHERE status = 'resolved' AND updated_s >= ?", arguments: [seconds])
                .map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// For each acknowledged insight of `goal` that was delivered first: when it was acknowledged
    /// and how long after its first delivery (wall time), in seconds.
    public func acknowledgementDelays(goal: String) throws -> [(acknowledged: Date, seconds: Double)] {
        try database.read { database in
            try Row.fetchAll(database, sql: """
                SELECT c.at_s, MIN(julianday(o.delivered_at)) FROM insight_status_change c
                JOIN insight i ON i.id = c.insight
                JOIN outbox o ON o.delivered_at IS NOT NULL AND o.insights LIKE '%"' || c.insight || '"%'
                WHERE i.goal = ? AND c.status = 'acknowledged'
                GROUP BY c.insight
                """, arguments: [goal]).compactMap { row in
                let acknowledged: Double = row[0]
                guard let julian: Double = row[1] else { return nil }
                let delivered = (julian - 2_440_587.5) * 86_400
                return (Date(timeIntervalSince1970: acknowledged), max(0, acknowledged - delivered))
            }
        }
    }
}
