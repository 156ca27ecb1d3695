import Foundation
import XIExpression
import XIGoals
import XIPluginAPI
import XIStore

/// One run's reading loop: opens sources, processes their batches into the engine, and commits
/// the changes in groups — every ``Runtime/commitRecords`` records or ``Runtime/commitInterval``,
/// whichever comes first, and whenever a source ends — then hands the outbox to the actions.
final class RunLoop {
    /// A source being read.
    struct OpenSource {
        let configuration: SourceConfiguration
        let adapter: any SourceAdapter
        /// The reader, while no batch is being read ahead (the batches read ahead have it then).
        var reader: ReaderHandle?
        /// The next batches, being read on other threads, oldest first (see ``RunLoop/readAhead(_:)``).
        var ahead: [ReadAhead] = []
        let deadLetters: DeadLetterFile
        /// The read fraction and time of the source's first batch, for the ETA.
        var firstProgress: (fraction: Double, at: ContinuousClock.Instant)?
        /// Whether the source may repeat events: its reader remembers the ids read (``ReaderHandle/seen``).
        let remembersEvents: Bool
    }

    /// One batch read ahead: reading it (with the reader after it, for the next batch to read
    /// on), then preparing it (what the detectors that remember nothing raise on it, and its
    /// declarative signals once profiles are settled), each on a thread of the pool.
    struct ReadAhead {
        /// The batch (nil at the source's end) and the reader after it.
        let read: ReadTask
        /// The batch and the signals raised on it.
        let prepared: Task<(batch: SourceBatch?, detected: DetectedSignals), any Error>
    }

    /// How many batches of a source are read ahead of the one processed: two, so the next but one
    /// is read while the next is prepared.
    static let readAheadDepth = 2

    let runtime: Runtime
    let engine: RunEngine
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    var phases = RunPhases()
    var changes = StoreChanges()
    var recordsInCommit = 0
    var lastCommit: ContinuousClock.Instant
    var batches = 0
    var records = 0
    /// The event time (seconds) every merged source has read up to; nil until known.
    var watermark: Int64?
    /// The profiles as they stand for the rest of the run, once the profile sources are read:
    /// from then on, batches read ahead are matched against their signals as they are read
    /// (``MatchedSignals``). Nil while profiles may still change.
    var settledProfiles: [Subject: [Value?]]?

    init(runtime: Runtime, engine: RunEngine) {
        self.runtime = runtime
        self.engine = engine
        started = clock.now
        lastCommit = started
        MemoryAllocator.limitArenas()
    }

    /// Makes a source's reader from its stored checkpoint; nil (with a warning) when its kind is not built in.
    func open(_ source: SourceConfiguration) throws -> OpenSource? {
        guard let factory = runtime.factories["\(PluginCategory.source.rawValue)/\(source.kind)"] else {
            engine.summary.warnings.append("source '\(source.name)': kind '\(source.kind)' is not part of this build; skipped")
            return nil
        }
        var options = source.options
        if let path = source.path { options["path"] = .string(path) }
        let context = PluginContext(
            name: source.name, options: options, configurationFolder: runtime.folder, stateFolder: runtime.stateFolder, environment: runtime.environment)
        guard case .source(let adapter) = try factory.make(context, Runtime.settings(for: source)) else {
            throw RuntimeError("plugin '\(source.kind)' is not a source")
        }
        let reader = ReaderHandle(
            try adapter.makeReader(from: try runtime.store.checkpoint(source: source.name)),
            seen: adapter.mayRepeatEvents ? try runtime.store.seenEventIDs(source: source.name) : nil)
        return OpenSource(
            configuration: source, adapter: adapter, reader: reader,
            deadLetters: DeadLetterFile(path: runtime.stateFolder + "/dead-letter/\(source.name).jsonl"),
            remembersEvents: adapter.mayRepeatEvents)
    }

    /// The source's next batch, or nil at its end: the oldest one read ahead. The time counted is
    /// the time spent waiting for it.
    func read(_ source: inout OpenSource) async throws -> (batch: SourceBatch, detected: DetectedSignals)? {
        readAhead(&source)
        let start = clock.now
        defer { phases.read += clock.now - start }
        guard !source.ahead.isEmpty else { return nil }
        let next = source.ahead.removeFirst()
        do {
            let (batch, detected) = try await next.prepared.value
            if source.ahead.isEmpty {
                // Nothing else is read ahead: the reader comes back to the source.
                source.reader = try await next.read.value.reader
            }
            return batch.map { ($0, detected) }
        } catch {
            // One source failing never stops the others: what it read is kept (its checkpoint is
            // the last batch's), the summary says why, and the next run starts it from there.
            var message = (error as? PluginError)?.message ?? "\(error)"
            let prefix = "source '\(source.configuration.name)': "
            if message.hasPrefix(prefix) { message.removeFirst(prefix.count) }
            engine.summary.failedSources[source.configuration.name] = message
            source.ahead = []
            return nil
        }
    }

    /// Starts reading the source's next batches (``readAheadDepth`` of them) on other threads, so
    /// reading, decoding and matching overlap the processing of the batch in hand. The reader
    /// moves from one batch's read to the next, and back to the source when nothing is read
    /// ahead: it is never used by two threads at once. A batch read ahead but never processed
    /// (the run stopped) is dropped with its checkpoint, so the next run reads it again.
    func readAhead(_ source: inout OpenSource) {
        let schema = source.adapter.schema
        let pipeline = engine.pipeline
        let profiles = settledProfiles
        while source.ahead.count < Self.readAheadDepth {
            let read: ReadTask
            if let previous = source.ahead.last?.read {
                read = Self.read(after: previous)
            } else if let reader = source.reader {
                source.reader = nil
                read = Self.read(with: reader)
            } else {
                return
            }
            let prepared = Task.detached { () async throws -> (batch: SourceBatch?, detected: DetectedSignals) in
                let batch = try await read.value.batch
                // Detectors that remember nothing run here, off the engine's thread.
                var detected = batch.map { DetectedSignals.stateless($0.events, schema: schema, pipeline: pipeline) } ?? DetectedSignals()
                // So do the declarative signals, once profiles no longer change.
                if let profiles, let batch, schema.kind != ExpressionScopes.profileEventKind {
                    detected.declarative = MatchedSignals.match(batch.events, schema: schema, pipeline: pipeline, profiles: profiles)
                }
                return (batch, detected)
            }
            source.ahead.append(ReadAhead(read: read, prepared: prepared))
        }
    }

    /// Reading one batch: the batch (nil at the source's end) and the reader after it.
    typealias ReadTask = Task<(batch: SourceBatch?, reader: ReaderHandle), any Error>

    /// A source's reader as it moves from one batch's task to the next: a class, so the reader is
    /// changed in place. Held as a value, it was shared by the task that read the last batch and
    /// the one reading the next, and reading copied it — its file buffer of a megabyte or two —
    /// at every batch. Only one task uses it at a time (each batch's read waits for the last).
    final class ReaderHandle: @unchecked Sendable {
        var reader: any SourceReader
        /// For a source that may repeat events: the ids read before (in earlier runs, and in this
        /// one so far); a batch's repeats are dropped.
        var seen: Set<String>?

        init(_ reader: any SourceReader, seen: Set<String>?) {
            self.reader = reader
            self.seen = seen
        }
    }

    /// Reads the batch after the one `previous` reads, with the reader it leaves.
    private static func read(after previous: ReadTask) -> ReadTask {
        Task.detached {
            let result = try await previous.value
            // Past the source's end there is nothing more to read.
            guard result.batch != nil else { return (nil, result.reader) }
            return try await readBatch(with: result.reader)
        }
    }

    /// Reads the next batch with `reader`.
    private static func read(with reader: ReaderHandle) -> ReadTask {
        Task.detached { try await readBatch(with: reader) }
    }

    /// Reads the next batch with `reader`, dropping the events it saw before (when the source may
    /// repeat events); returns the batch and the reader.
    private static func readBatch(
        with reader: ReaderHandle
    ) async throws -> (batch: SourceBatch?, reader: ReaderHandle) {
        var batch = try await reader.reader.next()
        if reader.seen != nil, batch != nil {
            batch!.events.removeAll { !reader.seen!.insert($0.id).inserted }
        }
        return (batch, reader)
    }

    /// Processes one batch, commits when the group is full, and reports progress. Returns true
    /// when the run should stop (``Runtime/batchLimit`` reached; what was read is committed).
    func process(_ batch: SourceBatch, detected: DetectedSignals, of source: inout OpenSource) async throws -> Bool {
        var phaseStart = clock.now
        let name = source.configuration.name
        changes.checkpoints[name] = batch.checkpoint
        if source.remembersEvents, !batch.events.isEmpty {
            changes.seenEvents[name, default: []].append(contentsOf: batch.events.lazy.map(\.id))
        }
        if !batch.rejected.isEmpty {
            let written = try source.deadLetters.append(batch.rejected)
            changes.rejectedCounts[name, default: 0] += written
            engine.summary.rejected[name, default: 0] += batch.rejected.count
            engine.summary.deadLetterFiles[name] = source.deadLetters.path
        }
        engine.process(batch.events, schema: source.adapter.schema, detected: detected, into: &changes)
        phases.signals += clock.now - phaseStart
        phaseStart = clock.now
        engine.escalate(into: &changes)
        phases.insights += clock.now - phaseStart
        records += batch.events.count + batch.rejected.count
        recordsInCommit += batch.events.count + batch.rejected.count
        batches += 1
        reportProgress(batch, of: &source)
        if let limit = runtime.batchLimit, batches >= limit {
            try await commit(watermark: watermark, sweep: false)
            return true
        }
        if recordsInCommit >= runtime.commitRecords || clock.now - lastCommit >= runtime.commitInterval {
            try await commit(watermark: watermark, sweep: false)
        }
        return false
    }

    /// Writes the changes gathered since the last commit, with the checkpoints, in one
    /// transaction — on another thread, while the next batches are processed — then delivers
    /// what the outbox holds once that transaction is in. Only one commit is ever being written.
    func commit(watermark: Int64?, sweep: Bool) async throws {
        var phaseStart = clock.now
        engine.finishCommit(into: &changes, watermark: watermark, sweep: sweep)
        phases.insights += clock.now - phaseStart
        // The writer becomes the only owner of the changes, so it frees each part once written
        // (see SQLiteStore.apply(releasing:)), not when the whole transaction is in.
        let deliveries = changes.deliveries
        // The next commit's logs start with room for as much as this one's (plus a little).
        let (eventBytes, evidenceBytes) = (changes.events.byteCount, changes.evidence.byteCount)
        let written = changes.isEmpty ? nil : PendingCommit(changes)
        changes = StoreChanges()
        changes.events = EventLog(reservingBytes: eventBytes + eventBytes / 16)
        changes.evidence = EvidenceLog(reservingBytes: evidenceBytes + evidenceBytes / 16)
        recordsInCommit = 0
        lastCommit = clock.now
        try await drain()
        MemoryAllocator.returnFreedMemory()
        phaseStart = clock.now
        if let written {
            let store = runtime.store
            // On a thread of its own, not the concurrency pool's: the write blocks on SQLite and
            // the disk, and the pool's threads (one per core) read the sources ahead meanwhile.
            writing = Task.detached { try await store.applyOnWriterThread(written) }
        }
        writingDeliveries = deliveries
        phases.store += clock.now - phaseStart
    }

    /// Waits for the commit being written, then starts delivering — on another thread, while
    /// the next batches are processed — what it put in the outbox, with what asked to be retried;
    /// the first time, every pending entry in the store, so what earlier runs left pending goes
    /// too. The deliveries are in memory: the outbox is read only then. Each commit's deliveries
    /// start once the ones before are done, so deliveries keep their order; at most two commits'
    /// are under way, and only the older is waited for here.
    func drain() async throws {
        let phaseStart = clock.now
        var fresh: [Delivery] = []
        if let writing {
            self.writing = nil
            fresh = try await writing.value.map { writingDeliveries[$0] }
        }
        writingDeliveries = []
        phases.store += clock.now - phaseStart
        let dispatcher = runtime.dispatcher
        if !dispatchedOnce {
            dispatchedOnce = true
            delivering = Task.detached(executorPreference: Self.deliveryExecutor) { try await dispatcher.dispatch(nil) }
        } else if !fresh.isEmpty {
            let waitStart = clock.now
            // Delivering receipts waits for the store's writer (a checkpoint, say): the engine
            // waits only when two commits' deliveries are still under way.
            _ = try await deliveringBefore?.value
            phases.delivery += clock.now - waitStart
            let previous = delivering
            deliveringBefore = previous
            delivering = Task.detached(executorPreference: Self.deliveryExecutor) {
                var outcome = try await previous?.value ?? Dispatcher.Outcome()
                // What the deliveries before asked to be retried goes again, with these.
                let retry = outcome.retry
                outcome.retry = []
                outcome.add(try await dispatcher.dispatch(retry.isEmpty ? fresh : retry + fresh))
                return outcome
            }
        }
    }

    /// Starts copying the WAL into the database after the last commit, again and again until
    /// ``TrailingCheckpoints/finish()``, while digests are made and delivered (see
    /// ``TrailingCheckpoints``).
    func checkpointAfterLastCommit() -> TrailingCheckpoints {
        TrailingCheckpoints(store: runtime.store)
    }

    /// Hands over the deliveries under way, if any, so that what follows (the run's last try of
    /// what asked to be retried, then its digests) is chained after them on the delivery thread
    /// rather than waited for here: the run's digests are made meanwhile. The task's outcome
    /// counts what they and every one before them delivered.
    func deliveriesUnderWay() -> Task<Dispatcher.Outcome, any Error>? {
        deliveringBefore = nil
        defer { delivering = nil }
        return delivering
    }

    /// The commit being written, if any: it answers which of its deliveries were new to the outbox.
    var writing: Task<[Int], any Error>?
    /// The deliveries of the commit being written.
    var writingDeliveries: [Delivery] = []
    /// Where deliveries run: a thread of their own (actions block on files and sockets).
    static let deliveryExecutor = QueueExecutor(label: "xi.delivery")
    /// The deliveries under way, if any: what they and every one before delivered, and what
    /// the last asked to be retried.
    var delivering: Task<Dispatcher.Outcome, any Error>?
    /// The deliveries before those, while they may still be under way.
    var deliveringBefore: Task<Dispatcher.Outcome, any Error>?
    /// Whether the outbox was looked at in this run (deliveries left pending by an earlier run go first).
    var dispatchedOnce = false

    /// Frees a processed batch on a thread of its own: the strings and arrays of a million
    /// events take a noticeable part of the run to free, which the engine need not wait for.
    static func retire(_ batch: consuming SourceBatch, _ detected: consuming DetectedSignals) {
        let retired = Retired(batch, detected)
        retirement.async { retired.free() }
    }

    /// Where processed batches are freed.
    private static let retirement = DispatchQueue(label: "xi.retirement")

    /// A processed batch, held only here until it is freed.
    private final class Retired: @unchecked Sendable {
        private var batch: SourceBatch?
        private var detected: DetectedSignals?

        init(_ batch: consuming SourceBatch, _ detected: consuming DetectedSignals) {
            self.batch = batch
            self.detected = detected
        }

        func free() {
            batch = nil
            detected = nil
        }
    }

    private func reportProgress(_ batch: SourceBatch, of source: inout OpenSource) {
        guard let progress = runtime.progress else { return }
        let seconds = (clock.now - started).inSeconds
        var left: Double?
        if let fraction = batch.progress {
            // The rate since this source's first batch (a resumed source starts part-way).
            if let first = source.firstProgress {
                let elapsed = (clock.now - first.at).inSeconds
                if fraction > first.fraction, fraction < 1 { left = elapsed * (1 - fraction) / (fraction - first.fraction) }
            } else {
                source.firstProgress = (fraction, clock.now)
            }
        }
        progress(records, seconds > 0 ? Double(records) / seconds : 0, left, source.configuration.name)
    }
}

extension SQLiteStore {
    /// The queue commits are written on.
    fileprivate static let writer = DispatchQueue(label: "xi.store.writer")

    /// ``apply(releasing:)`` on a thread of its own; answers which deliveries were new to the outbox.
    fileprivate func applyOnWriterThread(_ pending: PendingCommit) async throws -> [Int] {
        let result: Result<[Int], any Error> = await withUnsafeContinuation { continuation in
            Self.writer.async {
                var changes = pending.take()
                continuation.resume(returning: Result { try self.apply(releasing: &changes) })
                // The commit is answered first: the checkpoint it made due runs while the engine
                // makes the next (which queues behind it). One that fails is tried again later.
                _ = try? self.checkpointIfDue()
            }
        }
        return try result.get()
    }
}

/// A commit handed to the writer: it holds the only reference to the changes until the writer
/// takes them, so the writer can free each part as soon as it is written.
private final class PendingCommit: @unchecked Sendable {
    private var changes: StoreChanges?

    init(_ changes: StoreChanges) {
        self.changes = changes
    }

    /// The changes, leaving none behind (called once, on the writer's thread).
    func take() -> StoreChanges {
        let taken = changes ?? StoreChanges()
        changes = nil
        return taken
    }
}
