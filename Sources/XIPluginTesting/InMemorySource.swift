import XIPluginAPI

/// A source adapter over an array of events and rejected records, in batches, with checkpoints:
/// for testing what reads sources, and as the reference a source author compares against.
///
/// A checkpoint is the number of records read (`"records:12"`), so reading from a batch's
/// checkpoint yields exactly the records after that batch.
///
/// ```swift
/// let source = InMemorySource(schema: schema, events: events, batchSize: 2)
/// var reader = try source.makeReader(from: nil)
/// while let batch = try await reader.next() { … }
/// ```
public struct InMemorySource: SourceAdapter {
    /// One record: an event or a record the source could not read.
    public enum Record: Sendable {
        /// An event.
        case event(Event)
        /// A rejected record.
        case rejected(RejectedRecord)
    }

    /// The schema of the events.
    public var schema: EventSchema
    /// The records, in order.
    public var records: [Record]
    /// Records per batch.
    public var batchSize: Int

    /// Creates a source over `records`.
    public init(schema: EventSchema, records: [Record], batchSize: Int = 100) {
        self.schema = schema
        self.records = records
        self.batchSize = max(1, batchSize)
    }

    /// Creates a source over `events`.
    public init(schema: EventSchema, events: [Event], batchSize: Int = 100) {
        self.init(schema: schema, records: events.map(Record.event), batchSize: batchSize)
    }

    /// Opens a reader after `checkpoint`'s records (from the start when nil). Throws
    /// ``PluginError`` for a checkpoint it did not make or one past the end.
    public func makeReader(from checkpoint: SourceCheckpoint?) throws -> Reader {
        guard let checkpoint else { return Reader(records: records, position: 0, batchSize: batchSize) }
        guard checkpoint.value.hasPrefix("records:"), let position = Int(checkpoint.value.dropFirst("records:".count)),
              (0...records.count).contains(position)
        else {
            throw PluginError("source '\(schema.source)': checkpoint '\(checkpoint.value)' was not made by this source")
        }
        return Reader(records: records, position: position, batchSize: batchSize)
    }

    /// The checkpoint after `count` records.
    public static func checkpoint(afterRecords count: Int) -> SourceCheckpoint {
        SourceCheckpoint("records:\(count)")
    }
}
