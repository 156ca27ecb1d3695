import XIExpression
import XIGoals
import XIMatcher
import XIPluginAPI

/// A workspace compiled for running: the three matching stages and the layouts of the records
/// each stage's conditions read. Built once per run; read-only afterwards.
struct Pipeline: Sendable {
    let workspace: Workspace
    /// Signal names by number.
    let signalNames: [String]
    /// Per signal number, its place among the signals sorted by name: lists sorted by name are
    /// sorted by these integers, without comparing strings.
    let signalRanks: [Int32]
    /// Per event kind, the declarative signals and their rule index.
    let eventStages: [String: EventStage]
    /// Per signal number, the goal selectors that count it.
    let selectors: [[SelectorEntry]]
    /// Profile field names, in profile-record order.
    let profileFields: [String]
    /// Selector scope layout.
    let selectorDeclarations: Declarations
    /// Priority scope layout.
    let priorityDeclarations: Declarations
    /// Per goal number, its priority rules, most urgent first.
    let priorityRules: [[PriorityRule]]
    /// Insight (subscription) scope layout, and the subscriptions' rule index.
    let insightDeclarations: Declarations
    /// Slots of `insightDeclarations`' fixed names, in ``InsightSlot`` order (nil: not declared).
    let insightSlots: [Int?]
    /// Per scope layout, the slot of each profile field (`profile.<name>`, in
    /// ``profileFields`` order): worked out once, not per record.
    let selectorProfileSlots: [Int?]
    let priorityProfileSlots: [Int?]
    let insightProfileSlots: [Int?]

    /// The names of the insight scope that routing sets on every insight.
    enum InsightSlot: Int, CaseIterable {
        case goal, objective, priority, score, count, signals, subject, subjectKind, owner, status, time

        var name: String {
            switch self {
            case .subjectKind: "subject_kind"
            default: "\(self)"
            }
        }
    }
    let subscriptionIndex: RuleIndex?
    /// Subscription entries by the position of their condition.
    let subscriptions: [SubscriptionEntry]
    /// Per goal number, the positions of the subscriptions that name the goal: the only ones an
    /// insight of the goal can match.
    let goalSubscriptions: [[Int]]
    /// Per audience number, then goal number, where an insight escalates from that audience: the
    /// target audience's number, and its subscriptions for the goal (failing that, its first
    /// subscription) with their positions in ``subscriptions``. Nil when the audience has no
    /// escalation, or escalates to an audience not in the workspace.
    let escalationRoutes: [[(target: Int, routes: [(number: Int, entry: SubscriptionEntry)])?]]
    /// Signals defined by detectors that this build does not provide.
    let missingDetectors: [String]
    /// The detector signals this build provides: the signal's number, the event kinds the
    /// catalogue gives it (`on`; empty: every kind) and the detector made for it.
    let detectors: [DetectorEntry]

    /// One detector signal.
    struct DetectorEntry: Sendable {
        let signal: Int
        let kinds: Set<String>
        let detector: any Detector

        /// Whether it reads events of `kind`.
        func reads(_ kind: String) -> Bool {
            (kinds.isEmpty || kinds.contains(kind)) && (detector.eventKinds.isEmpty || detector.eventKinds.contains(kind))
        }
    }
    /// The workspace's goals, by number, held by reference (see ``GoalReference``).
    let goalReferences: [GoalReference]
    /// Per goal number, what the engine reads for every evidence: the window in seconds, the
    /// threshold in millionths and the subject kind. Reading these never copies a whole `Goal`
    /// (a dozen reference-counted fields).
    let goalSpans: [Int64]
    let goalThresholds: [Int64]
    let goalSubjectKinds: [String]

    /// The declarative signals of one event kind.
    struct EventStage: Sendable {
        let declarations: Declarations
        let index: RuleIndex
        /// Per condition position: signal number and optional strength program.
        let signals: [(signal: Int, strength: Program?)]
        /// The KPIs measured from events of this kind.
        let kpis: [KPIEntry]
    }

    /// One KPI measured from events: its number in ``kpiNames``, measure and programs.
    struct KPIEntry: Sendable {
        let number: Int
        let measure: KPIMeasure
        let value: Program?
        let when: Program?
    }

    /// Every measured KPI's goal and metric, by KPI number.
    let kpiNames: [(goal: String, metric: String)]

    /// One goal selector.
    struct SelectorEntry: Sendable {
        let goal: Int
        let weight: Double
        let when: Program?
    }

    /// One subscription of one audience.
    struct SubscriptionEntry: Sendable {
        let audience: Int
        let index: Int
        let cadence: Cadence
        /// `audience/index-kind`.
        let actionName: String
    }

    /// Compiles `workspace`; `detectors` are the detectors made for its detector signals, by
    /// signal name (a signal without one is listed in ``missingDetectors``).
    init(workspace: Workspace, detectors made: [String: any Detector] = [:]) throws {
        self.workspace = workspace
        let scopes = workspace.scopes
        profileFields = scopes.profileFields.map(\.name)
        priorityRules = workspace.goals.map { $0.priorityRules.sorted { $0.priority.rank < $1.priority.rank } }
        goalReferences = workspace.goals.enumerated().map { GoalReference(number: $0, goal: $1) }
        goalSpans = workspace.goals.map { Int64($0.window.seconds) }
        goalThresholds = workspace.goals.map { SubjectWindow.units($0.threshold) }
        goalSubjectKinds = workspace.goals.map(\.subject.rawValue)
        let signalNames = workspace.catalogue.signals.map(\.id)
        self.signalNames = signalNames
        var signalRanks = [Int32](repeating: 0, count: signalNames.count)
        for (rank, number) in signalNames.indices.sorted(by: { signalNames[$0] < signalNames[$1] }).enumerated() { signalRanks[number] = Int32(rank) }
        self.signalRanks = signalRanks
        var signalNumbers: [String: Int] = [:]
        for (number, name) in signalNames.enumerated() { signalNumbers[name] = number }

        var stages: [String: EventStage] = [:]
        var missing: [String] = []
        var detectors: [DetectorEntry] = []
        var byKind: [String: [(signal: Int, when: Condition, strength: Condition?)]] = [:]
        for (number, signal) in workspace.catalogue.signals.enumerated() {
            switch signal.detection {
            case .condition(let kind, let when, let strength):
                byKind[kind, default: []].append((number, when, strength))
            case .detector(let kind, let eventKinds, _):
                if let detector = made[signal.id] {
                    detectors.append(DetectorEntry(signal: number, kinds: Set(eventKinds), detector: detector))
                } else {
                    missing.append("\(signal.id) (detector '\(kind)')")
                }
            }
        }
        var kpisByKind: [String: [KPIEntry]] = [:]
        var kpiNames: [(goal: String, metric: String)] = []
        for goal in workspace.goals {
            for kpi in goal.kpis {
                guard let measurement = kpi.measurement, !measurement.readings.isEmpty else { continue }
                for reading in measurement.readings {
                    kpisByKind[reading.eventKind, default: []].append(
                        KPIEntry(number: kpiNames.count, measure: measurement.measure, value: reading.value?.program, when: reading.when?.program))
                }
                kpiNames.append((goal.id, kpi.metric))
            }
        }
        self.kpiNames = kpiNames
        // A stage per kind with signals or KPIs: both read the same record of the event.
        for kind in Set(byKind.keys).union(kpisByKind.keys) {
            let entries = byKind[kind] ?? []
            let declarations = scopes.event(kind)
            let conditions = entries.enumerated().map { position, entry in
                CompiledCondition(position: position, source: entry.when.source, expression: entry.when.expression, program: entry.when.program)
            }
            let set = ConditionSet(declarations: declarations, conditions: conditions)
            stages[kind] = EventStage(
                declarations: declarations, index: RuleIndex(set),
                signals: entries.map { ($0.signal, $0.strength?.program) }, kpis: kpisByKind[kind] ?? [])
        }
        eventStages = stages
        missingDetectors = missing
        self.detectors = detectors

        var selectors = [[SelectorEntry]](repeating: [], count: signalNames.count)
        for (goalNumber, goal) in workspace.goals.enumerated() {
            for selector in goal.signals {
                guard let number = signalNumbers[selector.signal] else { continue }
                selectors[number].append(SelectorEntry(goal: goalNumber, weight: selector.weight, when: selector.when?.program))
            }
        }
        self.selectors = selectors
        selectorDeclarations = scopes.selector
        priorityDeclarations = scopes.priority
        insightDeclarations = scopes.insight
        insightSlots = InsightSlot.allCases.map { scopes.insight.slot(of: $0.name) }
        let profileFields = profileFields
        selectorProfileSlots = profileFields.map { scopes.selector.slot(of: "profile." + $0) }
        priorityProfileSlots = profileFields.map { scopes.priority.slot(of: "profile." + $0) }
        insightProfileSlots = profileFields.map { scopes.insight.slot(of: "profile." + $0) }

        // Subscriptions: `goal in [...] && (when)`, one rule index over all audiences.
        var sources: [String] = []
        var entries: [SubscriptionEntry] = []
        for (audienceNumber, audience) in workspace.audiences.enumerated() {
            for (index, subscription) in audience.subscriptions.enumerated() {
                let goals = subscription.goals.map { "'\($0)'" }.joined(separator: ", ")
                var condition = "goal in [\(goals)]"
                if let when = subscription.when { condition += " && (\(when.source))" }
                sources.append(condition)
                entries.append(SubscriptionEntry(
                    audience: audienceNumber, index: index, cadence: subscription.cadence,
                    actionName: "\(audience.id)/\(index)-\(subscription.action.kind)"))
            }
        }
        let (set, failures) = ConditionSet.compile(sources, declarations: scopes.insight)
        if let failure = failures.first {
            throw RuntimeError("a subscription condition does not compile: \(failure)")
        }
        subscriptionIndex = set.count > 0 ? RuleIndex(set) : nil
        subscriptions = entries
        let subscriptionGoals = workspace.audiences.flatMap { $0.subscriptions.map { Set($0.goals) } }
        goalSubscriptions = workspace.goals.map { goal in subscriptionGoals.indices.filter { subscriptionGoals[$0].contains(goal.id) } }
        let audiences = workspace.audiences
        escalationRoutes = audiences.map { audience in
            // The target and its subscriptions are the audience's; only the choice among them is per goal.
            guard let escalation = audience.escalation, let target = audiences.firstIndex(where: { $0.id == escalation.to }) else {
                return Array(repeating: nil, count: workspace.goals.count)
            }
            let candidates = entries.enumerated().filter { $0.element.audience == target }.map { (number: $0.offset, entry: $0.element) }
            return workspace.goals.map { goal in
                let chosen = candidates.filter { audiences[target].subscriptions[$0.entry.index].goals.contains(goal.id) }
                return (target, chosen.isEmpty ? Array(candidates.prefix(1)) : chosen)
            }
        }
    }
}

/// A problem that stops a run: what and what to do.
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
