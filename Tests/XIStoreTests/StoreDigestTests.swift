import Foundation
import GRDB
import Testing
import XIPluginAPI
@testable import XIStore

/// Digest items wait in the store until their period's digest is made; a digest notes how far it
/// went (migration 9), so items a later run adds to the same period make a digest of their own.
@Suite("digest items")
struct StoreDigestTests {
    static func digest(_ period: String, _ insights: [String]) -> Delivery {
        Delivery(
            id: "digest/team/0-file/\(period)/\(insights.joined(separator: "+"))", audience: "team", action: "team/0-file",
            kind: .digest, insights: insights, body: "{\"insights\":\(insights.count)}")
    }

    static func items(_ period: String, _ insights: [String]) -> StoreChanges {
        var changes = StoreChanges()
        changes.digestItems = insights.map { ("team", "team/0-file", period, $0) }
        return changes
    }

    static func pending(_ store: SQLiteStore) throws -> [String] {
        try store.pendingDigests().map { "\($0.period): \($0.insights.joined(separator: " "))" }
    }

    @Test("a flushed period has nothing pending; items added to it later are pending alone, items already sent are not")
    func laterItemsMakeTheirOwnDigest() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try store.apply(Self.items("2026-01-01", ["ins_b", "ins_a"]))
        try store.apply(Self.items("2026-01-02", ["ins_c"]))
        #expect(try Self.pending(store) == ["2026-01-01: ins_a ins_b", "2026-01-02: ins_c"])
        #expect(try store.flushDigest(
            audience: "team", action: "team/0-file", period: "2026-01-01", insights: ["ins_a", "ins_b"], delivery: Self.digest("2026-01-01", ["ins_a", "ins_b"])))
        #expect(try Self.pending(store) == ["2026-01-02: ins_c"])
        // A later run: one new insight in the flushed period, one already sent in it again.
        try store.apply(Self.items("2026-01-01", ["ins_d", "ins_a"]))
        #expect(try Self.pending(store) == ["2026-01-01: ins_d", "2026-01-02: ins_c"])
        #expect(try store.flushDigest(
            audience: "team", action: "team/0-file", period: "2026-01-01", insights: ["ins_d"], delivery: Self.digest("2026-01-01", ["ins_d"])))
        #expect(try store.flushDigest(
            audience: "team", action: "team/0-file", period: "2026-01-02", insights: ["ins_c"], delivery: Self.digest("2026-01-02", ["ins_c"])))
        #expect(try Self.pending(store).isEmpty)
        // The same digest again (a rerun after a crash before its delivery): not new to the outbox.
        #expect(try !store.flushDigest(
            audience: "team", action: "team/0-file", period: "2026-01-02", insights: ["ins_c"], delivery: Self.digest("2026-01-02", ["ins_c"])))
        #expect(try store.pendingDeliveries().map(\.delivery.insights) == [["ins_a", "ins_b"], ["ins_d"], ["ins_c"]])
    }

    @Test("a store made before digests noted their progress keeps which items were sent")
    func migratesFlags() throws {
        // The store as migration 8 left it: each item flagged when its digest was made.
        let (path, folder) = try StoreChunkTests.earlierStore(upTo: "8") { database in
            for (period, insight, flushed) in [
                ("2026-01-01", "ins_a", 1), ("2026-01-01", "ins_b", 1), ("2026-01-02", "ins_c", 1), ("2026-01-01", "ins_d", 0),
                ("2026-01-03", "ins_e", 0),
            ] {
                try database.execute(
                    sql: "INSERT INTO digest_item (audience, action, period, insight, flushed) VALUES ('team', 'team/0-file', ?, ?, ?)",
                    arguments: [period, insight, flushed])
            }
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteStore(path: path)
        #expect(try Self.pending(store) == ["2026-01-01: ins_d", "2026-01-03: ins_e"])
        try store.apply(Self.items("2026-01-02", ["ins_f"]))
        #expect(try Self.pending(store) == ["2026-01-01: ins_d", "2026-01-02: ins_f", "2026-01-03: ins_e"])
    }
}

/// Deliveries' bodies are kept apart from their outbox rows (migration 10), so a receipt
/// rewrites a narrow row; every way of reading the outbox still gives each delivery its body.
@Suite("outbox bodies")
struct StoreOutboxBodyTests {
    static func delivery(_ index: Int, body: String) -> Delivery {
        Delivery(id: "ins_\(index)/team/0", audience: "team", action: "team/0-file", kind: .insight, insights: ["ins_\(index)"], body: body)
    }

    @Test("bodies read back with their deliveries, pending or not, and a delivery written twice keeps its first body")
    func bodiesReadBack() throws {
        let (store, folder) = try StoreChunkTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bodies = ["{\"a\":1}", String(repeating: "é", count: 50_000), ""]
        var changes = StoreChanges()
        changes.deliveries = bodies.enumerated().map { Self.delivery($0.offset, body: $0.element) }
        #expect(try store.apply(changes) == [0, 1, 2])
        // Written again (a batch read again after a crash): not new, and the body stays the first.
        var again = StoreChanges()
        again.deliveries = [Self.delivery(1, body: "other")]
        #expect(try store.apply(again).isEmpty)
        #expect(try store.pendingDeliveries().map(\.delivery.body) == bodies)
        try store.record([(.delivered(reference: nil), Self.delivery(0, body: bodies[0]))])
        #expect(try store.pendingDeliveries(after: 0, limit: 10).map(\.delivery.id) == ["ins_1/team/0", "ins_2/team/0"])
        let first = try #require(try store.deliveries(insight: "ins_0").first)
        #expect(first.status == .delivered && first.delivery.body == bodies[0])
        #expect(try store.flushDigest(
            audience: "team", action: "team/0-file", period: "2026-01-01", insights: ["ins_1"], delivery: StoreDigestTests.digest("2026-01-01", ["ins_1"])))
        #expect(try store.pendingDeliveries().last?.delivery.body == "{\"insights\":1}")
    }

    @Test("a store made before bodies had a table keeps every delivery's body")
    func migratesBodies() throws {
        // The store as migration 9 left it: the body is a column of the outbox row.
        let (path, folder) = try StoreChunkTests.earlierStore(upTo: "9") { database in
            for (sequence, status) in [(1, "delivered"), (2, "pending"), (3, "failed")] {
                try database.execute(
                    sql: """
                        INSERT INTO outbox (id, audience, action, kind, insights, body, status, created_sequence)
                        VALUES (?, 'team', 'team/0-file', 'insight', ?, ?, ?, ?)
                        """,
                    arguments: ["ins_\(sequence)/team/0", "[\"ins_\(sequence)\"]", "body \(sequence)", status, sequence])
            }
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteStore(path: path)
        #expect(try store.pendingDeliveries().map(\.delivery.body) == ["body 2"])
        #expect(try store.deliveries(insight: "ins_3").map(\.delivery.body) == ["body 3"])
        #expect(try store.deliveries(insight: "ins_1").map(\.status) == [.delivered])
        // New deliveries go on from the last sequence, with bodies of their own.
        var changes = StoreChanges()
        changes.deliveries = [Self.delivery(4, body: "body 4")]
        try store.apply(changes)
        #expect(try store.pendingDeliveries().map(\.delivery.body) == ["body 2", "body 4"])
    }
}
