import XIExpression
import XIPluginAPI

/// Evidence and events are kept as chunks — one blob per commit — rather than a row each: a run
/// adds about one evidence row per signal, and an insert with its index updates costs far more
/// than appending a few bytes. Windows read evidence back only when a run starts; `xi explain`
/// reads events by id and time. Both are dropped once older than the longest goal window.
extension SQLiteStore {
    /// The rows of an evidence chunk; with `including`, only those of the goals and subjects it
    /// takes (the others are skipped before their signal, event and time are made).
    static func decodeEvidence(_ blob: [UInt8], including: ((_ goal: String, _ subject: Subject) -> Bool)? = nil) throws -> [EvidenceRow] {
        var reader = try ChunkReader(blob)
        var rows: [EvidenceRow] = []
        if including == nil { rows.reserveCapacity(reader.count) }
        for _ in 0..<reader.count {
            let goal = try reader.readName()
            let subject = Subject(kind: try reader.readName(), id: try reader.readString())
            if let including, !including(goal, subject) {
                _ = try reader.readUnsigned()  // signal
                try reader.skipString()  // event
                _ = try reader.readTime()
                _ = try reader.readDouble()
                continue
            }
            let signal = try reader.readName()
            let event = try reader.readString()
            let time = try reader.readTime()
            rows.append(EvidenceRow(goal: goal, subject: subject, signal: signal, event: event, time: time, weight: try reader.readDouble()))
        }
        return rows
    }

}
