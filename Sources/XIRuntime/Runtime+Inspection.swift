import Foundation
import XIExpression
import XIGoals
import XIPluginAPI
import XIStore

extension Runtime {
    /// Stored insights as they stand now. The store's row of an open or acknowledged insight
    /// holds its document as of its last change of priority or status (a run does not rewrite it
    /// for each new piece of evidence), so such an insight is made again from the evidence in
    /// its window, as the next run would: score, evidence, explanation, profile and time of its
    /// latest evidence. Closed insights are returned as stored.
    public func current(_ stored: [StoredInsight]) throws -> [StoredInsight] {
        let unsettled = stored.filter { $0.insight.status == .open || $0.insight.status == .acknowledged }
        guard !unsettled.isEmpty else { return stored }
        return current(stored, in: try engine(restoring: unsettled.map(\.insight)))
    }

    /// An engine holding the profiles of the subjects of `insights` and, with `windows`, the
    /// windows of their goals and subjects: a few insights, their goals and subjects only; many,
    /// their goals and every subject (a list of thousands of subjects would not fit one query).
    func engine(restoring insights: [Insight], windows: Bool = true) throws -> RunEngine {
        let subjects = Set(insights.map(\.subject))
        let scope = RestoreScope(goals: windows ? Set(insights.map(\.goal)) : [], subjects: subjects.count <= 500 ? subjects : nil)
        return try RunEngine(pipeline: pipeline, store: store, pseudonymKey: pseudonymKey, scope: scope)
    }

    /// ``current(_:)`` with the windows restored in `engine` already.
    func current(_ stored: [StoredInsight], in engine: RunEngine) -> [StoredInsight] {
        let goalNumbers = Dictionary(uniqueKeysWithValues: workspace.goals.enumerated().map { ($1.id, $0) })
        return stored.map { item in
            guard let goal = goalNumbers[item.insight.goal], let key = engine.existingKey(goal: goal, subject: item.insight.subject),
                  let window = engine.windows[key], window.insight?.id == item.insight.id else { return item }
            var current = item
            current.insight = engine.makeInsight(window, key: key)
            return current
        }
    }

    /// Acknowledges or resolves insights (ids or unambiguous prefixes), by `person`, with an
    /// optional note; each is written as it stands now (``current(_:)``), so a resolved
    /// insight keeps its whole evidence and the time of its latest piece, which the next run
    /// leaves out of any new insight. See ``SQLiteStore/changeStatus(of:to:by:note:at:current:)``.
    public func changeStatus(of ids: [String], to status: InsightStatus, by person: String?, note: String?) throws -> [StatusChange] {
        let found = try ids.compactMap { try store.insight(id: $0) }
        let current = try current(found).map(\.insight)
        return try store.changeStatus(
            of: ids, to: status, by: person, note: note, current: Dictionary(current.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// For each subscription of each audience: does it take `insight`, and why.
    public func routes(for insight: Insight) throws -> [RouteDecision] {
        // Conditions read the insight and its subject's profile: no window is needed.
        try routes(for: insight, engine: engine(restoring: [insight], windows: false))
    }

    /// ``routes(for:)`` with an engine that holds the subject's profile.
    func routes(for insight: Insight, engine: RunEngine) throws -> [RouteDecision] {
        guard let goal = workspace.goal(insight.goal) else {
            throw RuntimeError("unknown goal '\(insight.goal)'; goals: \(workspace.goals.map(\.id).joined(separator: ", "))")
        }
        let record = engine.insightRecord(insight, goal: goal)
        var decisions: [RouteDecision] = []
        for audience in workspace.audiences {
            for (index, subscription) in audience.subscriptions.enumerated() {
                let base = RouteDecision(audience: audience.id, subscription: index, action: subscription.action.kind, cadence: subscription.cadence.rawValue, matches: false, reason: "")
                var decision = base
                if !subscription.goals.contains(insight.goal) {
                    decision.reason = "subscribes to \(subscription.goals.joined(separator: ", ")), not \(insight.goal)"
                } else if let when = subscription.when {
                    switch Result(catching: { try when.program.evaluate(record) }) {
                    case .success(.bool(true)):
                        decision.matches = true
                        decision.reason = "goal \(insight.goal) and `\(when.source)` holds"
                    case .success(let value):
                        decision.reason = "`\(when.source)` is \(value.celLiteral)"
                    case .failure(let error):
                        decision.reason = "`\(when.source)` cannot be evaluated: \(error)"
                    }
                } else {
                    decision.matches = true
                    decision.reason = "subscribes to every \(insight.goal) insight"
                }
                decisions.append(decision)
            }
        }
        return decisions
    }

    /// Everything behind a stored insight: goal, evidence with the conditions and weights that
    /// counted it, the events, the history, the deliveries, and each audience's routing decision.
    public func explain(insight id: String) throws -> InsightExplanation? {
        guard let found = try store.insight(id: id) else { return nil }
        // One engine, with its subject's profile (and its window, when it is open), for both the
        // insight as it stands and its routes.
        let engine = try engine(restoring: [found.insight], windows: found.insight.status == .open || found.insight.status == .acknowledged)
        let insight = current([found], in: engine)[0].insight
        guard let goal = workspace.goal(insight.goal) else { return nil }
        var evidence: [InsightExplanation.EvidenceLine] = []
        let events = Dictionary(try store.events(insight.evidence.map { ($0.event, $0.time) }).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for item in insight.evidence {
            let definition = workspace.catalogue[item.signal]
            var condition = "detector"
            switch definition?.detection {
            case .condition(let kind, let when, _)?: condition = "on \(kind): \(when.source)"
            case .detector(let kind, _, let options)?:
                condition = "detector \(kind)" + (options.isEmpty ? "" : " " + ConfigurationValue.mapping(options).description)
            case nil: break
            }
            let selector = goal.signals.first { $0.signal == item.signal }
            evidence.append(.init(
                signal: item.signal, condition: condition, selectorWeight: selector?.weight ?? 0, selectorWhen: selector?.when?.source,
                weight: item.weight, event: item.event, time: item.time.description,
                position: events[item.event]?.position, document: events[item.event]?.document))
        }
        return InsightExplanation(
            insight: insight, goalName: goal.name, threshold: goal.threshold, window: goal.window.description,
            priorityRules: goal.priorityRules.map { ($0.priority.rawValue, $0.condition.source) },
            evidence: evidence, history: try store.history(insight: insight.id),
            deliveries: try store.deliveries(insight: insight.id), routes: try routes(for: insight, engine: engine))
    }
}

/// What `xi explain` shows.
public struct InsightExplanation: Sendable {
    /// The insight.
    public var insight: Insight
    /// Its goal's name.
    public var goalName: String
    /// The goal's threshold.
    public var threshold: Double
    /// The goal's window.
    public var window: String
    /// The goal's priority rules, most urgent first.
    public var priorityRules: [(priority: String, condition: String)]
    /// One line per piece of evidence.
    public var evidence: [EvidenceLine]
    /// The insight's history.
    public var history: [String]
    /// Its deliveries.
    public var deliveries: [OutboxEntry]
    /// Each subscription's routing decision.
    public var routes: [RouteDecision]

    /// One piece of evidence, explained.
    public struct EvidenceLine: Sendable {
        /// The signal.
        public var signal: String
        /// The signal's condition in the catalogue.
        public var condition: String
        /// The goal selector's weight.
        public var selectorWeight: Double
        /// The goal selector's condition, if any.
        public var selectorWhen: String?
        /// The weight counted.
        public var weight: Double
        /// The event id.
        public var event: String
        /// The event time.
        public var time: String
        /// Where the event was read.
        public var position: String?
        /// The event's fields.
        public var document: String?
    }
}

extension Runtime {
    /// Every goal's KPIs from the store, over their windows ending after the newest event counted
    /// (time to acknowledge: over wall time ending `now`).
    public func kpiResults(points: Int = 12, now: Date = Date()) throws -> [KPIResult] {
        var acknowledgements: [String: [(acknowledged: Date, seconds: Double)]] = [:]
        for goal in workspace.goals where goal.kpis.contains(where: { $0.measurement?.measure == .timeToAcknowledge }) {
            acknowledgements[goal.id] = try store.acknowledgementDelays(goal: goal.id)
        }
        return KPIResult.results(goals: workspace.goals, days: try store.kpiDays(), points: points, acknowledgements: acknowledgements, now: now)
    }
}
