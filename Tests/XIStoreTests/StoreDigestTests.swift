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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xi-store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/xi.sqlite"
        do {
            // The store as migration 8 left it: each item flagged when its digest was made.
            let queue = try DatabaseQueue(path: path)
            try SQLiteStore.migrator.migrate(queue, upTo: "8")
            try queue.write { database in
                for (period, insight, flushed) in [
                    ("2026-01-01", "ins_a", 1), ("2026-01-01", "ins_b", 1), ("2026-01-02", "ins_c", 1), ("2026-01-01", "ins_d", 0),
                    ("2026-01-03", "ins_e", 0),
                ] {
                    try database.execute(
                        sql: "INSERT INTO digest_item (audience, action, period, insight, flushed) VALUES ('team', 'team/0-file', ?, ?, ?)",
                        arguments: [period, insight, flushed])
                }
            }
        }
        let store = try SQLiteStore(path: path)
        #expect(try Self.pending(store) == ["2026-01-01: ins_d", "2026-01-03: ins_e"])
        try store.apply(Self.items("2026-01-02", ["ins_f"]))
        #expect(try Self.pending(store) == ["2026-01-01: ins_d", "2026-01-02: ins_f", "2026-01-03: ins_e"])
    }
}
