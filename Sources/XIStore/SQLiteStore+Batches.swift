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

    /// A 64-bit key for one piece of evidence (goal, subject, signal, event): an integer primary
    /// key is far cheaper to maintain than an index over four text columns.
    static func evidenceKey(_ row: EvidenceRow) -> Int64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for part in [row.goal, row.subject, row.signal, row.event] {
            for byte in part.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            hash = (hash ^ 0xFF) &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }

    /// Writes one batch's changes and its checkpoint in a single transaction.
    public func apply(_ changes: StoreChanges) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try database.write { database in
            if !changes.events.isEmpty {
                let statement = try database.cachedStatement(sql: """
                    INSERT OR IGNORE INTO event (id, source, kind, subject, time_s, time_ns, position, document)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for event in changes.events {
                    try statement.execute(arguments: [
                        event.id, event.source, event.kind, event.subject, event.time.seconds, Int64(event.time.nanoseconds),
                        event.position, event.document,
                    ])
                }
            }
            if !changes.profiles.isEmpty {
                let statement = try database.cachedStatement(sql: """
                    INSERT INTO profile (subject, document, time_s) VALUES (?, ?, ?)
                    ON CONFLICT (subject) DO UPDATE SET document = excluded.document, time_s = excluded.time_s
                    """)
                for profile in changes.profiles {
                    try statement.execute(arguments: [profile.subject.description, profile.document, profile.time.seconds])
                }
            }
            if !changes.evidence.isEmpty {
                let statement = try database.cachedStatement(sql: """
                    INSERT OR IGNORE INTO evidence (key, goal, subject, signal, event, time_s, time_ns, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for row in changes.evidence {
                    try statement.execute(arguments: [
                        Self.evidenceKey(row), row.goal, row.subject, row.signal, row.event, row.time.seconds, Int64(row.time.nanoseconds), row.weight,
                    ])
                }
            }
            for insight in changes.insights {
                let document = InsightDocument.encode(insight)
                try database.execute(sql: """
                    INSERT INTO insight (id, goal, subject, status, priority, opened_s, updated_s, document)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status, priority = excluded.priority,
                        updated_s = excluded.updated_s, document = excluded.document
                    """, arguments: [
                        insight.id, insight.goal, insight.subject.description, insight.status.rawValue, insight.priority,
                        insight.openedAt.seconds, insight.updatedAt.seconds, document,
                    ])
            }
            // History rows hold the change in words; the current document is in `insight`.
            let history = try database.cachedStatement(sql: "INSERT INTO insight_history (insight, sequence, change, document) VALUES (?, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM insight_history WHERE insight = ?), ?, '')")
            for (id, change) in changes.history {
                try history.execute(arguments: [id, id, change])
            }
            for id in changes.escalated {
                try database.execute(sql: "UPDATE insight SET escalated = 1 WHERE id = ?", arguments: [id])
            }
            if !changes.deliveries.isEmpty {
                var sequence = try Int.fetchOne(database, sql: "SELECT COALESCE(MAX(created_sequence), 0) FROM outbox") ?? 0
                let statement = try database.cachedStatement(sql: """
                    INSERT OR IGNORE INTO outbox (id, audience, action, kind, insights, body, status, created_sequence)
                    VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)
                    """)
                for delivery in changes.deliveries {
                    sequence += 1
                    let insights = String(decoding: try encoder.encode(delivery.insights), as: UTF8.self)
                    try statement.execute(arguments: [
                        delivery.id, delivery.audience, delivery.action, delivery.kind.rawValue, insights, delivery.body, sequence,
                    ])
                }
            }
            if !changes.digestItems.isEmpty {
                let statement = try database.cachedStatement(sql: """
                    INSERT OR IGNORE INTO digest_item (audience, action, period, insight) VALUES (?, ?, ?, ?)
                    """)
                for item in changes.digestItems {
                    try statement.execute(arguments: [item.audience, item.action, item.period, item.insight])
                }
            }
            if changes.rejectedCount > 0 {
                try database.execute(sql: """
                    INSERT INTO run_counter (name, value) VALUES (?, ?)
                    ON CONFLICT (name) DO UPDATE SET value = value + excluded.value
                    """, arguments: ["rejected:" + changes.source, changes.rejectedCount])
            }
            if let checkpoint = changes.checkpoint {
                try database.execute(sql: """
                    INSERT INTO checkpoint (source, value) VALUES (?, ?)
                    ON CONFLICT (source) DO UPDATE SET value = excluded.value
                    """, arguments: [changes.source, checkpoint.value])
            }
        }
    }
}
