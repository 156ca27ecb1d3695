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
            kpis = elements.compactMap { decodeKPI($0, context: context) }
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

    func decodeKPI(_ node: Node, context: ValidationContext) -> KPI? {
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
        var kpi = KPI(metric: metric, window: window, target: target, description: description)
        let explicit = entry.value("measure").flatMap { choice($0, "KPI measure", as: KPIMeasure.self) }
        if entry.value("measure") != nil && explicit == nil { return nil }
        if let measure = explicit ?? KPIMeasure.implied(by: metric), measure.isFromInsights {
            for key in ["on", "value", "when"] where entry[key] != nil {
                error(entry.entries.first { $0.key == key }!.keyNode, "KPI '\(metric)' measures \(measure.rawValue) from xi's own records; it takes no '\(key)'")
            }
            kpi.measurement = KPI.Measurement(measure: measure, readings: [])
            return kpi
        }
        guard let onNode = entry["on"] else {
            for key in ["measure", "value", "when"] where entry[key] != nil {
                error(entry.entries.first { $0.key == key }!.keyNode, "'\(key)' of KPI '\(metric)' needs 'on', the event kind it is measured from")
            }
            warning(node, "KPI '\(metric)' is not measured: it has no 'on'", hint: "add on (an event kind), value (what each event gives) and, if needed, measure and when")
            return kpi
        }
        // One kind, or several read together (complaints among contacts and complaints).
        guard let kinds = stringList(onNode, "KPI event kinds", allowSingle: true), !kinds.isEmpty else { return nil }
        for (kind, kindNode) in kinds {
            if let known = context.eventKinds, !known.contains(kind) {
                error(kindNode, "unknown event kind '\(kind)': no source in xi.yaml produces it",
                      hint: NameSuggestion.hint(for: kind, in: known) ?? "known kinds: \(known.joined(separator: ", "))")
                return nil
            }
        }
        func compiler(_ kind: String) -> ConditionCompiler { context.eventCompilers[kind] ?? context.undeclaredEventCompiler }
        let several = kinds.count > 1
        var measure = explicit ?? KPIMeasure.implied(by: metric)
        let valueNode = entry.value("value")
        if let valueNode, measure == nil {
            // A share's value is a condition; the others' a number. Without `measure`, the type decides.
            measure = Self.looksBoolean(valueNode, compiler: compiler(kinds[0].0)) ? .share : .mean
        }
        let measured = measure ?? .count
        if measured != .count && valueNode == nil {
            error(node, "KPI '\(metric)' measures \(measured.rawValue) and needs 'value': what each \(kinds.map(\.0).joined(separator: " or ")) event gives",
                  hint: measured == .share ? "a condition, e.g. \"resolved\"" : "a number, e.g. \"nps\"")
            return nil
        }
        var readings: [KPI.Reading] = []
        for (kind, _) in kinds {
            let scope = several ? " on \(kind) events" : ""
            var value: Condition?
            if let valueNode, measured != .count {
                value = compiler(kind).compile(valueNode, "'value' of KPI '\(metric)'\(scope)", expecting: measured == .share ? .boolean : .number, in: self)
                guard value != nil else { return nil }
            }
            var when: Condition?
            if let whenNode = entry.value("when") {
                when = compiler(kind).compile(whenNode, "'when' of KPI '\(metric)'\(scope)", expecting: .boolean, in: self)
                guard when != nil else { return nil }
            }
            readings.append(KPI.Reading(eventKind: kind, value: value, when: when))
        }
        kpi.measurement = KPI.Measurement(measure: measured, readings: readings)
        return kpi
    }

    /// Whether a `value` without `measure` is a condition: it type-checks as `bool`.
    static func looksBoolean(_ node: Node, compiler: ConditionCompiler) -> Bool {
        guard let text = node.scalar?.string else { return false }
        return compiler.resultType(of: text) == .bool
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
