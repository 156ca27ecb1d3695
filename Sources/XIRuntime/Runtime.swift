import Crypto
import Foundation
import XIExpression
import XIGoals
import XIPluginAPI
import XIStore

/// Time spent in each part of a run.
struct RunPhases {
    var read = Duration.zero
    var signals = Duration.zero
    var insights = Duration.zero
    var store = Duration.zero
    var delivery = Duration.zero
}

/// Runs a workspace end to end on the embedded store: every source to its end, signals, insights,
/// routing, the outbox and its actions, then digests.
///
/// ```swift
/// let runtime = try Runtime(workspace: loaded.workspace, folder: ".", factories: BuiltInPlugins.factories)
/// let summary = try await runtime.run()
/// ```
public final class Runtime {
    /// The workspace being run.
    public let workspace: Workspace
    /// The folder of `xi.yaml`; relative paths resolve against it.
    public let folder: String
    /// The state folder (`.xi/` beside the configuration).
    public let stateFolder: String
    /// The store.
    public let store: SQLiteStore
    let factories: [String: PluginFactory]
    let environment: [String: String]
    let pipeline: Pipeline
    let pseudonymKey: SymmetricKey
    /// Actions by name (`audience/index-kind`).
    var actions: [String: any Action] = [:]
    /// Called after each batch with the records read so far, the rate, and — when the source
    /// knows how far it is — the seconds left for the current source.
    public var progress: (@Sendable (_ records: Int, _ rate: Double, _ secondsLeft: Double?, _ source: String) -> Void)?
    /// Stop reading after this many batches in total (for tests that simulate a stop); nil: read everything.
    public var batchLimit: Int?
    /// Whether this is a backtest: a scratch store, no actions, nothing sent.
    public let isDryRun: Bool
    /// Keep every piece of evidence in the store, not only what windows still need: for
    /// `xi calibrate`, which fits weights on the whole history (of a scratch store).
    public var keepsAllEvidence = false
    /// Match the declarative signals of batches as they are read ahead, once profiles are
    /// settled (``MatchedSignals``); off, the engine matches every event itself. Both find the
    /// same signals: tests compare them.
    public var matchesAhead = true

    /// Prepares a run: opens the store, compiles the pipeline and makes every action, so bad
    /// options fail before anything is read.
    ///
    /// With `dryRunFolder`, the run is a backtest: the store is a new one in that folder (the
    /// workspace's own is not touched), every source is read from its beginning, and no action
    /// is made, so nothing is sent: deliveries stay in that store's outbox, to be counted
    /// (``SQLiteStore/deliveriesByDay()``).
    public init(
        workspace: Workspace, folder: String, factories: [PluginFactory], environment: [String: String] = ProcessInfo.processInfo.environment,
        dryRunFolder: String? = nil
    ) throws {
        self.workspace = workspace
        self.folder = folder
        self.environment = environment
        isDryRun = dryRunFolder != nil
        let configuredPath = workspace.runtime.store.path.hasPrefix("/") ? workspace.runtime.store.path : folder + "/" + workspace.runtime.store.path
        let storePath = dryRunFolder.map { $0 + "/xi.sqlite" } ?? configuredPath
        stateFolder = (storePath as NSString).deletingLastPathComponent
        store = try SQLiteStore(path: storePath)
        var byKind: [String: PluginFactory] = [:]
        for factory in factories { byKind["\(factory.descriptor.category.rawValue)/\(factory.descriptor.kind)"] = factory }
        self.factories = byKind
        // Detector signals: one detector each, made now so bad options fail before anything is read.
        var detectors: [String: any Detector] = [:]
        for signal in workspace.catalogue.signals {
            guard case .detector(let kind, _, let options) = signal.detection,
                  let factory = byKind["\(PluginCategory.detector.rawValue)/\(kind)"] else { continue }
            let context = PluginContext(name: signal.id, options: options, configurationFolder: folder, stateFolder: stateFolder, environment: environment)
            do {
                guard case .detector(let detector) = try factory.make(context, nil) else {
                    throw RuntimeError("plugin '\(kind)' is not a detector")
                }
                detectors[signal.id] = detector
            } catch let error as PluginError {
                throw RuntimeError("signal '\(signal.id)' (detector '\(kind)'): \(error.message)")
            }
        }
        pipeline = try Pipeline(workspace: workspace, detectors: detectors)
        pseudonymKey = try Self.pseudonymKey(stateFolder: stateFolder, environment: environment)
        for audience in workspace.audiences where !isDryRun {
            for (index, subscription) in audience.subscriptions.enumerated() {
                let name = "\(audience.id)/\(index)-\(subscription.action.kind)"
                guard let factory = byKind["\(PluginCategory.action.rawValue)/\(subscription.action.kind)"] else { continue }
                let context = PluginContext(name: name, options: subscription.action.options, configurationFolder: folder, stateFolder: stateFolder, environment: environment)
                guard case .action(let action) = try factory.make(context, nil) else {
                    throw RuntimeError("plugin '\(subscription.action.kind)' is not an action")
                }
                actions[name] = action
            }
        }
    }

    /// The key behind pseudonyms: `XI_PSEUDONYMIZATION_KEY` (hex or text) when set, else a random
    /// key made once and kept in `.xi/pseudonymization.key` (readable by the owner only).
    static func pseudonymKey(stateFolder: String, environment: [String: String]) throws -> SymmetricKey {
        if let text = environment["XI_PSEUDONYMIZATION_KEY"], !text.isEmpty { return SymmetricKey(data: Data(text.utf8)) }
        let path = stateFolder + "/pseudonymization.key"
        if let data = FileManager.default.contents(atPath: path), data.count >= 32 { return SymmetricKey(data: data) }
        try FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
        return key
    }

    /// How many records a commit holds at most: the batches read since the last commit are
    /// written, with the sources' checkpoints, in one transaction.
    public var commitRecords = 65_536
    /// How long (wall time) changes wait at most before they are committed and delivered.
    public var commitInterval = Duration.seconds(5)

    /// Processes every source to its end, flushes digests, delivers the outbox, and says what happened.
    ///
    /// Profile sources are read first, whole, so every other event's conditions see the profiles.
    /// The other sources are then read together, merged on event time batch by batch, so windows
    /// see evidence from every source in time order, and the slowest source's position (the
    /// watermark) says which windows can no longer grow.
    public func run() async throws -> RunSummary {
        let started = ContinuousClock.now
        let engine = try RunEngine(pipeline: pipeline, store: store, pseudonymKey: pseudonymKey)
        engine.keepsAllEvidence = keepsAllEvidence
        // Checkpoints run after a commit is answered, not inside it (see RunLoop's writer).
        try store.deferCheckpoints()
        for missing in pipeline.missingDetectors {
            engine.summary.warnings.append("signal \(missing) is not produced yet: its detector is not part of this build")
        }
        for audience in workspace.audiences where !isDryRun {
            for (index, subscription) in audience.subscriptions.enumerated() where actions["\(audience.id)/\(index)-\(subscription.action.kind)"] == nil {
                engine.summary.warnings.append("\(audience.id): action '\(subscription.action.kind)' is not part of this build; its deliveries stay pending in the outbox")
            }
        }
        let loop = RunLoop(runtime: self, engine: engine)
        let isProfile = { (source: SourceConfiguration) in source.event == ExpressionScopes.profileEventKind }
        var stopped = false
        for source in workspace.runtime.sources where isProfile(source) && !stopped {
            guard var open = try loop.open(source) else { continue }
            while !stopped, let (batch, detected) = try await loop.read(&open) {
                loop.readAhead(&open)
                stopped = try await loop.process(batch, detected: detected, of: &open)
                RunLoop.retire(consume batch, consume detected)
            }
            if !stopped { try await loop.commit(watermark: nil, sweep: false) }
        }
        if !stopped {
            // Profiles no longer change: the other sources' batches are matched as they are read ahead.
            if matchesAhead { loop.settledProfiles = engine.profiles }
            var heads: [(source: RunLoop.OpenSource, batch: SourceBatch, detected: DetectedSignals)] = []
            for source in workspace.runtime.sources where !isProfile(source) {
                guard var open = try loop.open(source) else { continue }
                if let (batch, detected) = try await loop.read(&open) { heads.append((open, batch, detected)) }
            }
            while !heads.isEmpty, !stopped {
                // The head that starts earliest goes next; a batch of rejected records only, at once.
                let next = heads.indices.min { Self.start(of: heads[$0].batch) < Self.start(of: heads[$1].batch) }!
                var (open, batch, detected) = heads.remove(at: next)
                loop.readAhead(&open)
                stopped = try await loop.process(batch, detected: detected, of: &open)
                RunLoop.retire(consume batch, consume detected)
                if !stopped, let (following, detected) = try await loop.read(&open) {
                    heads.append((open, following, detected))
                }
                // Every source has read up to the earliest head (or is finished).
                loop.watermark = heads.map { Self.start(of: $0.batch) }.min() ?? engine.clock?.seconds
            }
        }
        try await loop.commit(watermark: loop.watermark, sweep: !stopped)
        try await loop.drain()
        let checkpoint = loop.checkpointAfterLastCommit()
        defer { checkpoint.stop() }
        let digestStart = ContinuousClock.now
        // The last commit's deliveries go on while the digests are made. Then what asked to be
        // retried in this run gets its last try in this run, then each digest goes as soon as it
        // is in the outbox, while the next is written: one delivery at a time, each waiting for
        // the one before, on the delivery thread.
        let dispatcher = self.dispatcher
        let underWay = loop.deliveriesUnderWay()
        var delivering = Task.detached(executorPreference: RunLoop.deliveryExecutor) {
            var outcome = try await underWay?.value ?? Dispatcher.Outcome()
            let retry = outcome.retry
            outcome.retry = []
            outcome.add(try await dispatcher.dispatch(retry))
            return outcome
        }
        if !stopped {
            try flushDigests(engine: engine) { digest in
                let previous = delivering
                delivering = Task.detached(executorPreference: RunLoop.deliveryExecutor) {
                    var outcome = try await previous.value
                    outcome.add(try await dispatcher.dispatch([digest]))
                    return outcome
                }
            }
        }
        for (audience, count) in try await delivering.value.delivered { engine.summary.delivered[audience, default: 0] += count }
        // Plugin programs get their input closed and exit; connection pools close.
        for action in actions.values { await action.shutdown() }
        await checkpoint.finish()
        engine.countSignals()
        try collectOutboxState(into: &engine.summary)
        let digestTime = ContinuousClock.now - digestStart
        engine.summary.seconds = (ContinuousClock.now - started).inSeconds
        let phases = loop.phases
        engine.summary.phases = [
            ("reading sources", phases.read.inSeconds), ("signals and windows", phases.signals.inSeconds),
            ("insights and routing", phases.insights.inSeconds), ("store", phases.store.inSeconds),
            ("delivery", phases.delivery.inSeconds), ("digests and summary", digestTime.inSeconds),
        ]
        let summary = engine.summary
        // Hundreds of thousands of windows take a noticeable part of a second to free: that
        // happens on another thread, while the summary is printed (or not at all, when the
        // process ends first).
        let finished = ReadOnly((engine, loop))
        Task.detached(priority: .background) { _ = finished }
        return summary
    }

    /// The second a batch's events start at (a batch of rejected records only: at once).
    static func start(of batch: SourceBatch) -> Int64 {
        batch.events.lazy.map(\.time.seconds).min() ?? Int64.min
    }

    /// Hands outbox deliveries to their actions.
    var dispatcher: Dispatcher { Dispatcher(store: store, actions: actions) }

    /// Turns every pending digest item into one delivery per audience, action and period, each
    /// insight as it stands now: from its window when it is still open, else from the store.
    ///
    /// Each digest is made in two halves on two threads (each reading its insights from the
    /// store and writing them through the lens; the engine is only read here), then written to
    /// the outbox on a thread of its own while the next digest is made. `created` gets each
    /// delivery new to the outbox, in order, once it is written.
    func flushDigests(engine: RunEngine, created: (Delivery) -> Void) throws {
        let goalNumbers = Dictionary(uniqueKeysWithValues: workspace.goals.enumerated().map { ($1.id, $0) })
        let store = self.store
        var writing: DigestWrite?
        for group in try store.pendingDigests() {
            guard let audience = workspace.audience(group.audience) else { continue }
            let ids = group.insights
            let shared = ReadOnly(engine)
            let parts = Self.inParallel(2) { half -> (text: [UInt8], count: Int, failure: (any Error)?) in
                let engine = shared.value
                let slice = Array(ids[(ids.count * half / 2)..<(ids.count * (half + 1) / 2)])
                var text: [UInt8] = []
                var count = 0
                do {
                    // Open insights are made from their windows, the others decoded from the store.
                    var open: [String: RunEngine.WindowKey] = [:]
                    let stored = try store.encodedInsights(ids: slice) { goal, subject, id in
                        guard let number = goalNumbers[goal], let subject = RunEngine.subject(subject),
                              let key = engine.existingKey(goal: number, subject: subject),
                              engine.windows[key]?.insight?.id == id else { return true }
                        open[id] = key
                        return false
                    }
                    // Looked up once per half, not per insight: each lookup copies (retains) a
                    // goal or a filter, and two threads retaining the same objects slow each other.
                    let filter = engine.lensFilter(for: audience)
                    let goals = engine.pipeline.goalReferences
                    for id in slice {
                        let insight: Insight
                        if let key = open[id], let window = engine.windows[key] {
                            insight = engine.makeInsight(window, key: key, details: filter.details)
                        } else if let found = stored[id] {
                            insight = try found.decode().insight
                        } else {
                            continue
                        }
                        guard let number = goalNumbers[insight.goal] else { continue }
                        if count > 0 { text.append(UInt8(ascii: ",")) }
                        engine.writeLensed(insight, goal: goals[number], filter: filter, to: &text)
                        count += 1
                    }
                } catch {
                    return (text, count, error)
                }
                return (text, count, nil)
            }
            // A store that cannot be read (a damaged document) stops the digests before delivery.
            if let failure = parts.lazy.compactMap(\.failure).first { throw failure }
            let count = parts.reduce(0) { $0 + $1.count }
            var head = Array("{\"audience\":".utf8)
            JSONText.appendQuoted(group.audience, to: &head)
            head.append(contentsOf: ",\"count\":\(count),\"insights\":[".utf8)
            var tail = Array("],\"period\":".utf8)
            JSONText.appendQuoted(group.period, to: &tail)
            tail.append(UInt8(ascii: "}"))
            // The body is made straight from the halves: a compliance pack of 11,000 insights is
            // 15 MB, and a joined copy of it beside the halves and the string was the run's peak.
            let body = Self.joinedJSON(head: head, parts: parts.lazy.filter { $0.count > 0 }.map(\.text), tail: tail)
            let key = "digest/\(group.audience)/\(group.action)/\(group.period)/" + Self.shortHash(group.insights.joined(separator: ","))
            let delivery = Delivery(
                id: key, audience: group.audience, action: group.action, kind: .digest, insights: group.insights,
                body: body)
            // One digest is written at a time, in order: the one before must be in first.
            if let previous = writing, try previous.wait() { created(previous.delivery) }
            writing = DigestWrite(delivery: delivery) {
                try store.flushDigest(audience: group.audience, action: group.action, period: group.period, insights: group.insights, delivery: delivery)
            }
            engine.summary.deliveriesCreated[group.audience, default: 0] += 1
        }
        if let last = writing, try last.wait() { created(last.delivery) }
    }

    /// `head`, the parts separated by commas, and `tail`, as one string, copied once.
    static func joinedJSON<Parts: Collection<[UInt8]>>(head: [UInt8], parts: Parts, tail: [UInt8]) -> String {
        let length = head.count + tail.count + parts.reduce(0) { $0 + $1.count } + max(parts.count - 1, 0)
        return String(unsafeUninitializedCapacity: length) { buffer in
            var written = 0
            func put(_ bytes: [UInt8]) {
                _ = UnsafeMutableBufferPointer(rebasing: buffer[written...]).initialize(fromContentsOf: bytes)
                written += bytes.count
            }
            put(head)
            for (index, part) in parts.enumerated() {
                if index > 0 {
                    buffer[written] = UInt8(ascii: ",")
                    written += 1
                }
                put(part)
            }
            put(tail)
            return written
        }
    }

    /// Runs `work` for 0 ..< `parts` on as many threads, and returns the results in order.
    static func inParallel<Result>(_ parts: Int, _ work: @Sendable (Int) -> Result) -> [Result] {
        var results = [Result?](repeating: nil, count: parts)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = ReadOnly(buffer)
            DispatchQueue.concurrentPerform(iterations: parts) { part in slots.value[part] = work(part) }
        }
        return results.map { $0! }
    }

    func collectOutboxState(into summary: inout RunSummary) throws {
        // Counted in the store: every pending delivery, however many.
        for row in try store.pendingSummary() { summary.pending[row.audience] = (row.count, row.reason) }
        for row in try store.failedDeliveryCounts() { summary.failed[row.audience] = row.count }
    }

    static func shortHash(_ text: String) -> String {
        TextFormat.hex(SHA256.hash(data: Data(text.utf8)).prefix(6))
    }

    /// The plugin-facing settings of a configured source.
    public static func settings(for source: SourceConfiguration) -> SourceSettings {
        let order = SubjectKind.allCases
        let subjects = source.subjectFields.sorted { order.firstIndex(of: $0.key)! < order.firstIndex(of: $1.key)! }
            .map { (kind: $0.key.rawValue, field: $0.value) }
        let schema = EventSchema(source: source.name, kind: source.event, fields: source.fields.map { ($0.name, $0.type.type) })
        return SourceSettings(
            name: source.name, eventKind: source.event, subjectFields: subjects, timeField: source.timeField,
            timeFormat: source.options["time_format"]?.string, textField: source.textField, idField: source.idField, schema: schema)
    }
}
