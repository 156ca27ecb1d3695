import Yams

/// A goal file's id, and the goal when the file is valid.
struct DecodedGoal: IdentifiedDefinition {
    var goal: Goal?
    var id: String
    var idPosition: SourcePosition
}

extension NodeDecoder {
    /// Decodes a goal file. The id is returned even when the goal is invalid, so references to
    /// it from audiences are not reported as well.
    func decodeGoal(_ root: Node, context: ValidationContext) -> DecodedGoal? {
        guard let top = mapping(root, "a goal", keys: ConfigurationKeys.goal) else { return nil }
        let id = top["goal"].flatMap { identifier($0, "goal id") }
        let idPosition = top["goal"].map { position(of: $0) }
        let name = top["name"].flatMap { nonEmptyString($0, "goal name") }
        let owner = top["owner"].flatMap { nonEmptyString($0, "goal owner") }
        let objective = top["objective"].flatMap { choice($0, "objective", as: Objective.self) }
        let description = top.value("description").flatMap { string($0, "description") }
        if objective == .custom, description == nil, let node = top["objective"] {
            warning(node, "a custom objective should say what it is in 'description'")
        }
        let subject = top.value("subject").map { choice($0, "subject kind", as: SubjectKind.self) } ?? .customer
        var window = TimeSpan("30d")!
        if let node = top.value("window") { window = duration(node, "window") ?? window }
        let threshold = top["threshold"].flatMap { positiveNumber($0, "threshold") }
        let recommend = top.value("recommend").flatMap { nonEmptyString($0, "recommend") }

        var kpis: [KPI] = []
        if let node = top.value("kpis"), let elements = list(node, "kpis") {
            kpis = elements.compactMap(decodeKPI)
        }
        var selectors: [SignalSelector] = []
        if let node = top["signals"], let elements = list(node, "signals") {
            if elements.isEmpty { error(node, "a goal needs at least one signal") }
            selectors = elements.compactMap { decodeSelector($0, context: context) }
        }
        var rules: [PriorityRule] = []
        if let node = top.value("priority"), let priorities = mapping(node, "priority rules", keys: ConfigurationKeys.priority) {
            for priority in Priority.allCases {
                guard let ruleNode = priorities[priority.rawValue],
                    let condition = context.priorityCompiler.compile(ruleNode, "priority '\(priority.rawValue)'", expecting: .boolean, in: self)
                else { continue }
                rules.append(PriorityRule(priority: priority, condition: condition))
            }
        }
        guard let id, let idPosition else { return nil }
        guard let name, let owner, let objective, let subject, let threshold else {
            return DecodedGoal(goal: nil, id: id, idPosition: idPosition)
        }
        let goal = Goal(
            id: id, name: name, owner: owner, objective: objective, description: description, kpis: kpis, signals: selectors,
            window: window, threshold: threshold, priorityRules: rules, recommend: recommend, subject: subject,
            position: idPosition)
        return DecodedGoal(goal: diagnostics.contains { $0.severity == .error } ? nil : goal, id: id, idPosition: idPosition)
    }

    func decodeKPI(_ node: Node) -> KPI? {
        guard let entry = mapping(node, "a KPI", keys: ConfigurationKeys.kpi) else { return nil }
        let metric = entry["metric"].flatMap { identifier($0, "KPI metric", allowHyphen: false) }
        let window = entry.value("window").flatMap { duration($0, "KPI window") }
        var target: KPITarget?
        if let targetNode = entry["target"], let text = string(targetNode, "KPI target") {
            target = KPITarget(text)
            if target == nil {
                error(targetNode, "invalid KPI target '\(text)': expected a comparison and a number", hint: "e.g. \"< 5%\" or \">= 40\"")
            }
        }
        let description = entry.value("description").flatMap { string($0, "description") }
        guard let metric, let target else { return nil }
        return KPI(metric: metric, window: window, target: target, description: description)
    }

    func decodeSelector(_ node: Node, context: ValidationContext) -> SignalSelector? {
        guard let entry = mapping(node, "a signal selector", keys: ConfigurationKeys.signalSelector) else { return nil }
        var signal: String?
        if let signalNode = entry["signal"], let name = string(signalNode, "signal name") {
            if let known = context.signalNames, !known.contains(name) {
                error(
                    signalNode, "unknown signal '\(name)'",
                    hint: NameSuggestion.hint(for: name, in: known) ?? "define it in the signal catalogue")
            } else {
                signal = name
            }
        }
        let weight = entry.value("weight").map { positiveNumber($0, "weight") } ?? 1
        var when: Condition?
        var whenFailed = false
        if let whenNode = entry.value("when") {
            when = context.selectorCompiler.compile(whenNode, "'when' of signal selector", expecting: .boolean, in: self)
            whenFailed = when == nil
        }
        guard let signal, let weight, !whenFailed else { return nil }
        return SignalSelector(signal: signal, when: when, weight: weight, position: position(of: node))
    }
}
