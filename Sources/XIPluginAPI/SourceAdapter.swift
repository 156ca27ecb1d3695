/// A source adapter reads one listening post: from a checkpoint, in batches, reporting a new
/// checkpoint with each batch.
///
/// Implementations read in constant memory (a batch at a time), turn every record into an
/// ``Event`` or a ``RejectedRecord`` — never stopping at a bad record — and make checkpoints
/// that let a later run read only what is new. The runtime stores a batch's checkpoint only after
/// the batch's effects are stored, so a crash rereads at most one batch, and event ids keep the
/// reread from counting twice.
///
/// Options are validated when the adapter is made (see ``PluginFactory``), before anything runs.
public protocol SourceAdapter: Sendable {
    /// The reader type.
    associatedtype Reader: SourceReader

    /// The schema of the events this source produces.
    var schema: EventSchema { get }

    /// Opens the listening post at `checkpoint` (nil: from the beginning).
    func makeReader(from checkpoint: SourceCheckpoint?) throws -> Reader
    /// Whether a later run may give an event again after its checkpoint was stored (an external
    /// program replaying from its last state, a Singer tap from its bookmark). The runtime then
    /// remembers the ids of the events read and drops repeats, so ids must be stable. Default false.
    var mayRepeatEvents: Bool { get }
}

extension SourceAdapter {
    /// Sources resume exactly at their checkpoint by default.
    public var mayRepeatEvents: Bool { false }
}

/// Reads batches from a source; one call per batch, so no work happens per record across an `await`.
///
/// Sendable: the runtime reads a source's next batch on another thread while it processes the
/// current one (one call at a time, never two at once).
public protocol SourceReader: Sendable {
    /// The next batch, or nil at the end of the input. Throws only when the source as a whole
    /// cannot be read (a missing file, a lost connection); bad records are rejected in the batch.
    mutating func next() async throws -> SourceBatch?
}

/// One batch of events and rejected records, and the checkpoint after it.
public struct SourceBatch: Sendable {
    /// The events read.
    public var events: [Event]
    /// The records that could not be read.
    public var rejected: [RejectedRecord]
    /// Where to resume after this batch.
    public var checkpoint: SourceCheckpoint
    /// How much of the input has been read after this batch, 0 to 1, when the source knows
    /// (files know their sizes); the runtime shows an ETA from it.
    public var progress: Double?

    /// Creates a batch.
    public init(events: [Event], rejected: [RejectedRecord], checkpoint: SourceCheckpoint, progress: Double? = nil) {
        self.events = events
        self.rejected = rejected
        self.checkpoint = checkpoint
        self.progress = progress
    }
}

/// An opaque position in a source, stored by the runtime between runs (for files: which files and
/// how many bytes of each have been read, and a fingerprint to notice a replaced file).
public struct SourceCheckpoint: Sendable, Hashable, Codable {
    /// The adapter's own encoding of its position.
    public var value: String

    /// Creates a checkpoint.
    public init(_ value: String) {
        self.value = value
    }
}
