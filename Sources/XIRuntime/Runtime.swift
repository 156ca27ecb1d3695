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

    /// Prepares a run: opens the store, compiles the pipeline and makes every action, so bad
    /// options fail before anything is read.
    public init(workspace: Workspace, folder: String, factories: [PluginFactory], environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.workspace = workspace
        self.folder = folder
        self.environment = environment
        let storePath = workspace.runtime.store.path.hasPrefix("/") ? workspace.runtime.store.path : folder + "/" + workspace.runtime.store.path
        stateFolder = (storePath as NSString).deletingLastPathComponent
        store = try SQLiteStore(path: storePath)
        var byKind: [String: PluginFactory] = [:]
        for factory in factories { byKind["\(factory.descriptor.category.rawValue)/\(factory.descriptor.kind)"] = factory }
        self.factories = byKind
        pipeline = try Pipeline(workspace: workspace)
        pseudonymKey = try Self.pseudonymKey(stateFolder: stateFolder, environment: environment)
        for audience in workspace.audiences {
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

    /// Processes every source to its end, flushes digests, delivers the outbox, and says what happened.
    public func run() async throws -> RunSummary {
        let started = ContinuousClock.now
        let engine = try RunEngine(pipeline: pipeline, store: store, pseudonymKey: pseudonymKey)
        for missing in pipeline.missingDetectors {
            engine.summary.warnings.append("signal \(missing) is not produced yet: its detector is not part of this build")
        }
        for audience in workspace.audiences {
            for (index, subscription) in audience.subscriptions.enumerated() where actions["\(audience.id)/\(index)-\(subscription.action.kind)"] == nil {
                engine.summary.warnings.append("\(audience.id): action '\(subscription.action.kind)' is not part of this build; its deliveries stay pending in the outbox")
            }
        }
        // Profiles first, so every other event's conditions see them.
        let sources = workspace.runtime.sources.sorted { ($0.event == ExpressionScopes.profileEventKind ? 0 : 1) < ($1.event == ExpressionScopes.profileEventKind ? 0 : 1) }
        var batches = 0
        var records = 0
        var phases = RunPhases()
        let clock = ContinuousClock()
        let readStart = clock.now
        sourceLoop: for source in sources {
            let settings = Self.settings(for: source)
            guard let factory = factories["\(PluginCategory.source.rawValue)/\(source.kind)"] else {
                engine.summary.warnings.append("source '\(source.name)': kind '\(source.kind)' is not part of this build; skipped")
                continue
            }
            var options = source.options
            if let path = source.path { options["path"] = .string(path) }
            let context = PluginContext(name: source.name, options: options, configurationFolder: folder, stateFolder: stateFolder, environment: environment)
            guard case .source(let adapter) = try factory.make(context, settings) else {
                throw RuntimeError("plugin '\(source.kind)' is not a source")
            }
            let deadLetters = DeadLetterFile(path: stateFolder + "/dead-letter/\(source.name).jsonl")
            var reader = try adapter.makeReader(from: try store.checkpoint(source: source.name))
            var readStarted = clock.now
            var firstProgress: (fraction: Double, at: ContinuousClock.Instant)?
            while let batch = try await reader.next() {
                phases.read += clock.now - readStarted
                var phaseStart = clock.now
                var changes = StoreChanges(source: source.name, checkpoint: batch.checkpoint)
                if !batch.rejected.isEmpty {
                    let written = try deadLetters.append(batch.rejected)
                    changes.rejectedCount = written
                    engine.summary.rejected[source.name, default: 0] += batch.rejected.count
                    engine.summary.deadLetterFiles[source.name] = deadLetters.path
                }
                engine.process(batch.events, schema: adapter.schema, into: &changes)
                phases.signals += clock.now - phaseStart
                phaseStart = clock.now
                engine.escalate(into: &changes)
                engine.finishBatch(into: &changes)
                phases.insights += clock.now - phaseStart
                phaseStart = clock.now
                try store.apply(changes)
                phases.store += clock.now - phaseStart
                phaseStart = clock.now
                records += batch.events.count + batch.rejected.count
                batches += 1
                if let progress {
                    let seconds = Self.seconds(clock.now - readStart)
                    var left: Double?
                    if let fraction = batch.progress {
                        // The rate since this source's first batch (a resumed source starts part-way).
                        if let first = firstProgress {
                            let elapsed = Self.seconds(clock.now - first.at)
                            if fraction > first.fraction, fraction < 1 { left = elapsed * (1 - fraction) / (fraction - first.fraction) }
                        } else {
                            firstProgress = (fraction, clock.now)
                        }
                    }
                    progress(records, seconds > 0 ? Double(records) / seconds : 0, left, source.name)
                }
                try await dispatch(engine: engine)
                phases.delivery += clock.now - phaseStart
                if let batchLimit, batches >= batchLimit { break sourceLoop }
                readStarted = clock.now
            }
        }
        if batchLimit == nil || batches < batchLimit! {
            try flushDigests(engine: engine)
        }
        try await dispatch(engine: engine)
        try collectOutboxState(into: &engine.summary)
        engine.summary.seconds = Self.seconds(ContinuousClock.now - started)
        engine.summary.phases = [
            ("reading sources", Self.seconds(phases.read)), ("signals and windows", Self.seconds(phases.signals)),
            ("insights and routing", Self.seconds(phases.insights)), ("store", Self.seconds(phases.store)),
            ("delivery", Self.seconds(phases.delivery)),
        ]
        return engine.summary
    }

    /// Delivers pending outbox entries whose action exists, recording each receipt.
    func dispatch(engine: RunEngine) async throws {
        for entry in try store.pendingDeliveries() {
            guard let action = actions[entry.delivery.action] else { continue }
            let receipt = await action.deliver(entry.delivery)
            try store.record(receipt, for: entry.delivery)
            if case .delivered = receipt { engine.summary.delivered[entry.delivery.audience, default: 0] += 1 }
        }
    }

    /// Turns every pending digest item into one delivery per audience, action and period.
    func flushDigests(engine: RunEngine) throws {
        for group in try store.pendingDigests() {
            guard let audience = workspace.audience(group.audience) else { continue }
            var documents: [JSONDocument] = []
            for id in group.insights {
                guard let stored = try store.insight(id: id), let goal = workspace.goal(stored.insight.goal) else { continue }
                documents.append(engine.lensed(stored.insight, goal: goal, audience: audience))
            }
            let body = JSONDocument.object([
                "audience": .string(group.audience), "period": .string(group.period),
                "count": .integer(Int64(documents.count)), "insights": .array(documents),
            ])
            let key = "digest/\(group.audience)/\(group.action)/\(group.period)/" + Self.shortHash(group.insights.joined(separator: ","))
            let delivery = Delivery(id: key, audience: group.audience, action: group.action, kind: .digest, insights: group.insights, body: body.text)
            try store.flushDigest(audience: group.audience, action: group.action, period: group.period, insights: group.insights, delivery: delivery)
            engine.summary.deliveriesCreated[group.audience, default: 0] += 1
        }
    }

    func collectOutboxState(into summary: inout RunSummary) throws {
        for entry in try store.pendingDeliveries() {
            let current = summary.pending[entry.delivery.audience] ?? (0, nil)
            summary.pending[entry.delivery.audience] = (current.count + 1, entry.lastError ?? current.reason)
        }
        for row in try store.summaryCounts().deliveries where row.status == "failed" {
            summary.failed[row.audience] = row.count
        }
    }

    static func shortHash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The plugin-facing settings of a configured source.
    static func settings(for source: SourceConfiguration) -> SourceSettings {
        let order = SubjectKind.allCases
        let subjects = source.subjectFields.sorted { order.firstIndex(of: $0.key)! < order.firstIndex(of: $1.key)! }
            .map { (kind: $0.key.rawValue, field: $0.value) }
        let schema = EventSchema(source: source.name, kind: source.event, fields: source.fields.map { ($0.name, $0.type.type) })
        return SourceSettings(
            name: source.name, eventKind: source.event, subjectFields: subjects, timeField: source.timeField,
            timeFormat: source.options["time_format"]?.string, textField: source.textField, idField: source.idField, schema: schema)
    }
}
