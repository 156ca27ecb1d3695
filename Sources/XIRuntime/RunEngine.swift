import Crypto
import Foundation
import XIExpression
import XIGoals
import XIMatcher
import XIPluginAPI
import XIStore

/// The stateful part of a run: profiles, windows and open insights, updated batch by batch.
/// Every effect of a batch goes into a ``StoreChanges`` committed with the batch's checkpoint.
final class RunEngine {
    let pipeline: Pipeline
    let store: SQLiteStore
    let pseudonymKey: SymmetricKey
    var summary = RunSummary()

    /// Profile records by subject (`kind:id`), in `pipeline.profileFields` order.
    var profiles: [String: [Value?]] = [:]
    /// Windows by goal number and subject.
    var windows: [WindowKey: SubjectWindow] = [:]
    /// The event-time clock: the latest event time seen.
    var clock: TimestampValue?
    /// Insights already escalated.
    var escalated: Set<String> = []
    /// Open insights routed to an audience with an escalation rule, by insight id.
    var escalations: [String: PendingEscalation] = [:]
    /// Delivery keys and digest items already made in this run: routing an updated insight
    /// again skips them without rebuilding their bodies.
    var routed: Set<String> = []
    /// Windows whose insight changed in the current batch, in the order they changed.
    var dirty: Set<WindowKey> = []
    var dirtyOrder: [WindowKey] = []
    /// Insights changed in the current batch, by id: written once per batch, however often updated.
    var changedInsights: [String: Insight] = [:]
    var changedOrder: [String] = []

    /// The most evidence items an insight document lists (the score counts them all).
    static let listedEvidence = 20

    struct WindowKey: Hashable {
        let goal: Int
        let subject: Subject
    }

    init(pipeline: Pipeline, store: SQLiteStore, pseudonymKey: SymmetricKey) throws {
        self.pipeline = pipeline
        self.store = store
        self.pseudonymKey = pseudonymKey
        try restore()
    }

    /// Rebuilds profiles, windows and open insights from the store, so a run continues where the last stopped.
    private func restore() throws {
        for (subject, document) in try store.profiles() {
            if case .map(let object)? = try? JSONRecordDecoder.decodeValue(Array(document.utf8)) {
                profiles[subject] = pipeline.profileFields.map { object[string: $0] }
            }
        }
        let goalNumbers = Dictionary(uniqueKeysWithValues: pipeline.workspace.goals.enumerated().map { ($1.id, $0) })
        let longest = pipeline.workspace.goals.map(\.window.seconds).max() ?? 0
        if let latest = try store.latestEvidenceTime() {
            clock = TimestampValue(seconds: latest)
            for row in try store.evidence(since: latest - Int64(longest)) {
                guard let goal = goalNumbers[row.goal], let subject = Self.subject(row.subject) else { continue }
                _ = windows[WindowKey(goal: goal, subject: subject), default: SubjectWindow()]
                    .add(.init(signal: row.signal, event: row.event, time: row.time, weight: row.weight, text: nil))
            }
        }
        for stored in try store.insights(status: [.open, .acknowledged]) {
            guard let goal = goalNumbers[stored.insight.goal] else { continue }
            windows[WindowKey(goal: goal, subject: stored.insight.subject), default: SubjectWindow()].insight = stored.insight
            if stored.escalated {
                escalated.insert(stored.insight.id)
            } else {
                let definition = pipeline.workspace.goals[goal]
                for entry in matchingSubscriptions(stored.insight, goal: definition) {
                    noteEscalation(stored.insight, goal: definition, audience: entry.audience)
                }
            }
        }
    }

    static func subject(_ text: String) -> Subject? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return Subject(kind: String(text[..<colon]), id: String(text[text.index(after: colon)...]))
    }

    // MARK: Batches

    /// Processes one batch of one source into `changes`.
    func process(_ events: [Event], schema: EventSchema, into changes: inout StoreChanges) {
        let stage = pipeline.eventStages[schema.kind]
        let isProfile = schema.kind == ExpressionScopes.profileEventKind
        // Schema position → slot in the event scope, and → position among profile fields.
        let fieldSlots = schema.fields.map { stage?.declarations.slot(of: $0.name) ?? -1 }
        let profilePositions = schema.fields.map { field in pipeline.profileFields.firstIndex(of: field.name) ?? -1 }
        let profileSlots = pipeline.profileFields.map { stage?.declarations.slot(of: "profile." + $0) ?? -1 }
        var matches: [Int] = []
        var record: [Value?] = []
        for event in events {
            summary.eventsRead[event.source, default: 0] += 1
            if clock == nil || event.time > clock! { clock = event.time }
            guard let subject = event.subject else { continue }
            if isProfile {
                var profile = profiles[subject.description] ?? Array(repeating: nil, count: pipeline.profileFields.count)
                for (position, value) in event.fields.enumerated() where profilePositions[position] >= 0 && value != nil {
                    profile[profilePositions[position]] = value
                }
                profiles[subject.description] = profile
                changes.profiles.append((subject, profileDocument(profile), event.time))
            }
            guard let stage else { continue }
            record.removeAll(keepingCapacity: true)
            record.append(contentsOf: repeatElement(nil, count: stage.declarations.count))
            record[0] = .string(event.kind)
            record[1] = .string(event.source)
            record[2] = .string(subject.id)
            record[3] = .timestamp(event.time)
            if let text = event.text { record[4] = .string(text) }
            for (position, value) in event.fields.enumerated() where fieldSlots[position] >= 0 {
                record[fieldSlots[position]] = value
            }
            if let profile = profiles[subject.description] {
                for (position, slot) in profileSlots.enumerated() where slot >= 0 { record[slot] = profile[position] }
            }
            matches.removeAll(keepingCapacity: true)
            stage.index.match(record, into: &matches)
            guard !matches.isEmpty else { continue }
            var stored = false
            for match in matches {
                let entry = stage.signals[match]
                var strength = 1.0
                if let program = entry.strength {
                    switch try? program.evaluate(record) {
                    case .double(let number)?: strength = number
                    case .int(let number)?: strength = Double(number)
                    default: break
                    }
                }
                let signal = Signal(name: pipeline.signalNames[entry.signal], subject: subject, time: event.time, strength: strength, evidence: [event.id])
                summary.signals[signal.name, default: 0] += 1
                if assess(signal, signalNumber: entry.signal, event: event, into: &changes) && !stored {
                    stored = true
                    changes.events.append(StoredEvent(
                        id: event.id, source: event.source, kind: event.kind, subject: subject.description, time: event.time,
                        position: event.position.description, document: eventDocument(event, schema: schema)))
                }
            }
        }
    }

    /// Counts a signal toward every goal whose selector takes it; opens or updates insights.
    /// Returns whether any goal counted it.
    func assess(_ signal: Signal, signalNumber: Int, event: Event, into changes: inout StoreChanges) -> Bool {
        let selectors = pipeline.selectors[signalNumber]
        guard !selectors.isEmpty else { return false }
        var selectorRecord: [Value?]?
        var counted = false
        for selector in selectors {
            if let when = selector.when {
                if selectorRecord == nil { selectorRecord = makeSelectorRecord(signal, event: event) }
                guard case .bool(true)? = try? when.evaluate(selectorRecord!) else { continue }
            }
            let goal = pipeline.workspace.goals[selector.goal]
            // The goal's subject kind picks whom the evidence is about (the customer, or the agent, …).
            guard let subject = event.subjects.first(where: { $0.kind == goal.subject.rawValue }) else { continue }
            let weight = selector.weight * signal.strength
            let key = WindowKey(goal: selector.goal, subject: subject)
            var window = windows[key] ?? SubjectWindow()
            guard window.add(.init(signal: signal.name, event: event.id, time: signal.time, weight: weight, text: event.text)) else { continue }
            counted = true
            changes.evidence.append(EvidenceRow(
                goal: goal.id, subject: subject.description, signal: signal.name, event: event.id, time: signal.time, weight: weight))
            // The window ends at the subject's latest evidence, so evidence read out of time order
            // (sources are read one after another) adds to the score instead of rewinding it.
            let latest = window.items.last?.time ?? signal.time
            window.prune(window: goal.window.seconds, now: latest)
            evaluate(&window, goal: selector.goal, subject: subject, at: latest, into: &changes)
            windows[key] = window
        }
        return counted
    }

    private func makeSelectorRecord(_ signal: Signal, event: Event) -> [Value?] {
        let declarations = pipeline.selectorDeclarations
        var record = [Value?](repeating: nil, count: declarations.count)
        record[0] = .string(signal.name)
        record[1] = .double(signal.strength)
        record[2] = .string(event.kind)
        record[3] = .string(event.source)
        record[4] = .string(signal.subject.id)
        record[5] = .timestamp(signal.time)
        fillProfile(&record, declarations: declarations, subject: signal.subject)
        return record
    }

    func fillProfile(_ record: inout [Value?], declarations: Declarations, subject: Subject) {
        guard let profile = profiles[subject.description] else { return }
        for (position, name) in pipeline.profileFields.enumerated() {
            if let slot = declarations.slot(of: "profile." + name) { record[slot] = profile[position] }
        }
    }

    /// Opens, updates or leaves the insight of one goal × subject after new evidence at `time`.
    func evaluate(_ window: inout SubjectWindow, goal number: Int, subject: Subject, at time: TimestampValue, into changes: inout StoreChanges) {
        let goal = pipeline.workspace.goals[number]
        let inside = window.inside(window: goal.window.seconds, endingAt: time)
        var score = 0.0
        for item in inside { score += item.weight }
        let key = WindowKey(goal: number, subject: subject)
        if window.insight != nil {
            // An open insight whose evidence went quiet for a whole window expires; new evidence opens a new one.
            if window.insight!.updatedAt.seconds + Int64(goal.window.seconds) < time.seconds {
                // Complete (and route) it first if this batch opened or changed it.
                if dirty.remove(key) != nil { complete(&window, key: key, into: &changes) }
                var insight = window.insight!
                insight.status = .expired
                record(insight, change: "expired: no evidence for \(goal.window)", into: &changes)
                summary.insightsExpired += 1
                window.insight = nil
            } else {
                var insight = window.insight!
                // Cheap per evidence: the score and time. Priority, explanation and routing are
                // worked out once per batch for each insight that changed (see finishBatch).
                insight.score = score
                if time > insight.updatedAt { insight.updatedAt = time }
                window.insight = insight
                if dirty.insert(key).inserted { dirtyOrder.append(key) }
                return
            }
        }
        guard score >= goal.threshold else { return }
        let insight = Insight(
            id: Self.insightID(goal: goal.id, subject: subject, event: inside.first?.event ?? "", time: time),
            goal: goal.id, objective: goal.objective.rawValue, subject: subject, score: score, priority: "",
            status: .open, openedAt: time, updatedAt: time, evidence: [], explanation: "",
            recommendation: goal.recommend, profile: [:])
        window.insight = insight
        if dirty.insert(key).inserted { dirtyOrder.append(key) }
    }

    /// Completes the insights the batch touched — priority, evidence, explanation, profile — and
    /// records and routes each once; then moves them into `changes`.
    func finishBatch(into changes: inout StoreChanges) {
        for key in dirtyOrder where dirty.remove(key) != nil {
            guard var window = windows[key] else { continue }
            complete(&window, key: key, into: &changes)
            windows[key] = window
        }
        dirty.removeAll(keepingCapacity: true)
        dirtyOrder.removeAll(keepingCapacity: true)
        flushInsights(into: &changes)
    }

    /// Fills in a window's insight (priority, evidence, explanation, profile), records it and routes it.
    func complete(_ window: inout SubjectWindow, key: WindowKey, into changes: inout StoreChanges) {
        guard var insight = window.insight else { return }
        let goal = pipeline.workspace.goals[key.goal]
        let inside = window.inside(window: goal.window.seconds, endingAt: insight.updatedAt)
        var counts: [String: Int] = [:]
        for item in inside { counts[item.signal, default: 0] += 1 }
        let before = insight.priority
        fill(&insight, goal: goal, subject: key.subject, inside: inside, score: insight.score, counts: counts, at: insight.updatedAt)
        if before.isEmpty {
            record(insight, change: "opened: score \(Self.format(insight.score)) reached threshold \(Self.format(goal.threshold)), priority \(insight.priority)", into: &changes)
            summary.insightsOpened[goal.id, default: [:]][insight.priority, default: 0] += 1
        } else {
            record(insight, change: insight.priority == before ? nil : "priority \(before) → \(insight.priority): score \(Self.format(insight.score))", into: &changes)
            summary.insightsUpdated += 1
        }
        window.insight = insight
        // Routing again is harmless: a delivery key or digest item that exists is not added twice,
        // and a subscription that only now matches (a higher priority) gets its delivery.
        route(insight, goal: goal, into: &changes)
    }

    /// Notes a changed insight: its document is written once at the end of the batch; `change`,
    /// when given, is a line of its history (opened, priority changed, expired, escalated).
    func record(_ insight: Insight, change: String?, into changes: inout StoreChanges) {
        if changedInsights.updateValue(insight, forKey: insight.id) == nil { changedOrder.append(insight.id) }
        if let change { changes.history.append((insight.id, change)) }
    }

    /// Moves the batch's changed insights into `changes`.
    func flushInsights(into changes: inout StoreChanges) {
        for id in changedOrder { if let insight = changedInsights[id] { changes.insights.append(insight) } }
        changedInsights.removeAll(keepingCapacity: true)
        changedOrder.removeAll(keepingCapacity: true)
    }

    private func fill(_ insight: inout Insight, goal: Goal, subject: Subject, inside: ArraySlice<SubjectWindow.Item>, score: Double, counts: [String: Int], at time: TimestampValue) {
        insight.score = score
        if time > insight.updatedAt { insight.updatedAt = time }
        insight.evidence = inside.suffix(Self.listedEvidence).map { Evidence(signal: $0.signal, event: $0.event, time: $0.time, weight: $0.weight) }
        insight.priority = priority(goal: goal, subject: subject, score: score, counts: counts)
        var weights: [String: Double] = [:]
        for item in inside { weights[item.signal, default: 0] += item.weight }
        let parts = counts.keys.sorted().map { "\($0) ×\(counts[$0]!) (\(Self.format(weights[$0]!)))" }
        insight.explanation = "\(subject) has weighted evidence \(Self.format(score)) for '\(goal.name)' within \(goal.window) (threshold \(Self.format(goal.threshold))): " + parts.joined(separator: ", ")
        if let profile = profiles[subject.description] {
            var fields: [String: String] = [:]
            for (position, name) in pipeline.profileFields.enumerated() {
                if let value = profile[position] {
                    if case .string(let text) = value { fields[name] = text } else { fields[name] = value.celLiteral }
                }
            }
            insight.profile = fields
        }
    }

    /// The first priority rule that holds, most urgent first; `low` when none does.
    private func priority(goal: Goal, subject: Subject, score: Double, counts: [String: Int]) -> String {
        let declarations = pipeline.priorityDeclarations
        var record = [Value?](repeating: nil, count: declarations.count)
        record[0] = .double(score)
        record[1] = .double(goal.threshold)
        record[2] = .int(Int64(counts.values.reduce(0, +)))
        var map = MapValue()
        for name in pipeline.signalNames { map.insert(.string(name), .int(Int64(counts[name] ?? 0))) }
        record[3] = .map(map)
        record[4] = .string(subject.id)
        fillProfile(&record, declarations: declarations, subject: subject)
        for rule in goal.priorityRules.sorted(by: { $0.priority.rank < $1.priority.rank }) {
            if case .bool(true)? = try? rule.condition.program.evaluate(record) { return rule.priority.rawValue }
        }
        return "low"
    }

    /// Stable: the same goal, subject and first evidence give the same id on every run.
    static func insightID(goal: String, subject: Subject, event: String, time: TimestampValue) -> String {
        let digest = SHA256.hash(data: Data("\(goal)\u{0}\(subject)\u{0}\(event)\u{0}\(time.seconds)".utf8))
        return "ins_" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(format: "%.2f", number)
    }

    private func profileDocument(_ profile: [Value?]) -> String {
        var members: [String: JSONDocument] = [:]
        for (position, name) in pipeline.profileFields.enumerated() {
            if let value = profile[position] { members[name] = JSONDocument(value) }
        }
        return JSONDocument.object(members).text
    }

    /// The event's fields, text and subjects as JSON, written directly (no intermediate tree).
    private func eventDocument(_ event: Event, schema: EventSchema) -> String {
        var output = "{\"fields\":{"
        var first = true
        for (position, field) in schema.fields.enumerated() {
            guard let value = event.fields[position] else { continue }
            if !first { output += "," }
            first = false
            JSONDocument.writeString(field.name, to: &output)
            output += ":"
            switch value {
            case .int(let number): output += String(number)
            case .bool(let flag): output += flag ? "true" : "false"
            case .string(let text): JSONDocument.writeString(text, to: &output)
            default: JSONDocument(value).write(to: &output)
            }
        }
        output += "},\"subjects\":["
        for (index, subject) in event.subjects.enumerated() {
            if index > 0 { output += "," }
            JSONDocument.writeString(subject.description, to: &output)
        }
        output += "]"
        if let text = event.text {
            output += ",\"text\":"
            JSONDocument.writeString(text, to: &output)
        }
        output += "}"
        return output
    }
}
