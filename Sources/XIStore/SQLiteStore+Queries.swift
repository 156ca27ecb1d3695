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

    /// Evidence no older than `since` (nil: all), for rebuilding windows when a run starts.
    public func evidence(since: Int64?) throws -> [EvidenceRow] {
        try database.read { database in
            try Row.fetchAll(database, sql: """
                SELECT goal, subject, signal, event, time_s, time_ns, weight FROM evidence WHERE time_s >= ? ORDER BY time_s, time_ns
                """, arguments: [since ?? Int64.min]).compactMap { row in
                guard let time = TimestampValue(seconds: row["time_s"], nanoseconds: row["time_ns"]) else { return nil }
                return EvidenceRow(goal: row["goal"], subject: row["subject"], signal: row["signal"], event: row["event"], time: time, weight: row["weight"])
            }
        }
    }

    /// The latest evidence time, or nil when there is none.
    public func latestEvidenceTime() throws -> Int64? {
        try database.read { database in try Int64.fetchOne(database, sql: "SELECT MAX(time_s) FROM evidence") }
    }

    /// Insights in the given states.
    public func insights(status: [InsightStatus]? = nil) throws -> [StoredInsight] {
        let decoder = JSONDecoder()
        return try database.read { database in
            let rows: [Row]
            if let status {
                let list = status.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                rows = try Row.fetchAll(database, sql: "SELECT document, escalated FROM insight WHERE status IN (\(list)) ORDER BY opened_s, id")
            } else {
                rows = try Row.fetchAll(database, sql: "SELECT document, escalated FROM insight ORDER BY opened_s, id")
            }
            return try rows.map { row in
                let document: String = row["document"]
                return StoredInsight(insight: try decoder.decode(Insight.self, from: Data(document.utf8)), escalated: row["escalated"])
            }
        }
    }

    /// One insight by id (or by an unambiguous prefix of it).
    public func insight(id: String) throws -> StoredInsight? {
        let decoder = JSONDecoder()
        return try database.read { database in
            // The exact id (indexed); else an unambiguous prefix, as a person may type.
            var rows = try Row.fetchAll(database, sql: "SELECT document, escalated FROM insight WHERE id = ?", arguments: [id])
            if rows.isEmpty {
                rows = try Row.fetchAll(database, sql: "SELECT document, escalated FROM insight WHERE id >= ? AND id < ? LIMIT 2", arguments: [id, id + "\u{10FFFF}"])
            }
            guard rows.count == 1 else { return nil }
            let row = rows[0]
            let document: String = row["document"]
            return StoredInsight(insight: try decoder.decode(Insight.self, from: Data(document.utf8)), escalated: row["escalated"])
        }
    }

    /// An insight's history: each change and the document after it.
    public func history(insight id: String) throws -> [(change: String, document: String)] {
        try database.read { database in
            try Row.fetchAll(database, sql: "SELECT change, document FROM insight_history WHERE insight = ? ORDER BY sequence", arguments: [id])
                .map { ($0["change"], $0["document"]) }
        }
    }

    /// Stored events by id.
    public func events(ids: [String]) throws -> [StoredEvent] {
        guard !ids.isEmpty else { return [] }
        return try database.read { database in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            return try Row.fetchAll(database, sql: "SELECT * FROM event WHERE id IN (\(marks)) ORDER BY time_s, time_ns", arguments: StatementArguments(ids))
                .compactMap { row in
                    guard let time = TimestampValue(seconds: row["time_s"], nanoseconds: row["time_ns"]) else { return nil }
                    return StoredEvent(id: row["id"], source: row["source"], kind: row["kind"], subject: row["subject"], time: time, position: row["position"], document: row["document"])
                }
        }
    }

    /// Changes an insight's status (acknowledge, resolve), recording it in its history.
    public func setStatus(_ status: InsightStatus, insight id: String, note: String) throws -> Bool {
        guard var stored = try insight(id: id) else { return false }
        stored.insight.status = status
        var changes = StoreChanges(source: "", checkpoint: nil)
        changes.insights = [stored.insight]
        changes.history = [(stored.insight.id, note)]
        try apply(changes)
        return true
    }
}
