import XIExpression
import XIPluginAPI

/// Evidence rows written straight into one chunk per commit (see `SQLiteStore+Chunks.swift`):
/// a few bytes a row, no intermediate array of rows.
public struct EvidenceLog: Sendable {
    var writer = ChunkWriter()
    /// Per goal number and per signal number (the caller's), the name's number in the chunk's
    /// table, or -1 before the chunk has it: a row's names without hashing them.
    private var goalNames: [Int] = []
    private var signalNames: [Int] = []

    /// Creates an empty log.
    public init() {}

    /// Creates an empty log with room for `bytes` of encoded rows (say, as many as the last
    /// commit's): a commit's log is megabytes, and growing it by doubling kept the old copy
    /// beside the new one and left up to half of it empty.
    public init(reservingBytes bytes: Int) {
        writer = ChunkWriter(capacity: bytes, headerRoom: ChunkWriter.largeHeaderRoom)
    }

    /// The bytes of encoded rows it holds.
    public var byteCount: Int { writer.rowBytes }

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

    /// Adds one piece of evidence, as ``append(goal:subject:signal:event:time:weight:)``, with
    /// the goal's and the signal's numbers in the caller's tables (the engine's): each name is
    /// looked up in the chunk's table once per commit, not once per row.
    public mutating func append(
        goalNumber: Int, goal: String, subject: Subject, signalNumber: Int, signal: String, event: String, time: TimestampValue, weight: Double
    ) {
        writer.beginRow()
        writer.write(unsigned: UInt64(Self.number(at: goalNumber, of: goal, in: &goalNames, writer: &writer)))
        writer.write(unsigned: UInt64(writer.number(ofRecent: subject.kind)))
        writer.write(subject.id)
        writer.write(unsigned: UInt64(Self.number(at: signalNumber, of: signal, in: &signalNames, writer: &writer)))
        writer.write(event)
        writer.write(time)
        writer.write(weight)
    }

    private static func number(at position: Int, of name: String, in numbers: inout [Int], writer: inout ChunkWriter) -> Int {
        if position >= numbers.count { numbers.append(contentsOf: repeatElement(-1, count: position + 1 - numbers.count)) }
        if numbers[position] < 0 { numbers[position] = writer.number(of: name) }
        return numbers[position]
    }

    /// Adds a row.
    public mutating func append(_ row: EvidenceRow) {
        append(goal: row.goal, subject: row.subject, signal: row.signal, event: row.event, time: row.time, weight: row.weight)
    }
}
