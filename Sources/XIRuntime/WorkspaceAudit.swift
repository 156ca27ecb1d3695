import XIExpression
import XIGoals
import XIPluginAPI

/// Finds configuration that is valid but does nothing useful: sources that feed no goal, goals
/// with signals no source can produce, audiences without subscriptions, subscriptions that can
/// never match.
public struct WorkspaceAudit: Sendable {
    /// One finding.
    public struct Finding: Sendable, CustomStringConvertible {
        /// Where (file:line:column).
        public var location: String
        /// What.
        public var message: String
        /// `location: message`.
        public var description: String { "\(location): \(message)" }
    }

    /// Audits `workspace`; `available` lists the plugin kinds this build provides, as `category/kind`.
    public static func findings(in workspace: Workspace, available: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        let sourceKinds = Set(workspace.runtime.sources.map(\.event))
        var signalKinds: [String: Set<String>] = [:]  // signal → event kinds that feed it ("*" = any)
        for signal in workspace.catalogue.signals {
            switch signal.detection {
            case .condition(let kind, _, _): signalKinds[signal.id] = [kind]
            case .detector(_, let kinds, _): signalKinds[signal.id] = kinds.isEmpty ? ["*"] : Set(kinds)
            }
        }
        let usedSignals = Set(workspace.goals.flatMap { $0.signals.map(\.signal) })

        for source in workspace.runtime.sources where source.event != ExpressionScopes.profileEventKind {
            let feeds = usedSignals.contains { signalKinds[$0]?.contains(source.event) == true || signalKinds[$0]?.contains("*") == true }
            if !feeds {
                findings.append(Finding(location: "\(source.position)", message: "source '\(source.name)' (\(source.event) events) feeds no goal: no goal uses a signal on \(source.event) events"))
            }
            if !available.contains("source/\(source.kind)") {
                findings.append(Finding(location: "\(source.position)", message: "source '\(source.name)': kind '\(source.kind)' is not part of this build"))
            }
        }
        for goal in workspace.goals {
            for selector in goal.signals {
                guard let definition = workspace.catalogue[selector.signal] else { continue }
                switch definition.detection {
                case .condition(let kind, _, _):
                    if !sourceKinds.contains(kind) {
                        findings.append(Finding(location: "\(selector.position)", message: "goal '\(goal.id)' counts signal '\(selector.signal)', which reads \(kind) events, but no source produces \(kind) events"))
                    }
                case .detector(let kind, let kinds, _):
                    if !available.contains("detector/\(kind)") {
                        findings.append(Finding(location: "\(selector.position)", message: "goal '\(goal.id)' counts signal '\(selector.signal)', whose detector '\(kind)' is not part of this build: it produces nothing yet"))
                    } else if !kinds.isEmpty && sourceKinds.isDisjoint(with: kinds) {
                        findings.append(Finding(location: "\(selector.position)", message: "goal '\(goal.id)' counts signal '\(selector.signal)', whose detector reads \(kinds.joined(separator: ", ")) events, which no source produces"))
                    }
                }
            }
        }
        for audience in workspace.audiences {
            if audience.subscriptions.isEmpty {
                findings.append(Finding(location: "\(audience.position)", message: "audience '\(audience.id)' has no subscriptions: it receives nothing (except escalations)"))
            }
            for (index, subscription) in audience.subscriptions.enumerated() {
                if !available.contains("action/\(subscription.action.kind)") {
                    findings.append(Finding(location: "\(subscription.action.position)", message: "audience '\(audience.id)', subscription \(index + 1): action '\(subscription.action.kind)' is not part of this build; deliveries would stay pending"))
                }
                guard let when = subscription.when else { continue }
                if !canMatch(when, goals: subscription.goals.compactMap(workspace.goal), scopes: workspace.scopes) {
                    findings.append(Finding(location: "\(subscription.position)", message: "audience '\(audience.id)', subscription \(index + 1): `\(when.source)` holds for none of the priorities its goals can give (\(possiblePriorities(subscription.goals.compactMap(workspace.goal)).joined(separator: ", "))) at any score tried: it can never match"))
                }
            }
        }
        return findings
    }

    /// The priorities a goal can give: those with rules, and `low` (when no rule holds).
    static func possiblePriorities(_ goals: [Goal]) -> [String] {
        var priorities = Set(["low"])
        for goal in goals { for rule in goal.priorityRules { priorities.insert(rule.priority.rawValue) } }
        return Priority.allCases.map(\.rawValue).filter(priorities.contains)
    }

    /// Tries the condition over the insight values a goal can produce (each possible priority, each
    /// status, scores from the threshold up); true when any holds or cannot be decided (an error on
    /// fields the trial does not fill, such as profile fields, counts as "may match").
    static func canMatch(_ condition: Condition, goals: [Goal], scopes: ExpressionScopes) -> Bool {
        let declarations = scopes.insight
        for goal in goals {
            for priority in possiblePriorities([goal]) {
                for status in InsightStatus.allCases {
                    for factor in [1.0, 1.5, 2.0, 4.0, 10.0] {
                        var record = [Value?](repeating: nil, count: declarations.count)
                        func set(_ name: String, _ value: Value) { if let slot = declarations.slot(of: name) { record[slot] = value } }
                        set("goal", .string(goal.id))
                        set("objective", .string(goal.objective.rawValue))
                        set("priority", .string(priority))
                        set("score", .double(goal.threshold * factor))
                        set("count", .int(Int64(factor * 2)))
                        set("signals", .list(goal.signals.map { .string($0.signal) }))
                        set("subject", .string("trial"))
                        set("subject_kind", .string(goal.subject.rawValue))
                        set("owner", .string(goal.owner))
                        set("status", .string(status.rawValue))
                        set("time", .timestamp(TimestampValue(seconds: 1_767_225_600)!))
                        switch Result(catching: { try condition.program.evaluate(record) }) {
                        case .success(.bool(true)), .failure: return true
                        default: continue
                        }
                    }
                }
            }
        }
        return goals.isEmpty
    }
}
