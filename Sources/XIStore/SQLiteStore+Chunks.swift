import XIExpression
import XIPluginAPI

/// Evidence and events are kept as chunks — one blob per commit — rather than a row each: a run
/// adds about one evidence row per signal, and an insert with its index updates costs far more
/// than appending a few bytes. Windows read evidence back only when a run starts; `xi explain`
/// reads events by id and time. Both are dropped once older than the longest goal window.
extension SQLiteStore {
    static func decodeEvidence(_ blob: [UInt8]) throws -> [EvidenceRow] {
        var reader = try ChunkReader(blob)
        var rows: [EvidenceRow] = []
        rows.reserveCapacity(reader.count)
        for _ in 0..<reader.count {
            let goal = try reader.readName()
            let subject = Subject(kind: try reader.readName(), id: try reader.readString())
            let signal = try reader.readName()
            let event = try reader.readString()
            let time = try reader.readTime()
            rows.append(EvidenceRow(goal: goal, subject: subject, signal: signal, event: event, time: time, weight: try reader.readDouble()))
        }
        return rows
    }

}
