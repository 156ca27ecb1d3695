import XIExpression
import XIPluginAPI

/// Evidence rows written straight into one chunk per commit (see `SQLiteStore+Chunks.swift`):
/// a few bytes a row, no intermediate array of rows.
public struct EvidenceLog: Sendable {
    var writer = ChunkWriter()

    /// Creates an empty log.
    public init() {}

    /// Creates an empty log with room for `bytes` of encoded rows (say, as many as the last
    /// commit's): a commit's log is megabytes, and growing it by doubling kept the old copy
    /// beside the new one and left up to half of it empty.
    public init(reservingBytes bytes: Int) {
        writer = ChunkWriter(capacity: bytes)
    }

    /// The bytes of encoded rows it holds.
    public var byteCount: Int { writer.rows.count }

    /// How many rows it holds.
    public var count: Int { writer.count }

    /// Adds one piece of evidence: a signal about a subject counted toward a goal.
    public mutating func append(goal: String, subject: Subject, signal: String, event: String, time: TimestampValue, weight: Double) {
        writer.beginRow()
        writer.write(name: goal)
        writer.write(name: subject.kind)
        writer.write(subject.id)
        writer.write(name: signal)
        writer.write(event)
        writer.write(time)
        writer.write(weight)
    }

    /// Adds a row.
    public mutating func append(_ row: EvidenceRow) {
        append(goal: row.goal, subject: row.subject, signal: row.signal, event: row.event, time: row.time, weight: row.weight)
    }
}
