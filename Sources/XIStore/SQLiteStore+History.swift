import Foundation
import GRDB

/// Insights' histories, kept as chunks (migration 11): one blob of lines per commit, each line an
/// insight's id and the change in words, in the order the changes were made.
///
/// A 1M-event run writes about 330,000 lines. As rows of `insight_history` (with a unique index on
/// insight and sequence, and the sequence looked up for each line), they took a fifth of the
/// store's writer and their pages went through the WAL and the checkpoints; a 1M run without them
/// was 1.0–1.8 s faster. A history is read when a person asks for one (`xi explain`): the chunks
/// are read whose first and last insight ids (ids start with the opening time) hold the id.
extension SQLiteStore {
    /// Adds one chunk of history `lines` (none: nothing), in their order.
    static func insertHistory(_ lines: [(insight: String, change: String)], _ database: Database) throws {
        guard !lines.isEmpty else { return }
        var chunk = ChunkWriter()
        var first = lines[0].insight, last = lines[0].insight
        for line in lines {
            chunk.beginRow()
            chunk.write(line.insight)
            chunk.write(line.change)
            if line.insight.utf8.lexicographicallyPrecedes(first.utf8) { first = line.insight }
            if last.utf8.lexicographicallyPrecedes(line.insight.utf8) { last = line.insight }
        }
        var insert = DirectStatement(
            try database.cachedStatement(sql: "INSERT INTO history_chunk (first_insight, last_insight, count, data) VALUES (?, ?, ?, ?)"), in: database)
        insert.bind(first)
        insert.bind(last)
        insert.bind(chunk.count)
        try insert.run(lastBlob: chunk.encoded())
    }

    /// An insight's history: each change, oldest first.
    public func history(insight id: String) throws -> [String] {
        try database.read { database in
            let blobs = try Data.fetchAll(
                database, sql: "SELECT data FROM history_chunk WHERE first_insight <= ? AND last_insight >= ? ORDER BY sequence", arguments: [id, id])
            let wanted = Array(id.utf8)
            var changes: [String] = []
            for blob in blobs {
                var reader = try ChunkReader(Array(blob))
                for _ in 0..<reader.count {
                    if try reader.readString(equalTo: wanted) {
                        changes.append(try reader.readString())
                    } else {
                        try reader.skipString()
                    }
                }
            }
            return changes
        }
    }
}
