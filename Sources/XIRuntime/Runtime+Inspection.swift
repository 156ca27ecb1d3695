import Foundation
import XIExpression
import XIGoals
import XIPluginAPI
import XIStore

extension Runtime {
    /// For each subscription of each audience: does it take `insight`, and why.
    public func routes(for insight: Insight) throws -> [RouteDecision] {
        let engine = try RunEngine(pipeline: pipeline, store: store, pseudonymKey: pseudonymKey)
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
        guard let stored = try store.insight(id: id) else { return nil }
        let insight = stored.insight
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
            evidence: evidence, history: try store.history(insight: insight.id).map(\.change),
            deliveries: try store.deliveries(insight: insight.id), routes: try routes(for: insight))
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
