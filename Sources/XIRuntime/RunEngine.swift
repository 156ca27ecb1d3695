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

    /// Profile records by subject, in `pipeline.profileFields` order.
    var profiles: [Subject: [Value?]] = [:]
    /// Windows by goal number and subject.
    var windows: WindowTable
    /// The event-time clock: the latest event time seen.
    var clock: TimestampValue?
    /// Insights already escalated.
    /// Open insights routed to an audience with an escalation rule, by insight id.
    var escalations: [WindowKey: PendingEscalation] = [:]
    /// The deadlines of `escalations`, earliest first.
    var escalationQueue = DueQueue<WindowKey>()
    /// Windows whose insight changed since the last commit, in the order they first changed (each
    /// once: a window's ``SubjectWindow/changed`` flag says whether it is listed).
    var changedWindows: [(key: WindowKey, window: SubjectWindow)] = []
    /// Insights changed since the last commit, by id: written once per commit, however often updated.
    var changedInsights: [InsightRow] = []
    /// The open insights of `changedInsights`, in the same order (each knows its position there).
    var changedOpenInsights: [OpenInsight] = []
    /// Lens filters by audience id, made once (threads that only read the engine use them).
    let lensFilters: [String: LensFilter]
    /// Signals observed, by number (turned into names for the summary at the end).
    var signalCounts: [Int]
    /// Each detector's memory, in ``Pipeline/detectors`` order. Kept for the run (not yet in the
    /// store: a detector that remembers subjects starts afresh on each run).
    var detectorStates: [DetectorState]
    /// Whether evidence and events are kept after windows no longer need them (``Runtime/keepsAllEvidence``).
    var keepsAllEvidence = false
    /// KPI tallies since the last commit.
    var kpis: KPITallies
    /// Events per source and day since the last commit.
    var sourceTallies: [String: [Int64: Int]] = [:]
    /// Evidence per goal, signal and day since the last commit.
    var signalTallies: [SignalDayKey: Int] = [:]
    /// How many windows there were after the last sweep of idle ones.
    var windowsAfterSweep = 0
    /// The longest goal window, in seconds.
    let longestWindow: Int64
    /// Every signal with a count of zero, between uses: a priority rule's `counts`. ``priority(goal:subject:score:tallies:reusingCounts:)``
    /// sets an insight's counts, evaluates its rules and sets them back to zero, so the map is
    /// written in place rather than copied for each insight.
    var zeroCounts: MapValue
    /// The records lent to a changed insight's priority rules and subscription conditions, and
    /// the list of conditions matched, kept between uses: working out an insight makes none.
    var priorityRecord = ScratchRecord()
    var subscriptionRecord = ScratchRecord()
    var subscriptionMatches: [Int] = []
    /// The tallies of the insight being completed (``complete(_:key:into:)``), kept between insights.
    var tallyList: [SubjectWindow.Tally] = []
    /// Encodes the documents of changed insights, in working space kept between them.
    var documentEncoder = InsightDocumentEncoder()
    /// Whether any lens shows `evidence.text`: windows keep their items' texts only then.
    let keepsTexts: Bool
    /// Per goal number, the part of an explanation after the score, which only the goal decides
    /// (` for 'Retention' within 30d (threshold 5): `), as UTF-8: made once, not per insight.
    let explanationMiddles: [[UInt8]]

    /// The most evidence items an insight document lists (the score counts them all).
    static let listedEvidence = SubjectWindow.textsKept
    /// How late (event time) evidence may arrive and still join a window whose other evidence
    /// is idle: windows are forgotten this long after their goal window has passed.
    static let lateness: Int64 = 86_400

    /// A goal number and an interned subject number: two integers to hash per evidence, not two strings.
    struct WindowKey: Hashable {
        let goalNumber: Int32
        let subjectNumber: Int32
        var goal: Int { Int(goalNumber) }
    }

    /// Subjects seen in this run, numbered in the order they were first seen.
    var subjects: [Subject] = []
    /// The subjects' numbers by kind, then by id: a handful of kinds, looked through, and a table
    /// of ids per kind — half the memory of one table keyed by whole subjects (100,000 subjects
    /// at 1M events), and one string hashed per lookup instead of two.
    private var subjectNumbers: [(kind: String, numbers: [String: Int32])] = []

    /// The key of goal × subject, numbering the subject when it is new.
    func key(goal: Int, subject: Subject) -> WindowKey {
        let kind = subjectNumbers.firstIndex { $0.kind == subject.kind } ?? {
            subjectNumbers.append((subject.kind, [:]))
            return subjectNumbers.count - 1
        }()
        if let number = subjectNumbers[kind].numbers[subject.id] { return WindowKey(goalNumber: Int32(goal), subjectNumber: number) }
        let number = Int32(subjects.count)
        subjects.append(subject)
        subjectNumbers[kind].numbers[subject.id] = number
        return WindowKey(goalNumber: Int32(goal), subjectNumber: number)
    }

    /// The key of goal × subject when the subject was seen; nil otherwise.
    func existingKey(goal: Int, subject: Subject) -> WindowKey? {
        guard let entry = subjectNumbers.first(where: { $0.kind == subject.kind }), let number = entry.numbers[subject.id] else { return nil }
        return WindowKey(goalNumber: Int32(goal), subjectNumber: number)
    }

    /// The subject of a key.
    func subject(of key: WindowKey) -> Subject { subjects[Int(key.subjectNumber)] }

    /// Makes an engine with the stored state `scope` takes: everything, for a run.
    init(pipeline: Pipeline, store: SQLiteStore, pseudonymKey: SymmetricKey, scope: RestoreScope = .everything) throws {
        self.pipeline = pipeline
        self.store = store
        self.pseudonymKey = pseudonymKey
        windows = WindowTable(goals: pipeline.workspace.goals.count)
        signalCounts = Array(repeating: 0, count: pipeline.signalNames.count)
        detectorStates = Array(repeating: DetectorState(), count: pipeline.detectors.count)
        longestWindow = Int64(pipeline.workspace.goals.map(\.window.seconds).max() ?? 0)
        var zeroCounts = MapValue()
        for name in pipeline.signalNames { zeroCounts.insert(.string(name), .int(0)) }
        self.zeroCounts = zeroCounts
        kpis = KPITallies(count: pipeline.kpiNames.count)
        explanationMiddles = pipeline.goalReferences.map { reference in
            Array(" for '\(reference.goal.name)' within \(reference.goal.window) (threshold \(Self.format(reference.goal.threshold))): ".utf8)
        }
        keepsTexts = pipeline.workspace.audiences.contains { $0.lens.allow.contains("evidence.text") || $0.lens.pseudonymize.contains("evidence.text") }
        lensFilters = Dictionary(uniqueKeysWithValues: pipeline.workspace.audiences.map {
            ($0.id, LensFilter(audience: $0.id, lens: $0.lens, key: pseudonymKey))
        })
        try restore(scope)
    }

    /// Rebuilds profiles, windows and open insights from the store, so a run continues where the
    /// last stopped; only those `scope` takes.
    private func restore(_ scope: RestoreScope) throws {
        for (subject, document) in try store.profiles() {
            guard let subject = Self.subject(subject), scope.includes(subject: subject) else { continue }
            if case .map(let object)? = try? JSONRecordDecoder.decodeValue(Array(document.utf8)) {
                profiles[subject] = pipeline.profileFields.map { object[string: $0] }
            }
        }
        let goalNumbers = Dictionary(uniqueKeysWithValues: pipeline.workspace.goals.enumerated().map { ($1.id, $0) })
        let signalNumbers = Dictionary(uniqueKeysWithValues: pipeline.signalNames.enumerated().map { ($1, Int32($0)) })
        // A scope without goals (profiles only, for routing) needs no evidence.
        if scope.goals?.isEmpty != true, let latest = try store.latestEvidenceTime() {
            clock = TimestampValue(seconds: latest)
            let including: ((String, Subject) -> Bool)? = scope.isEverything ? nil : { scope.includes(goal: $0, subject: $1) }
            try store.forEachEvidence(since: latest - longestWindow, including: including) { row in
                guard let goal = goalNumbers[row.goal], let signal = signalNumbers[row.signal] else { return }
                _ = window(at: key(goal: goal, subject: row.subject))
                    .add(.init(signal: signal, weight: SubjectWindow.units(row.weight), time: row.time, event: row.event))
            }
            for key in windows.keys {
                let seconds = Int64(pipeline.workspace.goals[key.goal].window.seconds)
                if let newest = windows[key]?.latest { windows[key]!.forget(atOrBefore: newest.seconds - seconds) }
            }
        }
        // A resolved insight settled its evidence: only evidence after it counts toward a new one.
        if let latest = clock?.seconds {
            for resolved in try store.resolvedInsights(updatedSince: latest - longestWindow) {
                guard let goal = goalNumbers[resolved.goal], let subject = Self.subject(resolved.subject),
                      scope.includes(goal: resolved.goal, subject: subject), let key = existingKey(goal: goal, subject: subject) else { continue }
                windows[key]?.forget(atOrBefore: resolved.seconds)
            }
        }
        // An open insight's row holds its document as of its last change of priority or status
        // (see `complete`): its score, evidence and time since are its window's.
        let escalatingGoals = Set(pipeline.workspace.audiences.filter { $0.escalation != nil }.flatMap { $0.subscriptions.flatMap(\.goals) })
        try store.forEachUnsettledInsight(goals: scope.goals.map { Array($0) }, subjects: scope.subjects.map { $0.map(\.description) }) { stored in
            guard let goal = goalNumbers[stored.insight.goal] else { return }
            let key = key(goal: goal, subject: stored.insight.subject)
            let open = OpenInsight(stored.insight)
            open.escalated = stored.escalated
            let window = window(at: key)
            if let latest = window.latest, latest > open.updatedAt { open.updatedAt = latest }
            window.insight = open
            guard open.status == .open, !open.escalated, escalatingGoals.contains(stored.insight.goal) else { return }
            let insight = makeInsight(window, key: key, details: [])  // routing reads no explanation
            for entry in matchingSubscriptions(insight, goal: pipeline.goalReferences[goal]) {
                noteEscalation(insight, open: open, key: key, audience: entry.audience)
            }
        }
        guard scope.isEverything else {
            windowsAfterSweep = windows.count
            return
        }
        for (number, entry) in pipeline.detectors.enumerated() where entry.detector.remembersSubjects {
            var subjects: [Subject: String] = [:]
            for (text, document) in try store.detectorState(pipeline.signalNames[entry.signal]) {
                if let subject = Self.subject(text) { subjects[subject] = document }
            }
            detectorStates[number] = DetectorState(subjects: subjects)
        }
        windowsAfterSweep = windows.count
    }

    /// The window at `key`, made (empty) when there is none.
    func window(at key: WindowKey) -> SubjectWindow {
        if let window = windows[key] { return window }
        let window = SubjectWindow()
        windows[key] = window
        return window
    }

    static func subject(_ text: String) -> Subject? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return Subject(kind: String(text[..<colon]), id: String(text[text.index(after: colon)...]))
    }

    // MARK: Batches

    /// Processes one batch of one source into `changes`.
    /// `detected` holds what detectors that remember nothing raised on the batch, and may hold its
    /// declarative signals (both worked out while it was read); the others run here.
    func process(_ events: [Event], schema: EventSchema, detected: DetectedSignals = DetectedSignals(), into changes: inout StoreChanges) {
        guard !events.isEmpty else { return }
        summary.eventsRead[schema.source, default: 0] += events.count
        tallySource(events, source: schema.source)
        let isProfile = schema.kind == ExpressionScopes.profileEventKind
        // The batch's declarative signals: matched as it was read ahead, or here, event by event.
        let prepared = isProfile ? nil : detected.declarative
        var matching = prepared == nil ? EventMatching(pipeline: pipeline, schema: schema) : nil
        let matches = prepared != nil || matching != nil
        // Schema position → position among profile fields.
        let profilePositions = isProfile ? schema.fields.map { field in pipeline.profileFields.firstIndex(of: field.name) ?? -1 } : []
        var found: [EventMatching.Match] = []
        var numbers: [Int32?] = []
        var detected = detected
        detect(events, schema: schema, into: &detected)
        for (position, event) in events.enumerated() {
            if clock == nil || event.time > clock! { clock = event.time }
            guard let subject = event.subject else { continue }
            if isProfile {
                var profile = profiles[subject] ?? Array(repeating: nil, count: pipeline.profileFields.count)
                for (position, value) in event.fields.enumerated() where profilePositions[position] >= 0 && value != nil {
                    profile[profilePositions[position]] = value
                }
                profiles[subject] = profile
                changes.profiles.append((subject, profileDocument(profile), event.time))
            }
            let raised = detected.isEmpty ? [] : detected.perEvent[position]
            guard matches else {
                if !raised.isEmpty { assessDetected(raised, event: event, schema: schema, numbers: &numbers, into: &changes) }
                continue
            }
            found.removeAll(keepingCapacity: true)
            if let prepared {
                prepared.signals(at: position, into: &found)
            } else {
                matching!.match(event, subject: subject, profile: profiles[subject], kpis: &kpis, into: &found)
            }
            guard !found.isEmpty else {
                if !raised.isEmpty { assessDetected(raised, event: event, schema: schema, numbers: &numbers, into: &changes) }
                continue
            }
            var stored = false
            // The event's subjects, numbered once for all the goals its signals count toward.
            numbers.removeAll(keepingCapacity: true)
            numbers.append(contentsOf: repeatElement(nil, count: event.subjects.count))
            for match in found {
                signalCounts[match.signal] += 1
                if assess(signal: match.signal, strength: match.strength, subject: subject, event: event, numbers: &numbers, into: &changes) && !stored {
                    stored = true
                    changes.events.append(event, schema: schema)
                }
            }
            if !raised.isEmpty { assessDetected(raised, event: event, schema: schema, numbers: &numbers, into: &changes, stored: stored, numbered: true) }
        }
        if let prepared { kpis.add(prepared.kpis) }
    }

    /// Runs the detectors that remember subjects over a batch (the others ran when it was read,
    /// see ``DetectedSignals/stateless(_:schema:pipeline:)``), adding to `detected`.
    func detect(_ events: [Event], schema: EventSchema, into detected: inout DetectedSignals) {
        var raised: [Signal] = []
        for (number, entry) in pipeline.detectors.enumerated() where entry.detector.remembersSubjects && entry.reads(schema.kind) {
            raised.removeAll(keepingCapacity: true)
            entry.detector.detect(events, schema: schema, state: &detectorStates[number], into: &raised)
            detected.place(raised, signal: entry.signal, events: events)
        }
    }

    /// Counts the detector signals raised on one event toward the goals; stores the event when
    /// any counted and it is not stored yet. `numbered`: `numbers` already holds this event's subjects.
    func assessDetected(
        _ raised: [DetectedSignals.Raised], event: Event, schema: EventSchema, numbers: inout [Int32?],
        into changes: inout StoreChanges, stored: Bool = false, numbered: Bool = false
    ) {
        if !numbered {
            numbers.removeAll(keepingCapacity: true)
            numbers.append(contentsOf: repeatElement(nil, count: event.subjects.count))
        }
        var stored = stored
        for signal in raised {
            signalCounts[signal.signal] += 1
            if assess(signal: signal.signal, strength: signal.strength, subject: signal.subject, event: event, numbers: &numbers, into: &changes) && !stored {
                stored = true
                changes.events.append(event, schema: schema)
            }
        }
    }

    /// Counts a signal toward every goal whose selector takes it; opens or updates insights.
    /// Returns whether any goal counted it. `numbers` holds the event's subjects' numbers, filled
    /// as they are needed.
    func assess(signal number: Int, strength: Double, subject signalSubject: Subject, event: Event, numbers: inout [Int32?], into changes: inout StoreChanges) -> Bool {
        let selectors = pipeline.selectors[number]
        guard !selectors.isEmpty else { return false }
        let name = pipeline.signalNames[number]
        var selectorRecord: [Value?]?
        var counted = false
        for selector in selectors {
            if let when = selector.when {
                if selectorRecord == nil { selectorRecord = makeSelectorRecord(signal: name, strength: strength, subject: signalSubject, event: event) }
                guard case .bool(true)? = try? when.evaluate(selectorRecord!) else { continue }
            }
            let span = pipeline.goalSpans[selector.goal]
            // The goal's subject kind picks whom the evidence is about (the customer, or the agent, …).
            let kind = pipeline.goalSubjectKinds[selector.goal]
            guard let position = event.subjects.firstIndex(where: { $0.kind == kind }) else { continue }
            let weight = selector.weight * strength
            if numbers[position] == nil { numbers[position] = self.key(goal: selector.goal, subject: event.subjects[position]).subjectNumber }
            let key = WindowKey(goalNumber: Int32(selector.goal), subjectNumber: numbers[position]!)
            let window = self.window(at: key)
            // An open insight whose evidence went quiet for a whole window expires as it stands,
            // before this evidence joins the window; the evidence may open a new one.
            if let open = window.insight, open.updatedAt.seconds + span < max(window.latest ?? event.time, event.time).seconds {
                expire(window, key: key, into: &changes)
            }
            let item = SubjectWindow.Item(signal: Int32(number), weight: SubjectWindow.units(weight), time: event.time, event: event.id)
            guard window.add(item, text: keepsTexts ? event.text : nil) else { continue }
            counted = true
            signalTallies[SignalDayKey(goal: Int32(selector.goal), signal: Int32(number), day: Self.day(of: event.time.seconds)), default: 0] += 1
            changes.evidence.append(
                goalNumber: selector.goal, goal: pipeline.goalReferences[selector.goal].goal.id, subject: event.subjects[position],
                signalNumber: number, signal: name, event: event.id, time: event.time, weight: weight)
            // The window ends at the subject's latest evidence, so evidence read out of time order
            // (sources are read one after another) adds to the score instead of rewinding it.
            let latest = window.latest ?? event.time
            window.forget(atOrBefore: latest.seconds - span)
            evaluate(window, key: key, at: latest, into: &changes)
        }
        return counted
    }

    private func makeSelectorRecord(signal: String, strength: Double, subject: Subject, event: Event) -> [Value?] {
        let declarations = pipeline.selectorDeclarations
        var record = [Value?](repeating: nil, count: declarations.count)
        record[0] = .string(signal)
        record[1] = .double(strength)
        record[2] = .string(event.kind)
        record[3] = .string(event.source)
        record[4] = .string(subject.id)
        record[5] = .timestamp(event.time)
        fillProfile(&record, slots: pipeline.selectorProfileSlots, subject: subject)
        return record
    }

    /// Sets the subject's profile fields in a record; `slots` are the fields' slots in its layout.
    func fillProfile(_ record: inout [Value?], slots: [Int?], subject: Subject) {
        guard let profile = profiles[subject] else { return }
        for (position, slot) in slots.enumerated() {
            if let slot { record[slot] = profile[position] }
        }
    }

    /// Opens, updates or leaves the insight of one goal × subject after new evidence at `time`.
    func evaluate(_ window: SubjectWindow, key: WindowKey, at time: TimestampValue, into changes: inout StoreChanges) {
        if window.insight != nil {
            // Cheap per evidence: the time. Score, priority, explanation and routing are worked
            // out once per commit for each insight that changed (see finishBatch). (An insight
            // past its window expired before the evidence was added: see assess.)
            if time > window.insight!.updatedAt { window.insight!.updatedAt = time }
            markChanged(window, key: key)
            return
        }
        guard window.total >= pipeline.goalThresholds[key.goal] else { return }
        window.insight = OpenInsight(
            id: Self.insightID(goal: pipeline.workspace.goals[key.goal].id, subject: subject(of: key), event: window.firstItem?.event ?? "", time: time),
            status: .open, priority: "", openedAt: time, updatedAt: time)
        markChanged(window, key: key)
    }

    /// Expires a window's insight: its evidence went quiet for a whole goal window.
    func expire(_ window: SubjectWindow, key: WindowKey, into changes: inout StoreChanges) {
        guard window.insight != nil else { return }
        // Complete (and route) it first if this batch opened or changed it.
        if window.changed {
            window.changed = false
            complete(window, key: key, into: &changes)
        }
        var insight = makeInsight(window, key: key)
        insight.status = .expired
        record(insight, open: window.insight!, change: "expired: no evidence for \(pipeline.workspace.goals[key.goal].window)", into: &changes)
        summary.insightsExpired += 1
        window.insight = nil
        escalations[key] = nil
    }

    /// Completes the insights the batch touched — priority, evidence, explanation, profile — and
    /// records and routes each once.
    func finishBatch(into changes: inout StoreChanges) {
        for (key, window) in changedWindows where window.changed {
            window.changed = false
            complete(window, key: key, into: &changes)
        }
        changedWindows.removeAll(keepingCapacity: true)
    }

    /// Lists a window whose insight changed, once, for ``finishBatch(into:)``.
    func markChanged(_ window: SubjectWindow, key: WindowKey) {
        guard !window.changed else { return }
        window.changed = true
        changedWindows.append((key, window))
    }

    /// Finishes a commit: completes and routes the insights that changed, forgets windows that
    /// went idle before `watermark` (expiring their insights), so memory follows the live
    /// windows, and moves the changed insights into `changes`.
    func finishCommit(into changes: inout StoreChanges, watermark: Int64?, sweep: Bool) {
        finishBatch(into: &changes)
        // Insights routed just now may already be due for escalation (on event time).
        escalate(into: &changes)
        if let watermark {
            if sweep || windows.count >= max(2 * windowsAfterSweep, 16_384) { forgetIdleWindows(before: watermark, into: &changes) }
            if !keepsAllEvidence { changes.forgetBefore = watermark - longestWindow - Self.lateness }
        }
        flushInsights(into: &changes)
        flushKPIs(into: &changes)
        flushDailyCounts(into: &changes)
        for (number, entry) in pipeline.detectors.enumerated() where entry.detector.remembersSubjects {
            for (subject, document) in detectorStates[number].takeChanges() {
                changes.detectorStates.append((pipeline.signalNames[entry.signal], subject, document))
            }
        }
    }

    /// Removes windows whose newest evidence is older than their goal window (plus ``lateness``)
    /// at `watermark`, the event time every source has read up to; their insights expire.
    func forgetIdleWindows(before watermark: Int64, into changes: inout StoreChanges) {
        var idle: [WindowKey] = []
        for (key, window) in windows {
            let span = pipeline.goalSpans[key.goal]
            let newest = max(window.latest?.seconds ?? Int64.min, window.insight?.updatedAt.seconds ?? Int64.min)
            if newest == Int64.min || newest + span + Self.lateness < watermark { idle.append(key) }
        }
        for key in idle {
            guard let window = windows.removeValue(forKey: key) else { continue }
            expire(window, key: key, into: &changes)
        }
        windowsAfterSweep = windows.count
    }

    /// Works out a window's insight (score, priority, evidence, explanation, profile), records it and routes it.
    func complete(_ window: SubjectWindow, key: WindowKey, into changes: inout StoreChanges) {
        guard let open = window.insight else { return }
        let reference = pipeline.goalReferences[key.goal]
        let subject = subject(of: key)
        // The tallies are listed in the engine's own list, kept from one insight to the next.
        var tallies: [SubjectWindow.Tally] = []
        swap(&tallies, &tallyList)
        talliesByName(window, into: &tallies)
        defer { swap(&tallies, &tallyList) }
        let score = window.score
        let priority = priority(goal: reference, subject: subject, score: score, tallies: tallies, reusingCounts: true)
        var updatedAt = open.updatedAt
        if let latest = window.latest, latest > updatedAt { updatedAt = latest }
        // An update that changes neither the priority (so no row or history line is written) nor
        // where the insight goes (every subscription naming its goal already took it) changes only
        // its time: no insight is made for it. (About one update in eight in the benchmark's runs:
        // a subscription whose condition the insight does not meet is evaluated at every update.)
        if !open.priority.isEmpty, priority == open.priority, open.routed.contains(all: pipeline.goalSubscriptions[key.goal]) {
            open.updatedAt = updatedAt
            summary.insightsUpdated += 1
            return
        }
        var insight = bareInsight(open, goal: reference, subject: subject, score: score, priority: priority, updatedAt: updatedAt)
        // Explanation and profile are added only when something shows them: the row written when
        // it opens or its priority changes, or a delivery routed just now. Most updates do neither.
        // Nor is the evidence listed unless the row is written or a delivery made (see route).
        let detailed = open.priority.isEmpty || insight.priority != open.priority
        if detailed {
            addDetails(&insight, goalNumber: key.goal, subject: subject, tallies: tallies)
            listEvidence(&insight, window: window)
        }
        if open.priority.isEmpty {
            record(insight, open: open, change: "opened: score \(Self.format(insight.score)) reached threshold \(Self.format(reference.goal.threshold)), priority \(insight.priority)", into: &changes)
            summary.insightsOpened[reference.goal.id, default: [:]][insight.priority, default: 0] += 1
        } else {
            // The row of an open insight is written when it opens and when its priority or status
            // changes, not for each new piece of evidence: that would rewrite a wide row on a page
            // anywhere in the store's table, at most commits, for most open insights. Its score,
            // evidence and explanation are made again from its window by whoever reads it later
            // (the next run's restore, `xi explain`, `xi resolve`: ``Runtime/current(_:)``).
            if insight.priority != open.priority {
                record(insight, open: open, change: "priority \(open.priority) → \(insight.priority): score \(Self.format(insight.score))", into: &changes)
            }
            summary.insightsUpdated += 1
        }
        window.insight!.priority = insight.priority
        window.insight!.updatedAt = insight.updatedAt
        // Routing again is harmless: a route already taken is skipped, and a subscription that
        // only now matches (a higher priority) gets its delivery.
        route(insight, detailed: detailed, goal: reference, key: key, window: window, into: &changes)
    }

    /// The window's insight as a whole document. Its priority is the one worked out when it last
    /// changed (``complete(_:key:into:)``), unless `workingOutPriority`: its rules are evaluated then.
    /// Without `detailed`, its explanation is empty and its profile too (see
    /// ``addDetails(_:key:window:)``): what routing reads is there.
    /// Without `listingEvidence`, its evidence is empty (see ``listEvidence(_:window:)``).
    func makeInsight(_ window: SubjectWindow, key: WindowKey, workingOutPriority: Bool = false, details: InsightDetails = .all, listingEvidence: Bool = true) -> Insight {
        let open = window.insight!
        let reference = pipeline.goalReferences[key.goal]
        var insight = bareInsight(open, goal: reference, subject: subject(of: key), score: window.score, priority: open.priority, updatedAt: open.updatedAt)
        fill(&insight, goal: reference, subject: subject(of: key), window: window, workingOutPriority: workingOutPriority || open.priority.isEmpty,
             reusingCounts: workingOutPriority, details: details, listingEvidence: listingEvidence)
        return insight
    }

    /// An open insight as a document without evidence, explanation or profile, with the given
    /// score, priority and time (``complete(_:key:into:)`` and ``makeInsight(_:key:workingOutPriority:detailed:listingEvidence:)``
    /// add what they need).
    private func bareInsight(_ open: OpenInsight, goal: GoalReference, subject: Subject, score: Double, priority: String, updatedAt: TimestampValue) -> Insight {
        Insight(
            id: open.id, goal: goal.goal.id, objective: goal.goal.objective.rawValue, subject: subject, score: score,
            priority: priority, status: open.status, openedAt: open.openedAt, updatedAt: updatedAt, evidence: [],
            explanation: "", recommendation: goal.goal.recommend, profile: [:])
    }

    /// Lists the window's latest evidence (``listedEvidence`` items) in an insight made without it.
    func listEvidence(_ insight: inout Insight, window: SubjectWindow) {
        insight.evidence = window.withItems { items in
            items.suffix(Self.listedEvidence).map {
                Evidence(signal: pipeline.signalNames[Int($0.signal)], event: $0.event, time: $0.time, weight: Double($0.weight) / SubjectWindow.scale)
            }
        }
    }

    /// Adds the explanation and profile (or those of `details`) to an insight made without them.
    func addDetails(_ insight: inout Insight, key: WindowKey, window: SubjectWindow, details: InsightDetails = .all) {
        addDetails(&insight, goalNumber: key.goal, subject: subject(of: key), tallies: details.contains(.explanation) ? talliesByName(window) : [], details: details)
    }

    /// The window's tallies, sorted by signal name (as explanations list them).
    func talliesByName(_ window: SubjectWindow) -> [SubjectWindow.Tally] {
        var tallies: [SubjectWindow.Tally] = []
        talliesByName(window, into: &tallies)
        return tallies
    }

    /// ``talliesByName(_:)`` in `tallies`, emptied first (its storage is kept).
    func talliesByName(_ window: SubjectWindow, into tallies: inout [SubjectWindow.Tally]) {
        window.tally(into: &tallies)
        let ranks = pipeline.signalRanks
        tallies.sort { ranks[Int($0.signal)] < ranks[Int($1.signal)] }
    }

    /// Notes a changed insight: its document is written once at the end of the commit; `change`,
    /// when given, is a line of its history (opened, priority changed, expired, escalated).
    /// `open` is the insight as its window keeps it: it remembers its place in `changedInsights`.
    func record(_ insight: Insight, open: OpenInsight, change: String?, into changes: inout StoreChanges) {
        if open.changedPosition >= 0 {
            changedInsights[open.changedPosition] = InsightRow(insight, encoder: &documentEncoder)
        } else {
            open.changedPosition = changedInsights.count
            changedInsights.append(InsightRow(insight, encoder: &documentEncoder))
            changedOpenInsights.append(open)
        }
        if let change { changes.history.append((insight.id, change)) }
    }

    /// Moves the changed insights into `changes`.
    func flushInsights(into changes: inout StoreChanges) {
        changes.insights.append(contentsOf: changedInsights)
        changedInsights.removeAll()
        for open in changedOpenInsights { open.changedPosition = -1 }
        changedOpenInsights.removeAll()
    }

    /// The signal counts by name, for the summary.
    func countSignals() {
        for (number, count) in signalCounts.enumerated() where count > 0 { summary.signals[pipeline.signalNames[number], default: 0] += count }
        signalCounts = Array(repeating: 0, count: signalCounts.count)
    }

    private func fill(
        _ insight: inout Insight, goal: GoalReference, subject: Subject, window: SubjectWindow, workingOutPriority: Bool, reusingCounts: Bool,
        details: InsightDetails, listingEvidence: Bool
    ) {
        insight.score = window.score
        if let latest = window.latest, latest > insight.updatedAt { insight.updatedAt = latest }
        if listingEvidence { listEvidence(&insight, window: window) }
        guard workingOutPriority || !details.isEmpty else { return }
        let tallies = workingOutPriority || details.contains(.explanation) ? talliesByName(window) : []
        if workingOutPriority {
            insight.priority = priority(goal: goal, subject: subject, score: insight.score, tallies: tallies, reusingCounts: reusingCounts)
        }
        if !details.isEmpty { addDetails(&insight, goalNumber: goal.number, subject: subject, tallies: tallies, details: details) }
    }

    /// Writes the explanation (from the window's tallies, sorted by signal name: ``talliesByName(_:)``)
    /// and the profile into `insight`: those of `details`.
    private func addDetails(_ insight: inout Insight, goalNumber: Int, subject: Subject, tallies: [SubjectWindow.Tally], details: InsightDetails = .all) {
        if details.contains(.explanation) { insight.explanation = explanation(insight.score, goalNumber: goalNumber, subject: subject, tallies: tallies) }
        if details.contains(.profile), let profile = profiles[subject] {
            var fields: [String: String] = [:]
            // Room for every field at once: grown from empty, the table was reallocated as it grew.
            fields.reserveCapacity(pipeline.profileFields.count)
            for (position, name) in pipeline.profileFields.enumerated() {
                if let value = profile[position] {
                    if case .string(let text) = value { fields[name] = text } else { fields[name] = value.celLiteral }
                }
            }
            insight.profile = fields
        }
    }

    /// `customer:C-1 has weighted evidence 7.5 for 'Retention' within 30d (threshold 5): detractor ×2 (6), …`,
    /// from the window's tallies sorted by signal name. Built as UTF-8 and made a string once:
    /// appending to a string checked and grew it at every piece, for every insight opened or
    /// changed in priority.
    private func explanation(_ score: Double, goalNumber: Int, subject: Subject, tallies: [SubjectWindow.Tally]) -> String {
        let middle = explanationMiddles[goalNumber]
        var text: [UInt8] = []
        text.reserveCapacity(subject.kind.utf8.count + subject.id.utf8.count + 32 + middle.count + 32 * tallies.count)
        func put(_ piece: String) { text.append(contentsOf: piece.utf8) }
        put(subject.kind)
        text.append(UInt8(ascii: ":"))
        put(subject.id)
        put(" has weighted evidence ")
        put(Self.format(score))
        text.append(contentsOf: middle)
        for (index, tally) in tallies.enumerated() {
            if index > 0 { put(", ") }
            put(pipeline.signalNames[Int(tally.signal)])
            put(" ×")
            put(String(tally.count))
            put(" (")
            put(Self.format(Double(tally.weight) / SubjectWindow.scale))
            text.append(UInt8(ascii: ")"))
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The first priority rule that holds, most urgent first; `low` when none does.
    /// `reusingCounts`: the rules' `counts` map is written in place in ``zeroCounts`` (the engine's
    /// own thread, working out changed insights) rather than copied (insights made for digests on
    /// two threads at once, which only read the engine).
    private func priority(goal: GoalReference, subject: Subject, score: Double, tallies: [SubjectWindow.Tally], reusingCounts: Bool) -> String {
        let declarations = pipeline.priorityDeclarations
        var record = reusingCounts ? priorityRecord.take(count: declarations.count) : [Value?](repeating: nil, count: declarations.count)
        record[0] = .double(score)
        record[1] = .double(goal.goal.threshold)
        record[2] = .int(Int64(tallies.reduce(0) { $0 + $1.count }))
        // `zeroCounts` lists the signals in number order: a tally sets its signal's entry. Taken
        // out of the engine so that it is the map's only owner once `record` is gone.
        var map = MapValue()
        if reusingCounts { swap(&map, &zeroCounts) } else { map = zeroCounts }
        for tally in tallies { map.setValue(.int(Int64(tally.count)), at: Int(tally.signal)) }
        record[3] = .map(map)
        record[4] = .string(subject.id)
        fillProfile(&record, slots: pipeline.priorityProfileSlots, subject: subject)
        var priority = "low"
        // By index: a `for rule in` loop copies (retains) each rule.
        let rules = pipeline.priorityRules[goal.number]
        for index in rules.indices {
            if case .bool(true)? = try? rules[index].condition.program.evaluate(record) {
                priority = rules[index].priority.rawValue
                break
            }
        }
        guard reusingCounts else { return priority }
        // Emptied and given back before the map is zeroed: it holds the map until then.
        priorityRecord.giveBack(&record)
        for tally in tallies { map.setValue(.int(0), at: Int(tally.signal)) }
        swap(&map, &zeroCounts)
        return priority
    }


    /// Stable: the same goal, subject and first evidence give the same id on every run. The id
    /// starts with the second the insight opened (10 hex digits), so ids sort by opening time and
    /// the store's indexes by id grow at their end instead of all over. Made without a string or
    /// buffer between: a run opens hundreds of thousands.
    static func insightID(goal: String, subject: Subject, event: String, time: TimestampValue) -> String {
        // SHA-256 of `goal NUL kind:id NUL event NUL seconds`, each text hashed where it is.
        var hash = SHA256()
        func update(_ text: String) {
            var text = text
            text.withUTF8 { hash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        func update(byte: UInt8) {
            withUnsafeBytes(of: byte) { hash.update(bufferPointer: $0) }
        }
        update(goal)
        update(byte: 0)
        update(subject.kind)
        update(byte: UInt8(ascii: ":"))
        update(subject.id)
        update(byte: 0)
        update(event)
        update(byte: 0)
        update(String(time.seconds))
        let digest = hash.finalize()
        let seconds = UInt64(bitPattern: time.seconds - TimestampValue.minimumSeconds)
        // `ins_`, 10 hex digits of the second it opened, 12 of the digest.
        return String(unsafeUninitializedCapacity: 26) { buffer in
            for (index, byte) in "ins_".utf8.enumerated() { buffer[index] = byte }
            TextFormat.writeHex(seconds, digits: 10, to: buffer, at: 4)
            digest.withUnsafeBytes { TextFormat.writeHex(UnsafeRawBufferPointer(rebasing: $0.prefix(6)), to: buffer, at: 14) }
            return 26
        }
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : TextFormat.fixed(number, places: 2)
    }

    private func profileDocument(_ profile: [Value?]) -> String {
        var members: [String: JSONDocument] = [:]
        for (position, name) in pipeline.profileFields.enumerated() {
            if let value = profile[position] { members[name] = JSONDocument(value) }
        }
        return JSONDocument.object(members).text
    }

}
