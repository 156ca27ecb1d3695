import Foundation
import GRDB
import XIPluginAPI

extension SQLiteStore {
    /// Deliveries not delivered yet, oldest first.
    public func pendingDeliveries(limit: Int = 10_000) throws -> [OutboxEntry] {
        try outbox(where: "status = 'pending' ORDER BY created_sequence LIMIT ?", arguments: [limit])
    }

    /// Pending deliveries per audience, with the latest reason one of them was not delivered.
    public func pendingSummary() throws -> [(audience: String, count: Int, reason: String?)] {
        try database.read { database in
            try Row.fetchAll(database, sql: """
                SELECT audience, COUNT(*) AS n,
                    (SELECT last_error FROM outbox AS latest WHERE latest.audience = outbox.audience AND latest.status = 'pending'
                        AND latest.last_error IS NOT NULL ORDER BY latest.created_sequence DESC LIMIT 1) AS reason
                FROM outbox WHERE status = 'pending' GROUP BY audience ORDER BY audience
                """).map { (audience: $0["audience"] as String, count: $0["n"] as Int, reason: $0["reason"] as String?) }
        }
    }

    /// Deliveries not delivered yet, created after `sequence`, oldest first: a page at a time.
    public func pendingDeliveries(after sequence: Int, limit: Int) throws -> [OutboxEntry] {
        try outbox(where: "status = 'pending' AND created_sequence > ? ORDER BY created_sequence LIMIT ?", arguments: [sequence, limit])
    }

    /// The deliveries made for one insight (directly or in a digest).
    public func deliveries(insight id: String) throws -> [OutboxEntry] {
        try outbox(where: "insights LIKE ? ORDER BY created_sequence", arguments: ["%\"\(id)\"%"])
    }

    /// Records what actions answered for several deliveries, in one transaction.
    public func record(_ receipts: [(receipt: Receipt, delivery: Delivery)]) throws {
        try record(receipts.map(\.receipt), for: receipts.map(\.delivery))
    }

    /// Records each delivery's receipt (`receipts[n]` is `deliveries[n]`'s): the pairs of
    /// ``record(_:)`` without a list of them made (a run records one per delivery). A delivery
    /// without a receipt (an action that answered fewer) stays as it was: pending.
    public func record(_ receipts: [Receipt], for deliveries: [Delivery]) throws {
        guard !receipts.isEmpty else { return }
        let now = DeliveryEnvelope.timestamp(Date())
        try database.write { database in
            // Bound through SQLite's C API: a run records a receipt for each of its deliveries.
            var delivered = DirectStatement(
                try database.cachedStatement(
                    sql: "UPDATE outbox SET status = 'delivered', attempts = attempts + 1, last_error = NULL, delivered_at = ? WHERE id = ?"),
                in: database)
            var retry = DirectStatement(try database.cachedStatement(sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?"), in: database)
            var rejected = DirectStatement(
                try database.cachedStatement(sql: "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?"), in: database)
            for (receipt, delivery) in zip(receipts, deliveries) {
                switch receipt {
                case .delivered:
                    delivered.bind(now)
                    delivered.bind(delivery.id)
                    try delivered.run()
                case .retry(let reason, _):
                    retry.bind(reason)
                    retry.bind(delivery.id)
                    try retry.run()
                case .rejected(let reason):
                    rejected.bind(reason)
                    rejected.bind(delivery.id)
                    try rejected.run()
                }
            }
        }
    }

    /// Digest items not yet sent, grouped by audience, action and period.
    public func pendingDigests() throws -> [(audience: String, action: String, period: String, insights: [String])] {
        try database.read { database in
            var statement = DirectStatement(
                try database.cachedStatement(sql: """
                    SELECT item.audience, item.action, item.period, item.insight FROM digest_item AS item
                    LEFT JOIN digest_flush AS flush USING (audience, action, period)
                    WHERE item.sequence > COALESCE(flush.through, 0) ORDER BY item.audience, item.action, item.period, item.insight
                    """),
                in: database)
            defer { statement.reset() }
            var groups: [(audience: String, action: String, period: String, insights: [String])] = []
            while try statement.step() {
                let audience = statement.text(0), action = statement.text(1), period = statement.text(2)
                // Compared in place: a copy of the last group would make each append copy its list.
                if let last = groups.indices.last, groups[last].audience == audience, groups[last].action == action, groups[last].period == period {
                    groups[last].insights.append(statement.text(3))
                } else {
                    groups.append((audience, action, period, [statement.text(3)]))
                }
            }
            return groups
        }
    }

    /// Turns digest items into one delivery, in one transaction. Returns whether the delivery
    /// is new to the outbox.
    @discardableResult
    public func flushDigest(audience: String, action: String, period: String, insights: [String], delivery: Delivery) throws -> Bool {
        try database.write { database in
            let sequence = try Self.lastOutboxSequence(database) + 1
            let list = Self.list(insights)
            // Bound through SQLite's C API: a digest's body may be megabytes, which GRDB's
            // arguments would copy twice.
            var insert = DirectStatement(try database.cachedStatement(sql: """
                INSERT OR IGNORE INTO outbox (id, audience, action, kind, insights, status, created_sequence)
                VALUES (?, ?, ?, 'digest', ?, 'pending', ?)
                """), in: database)
            insert.bind(delivery.id)
            insert.bind(audience)
            insert.bind(action)
            insert.bind(list)
            insert.bind(sequence)
            let inserted = try insert.run() > 0
            if inserted { try Self.insertBody(delivery.body, sequence: sequence, database) }
            // Every item of the period: `insights` are all of them (read by pendingDigests in this
            // process). Later items of the same period (a later run's) have larger sequences.
            try database.execute(
                sql: """
                    INSERT INTO digest_flush (audience, action, period, through)
                    SELECT audience, action, period, MAX(sequence) FROM digest_item WHERE audience = ? AND action = ? AND period = ?
                    GROUP BY audience, action, period
                    ON CONFLICT (audience, action, period) DO UPDATE SET through = excluded.through
                    """,
                arguments: [audience, action, period])
            return inserted
        }
    }

    /// Deliveries an action refused for good, counted per audience (through the status index).
    public func failedDeliveryCounts() throws -> [(audience: String, count: Int)] {
        try database.read { database in
            try Row.fetchAll(database, sql: "SELECT audience, COUNT(*) FROM outbox WHERE status = 'failed' GROUP BY audience ORDER BY audience")
                .map { (audience: $0[0] as String, count: $0[1] as Int) }
        }
    }

    /// Outbox entries with their bodies (kept in `outbox_body`, see migration 10), chosen by the
    /// `WHERE` clause `condition` on the outbox's columns.
    private func outbox(where condition: String, arguments: StatementArguments) throws -> [OutboxEntry] {
        let decoder = JSONDecoder()
        let sql = """
            SELECT outbox.*, COALESCE(outbox_body.body, '') AS body FROM outbox
            LEFT JOIN outbox_body ON outbox_body.sequence = outbox.created_sequence WHERE
            """ + " " + condition
        return try database.read { database in
            try Row.fetchAll(database, sql: sql, arguments: arguments).map { row in
                let insights: String = row["insights"]
                let delivery = Delivery(
                    id: row["id"], audience: row["audience"], action: row["action"],
                    kind: Delivery.Kind(rawValue: row["kind"]) ?? .insight,
                    insights: (try? decoder.decode([String].self, from: Data(insights.utf8))) ?? [],
                    body: row["body"], attempt: row["attempts"])
                var entry = OutboxEntry(delivery: delivery, status: OutboxEntry.Status(rawValue: row["status"]) ?? .pending, lastError: row["last_error"])
                entry.sequence = row["created_sequence"]
                return entry
            }
        }
    }
}
