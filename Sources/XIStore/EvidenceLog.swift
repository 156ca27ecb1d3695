import XIExpression
import XIPluginAPI

/// Evidence rows written straight into one chunk per commit (see `SQLiteStore+Chunks.swift`):
/// a few bytes a row, no intermediate array of rows.
public struct EvidenceLog: Sendable {
    var writer = ChunkWriter()

    /// Creates an empty log.
    public init() {}

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
