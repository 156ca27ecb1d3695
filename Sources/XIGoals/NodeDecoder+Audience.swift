import Yams

/// An audience with where its escalation target was written, for the cross-file check.
struct DecodedAudience: IdentifiedDefinition {
    /// The audience, when its file is valid.
    var audience: Audience?
    var id: String
    var idPosition: SourcePosition
    var escalation: Escalation?
    var escalationTargetPosition: SourcePosition?
}

extension NodeDecoder {
    /// Decodes an audience file.
    func decodeAudience(_ root: Node, context: ValidationContext) -> DecodedAudience? {
        guard let top = mapping(root, "an audience", keys: ConfigurationKeys.audience) else { return nil }
        let id = top["audience"].flatMap { identifier($0, "audience id") }
        let name = top.value("name").flatMap { nonEmptyString($0, "audience name") }
        let contact = top.value("contact").flatMap { nonEmptyString($0, "contact") }
        let description = top.value("description").flatMap { string($0, "description") }
        var subscriptions: [Subscription] = []
        if let node = top["subscriptions"], let elements = list(node, "subscriptions") {
            if elements.isEmpty { warning(node, "no subscriptions: this audience receives nothing") }
            subscriptions = elements.compactMap { decodeSubscription($0, context: context) }
        }
        var lens = Lens.default
        if let node = top.value("lens") { lens = decodeLens(node, context: context) ?? lens }
        var escalation: Escalation?
        var escalationTarget: SourcePosition?
        if let node = top.value("escalation"), let entry = mapping(node, "escalation", keys: ConfigurationKeys.escalation) {
            let after = entry["after"].flatMap { duration($0, "escalation 'after'") }
            let to = entry["to"].flatMap { self.identifier($0, "escalation audience") }
            if let after, let to {
                escalation = Escalation(after: after, to: to)
                escalationTarget = position(of: entry["to"]!)
            }
        }
        guard let id else { return nil }
        let idPosition = position(of: top["audience"]!)
        let audience = Audience(
            id: id, name: name, contact: contact, description: description, subscriptions: subscriptions, lens: lens,
            escalation: escalation, position: idPosition)
        return DecodedAudience(
            audience: diagnostics.contains { $0.severity == .error } ? nil : audience, id: id, idPosition: idPosition,
            escalation: escalation, escalationTargetPosition: escalationTarget)
    }

    func decodeSubscription(_ node: Node, context: ValidationContext) -> Subscription? {
        guard let entry = mapping(node, "a subscription", keys: ConfigurationKeys.subscription) else { return nil }
        var goals: [String] = []
        var goalsValid = true
        if let goalNode = entry["goal"], let names = stringList(goalNode, "goal", allowSingle: true) {
            if names.isEmpty { error(goalNode, "a subscription needs at least one goal") }
            for (goal, goalElement) in names {
                if let known = context.goalIDs, !known.contains(goal) {
                    error(goalElement, "unknown goal '\(goal)'", hint: NameSuggestion.hint(for: goal, in: known.sorted()))
                    goalsValid = false
                } else {
                    goals.append(goal)
                }
            }
        }
        var when: Condition?
        var whenFailed = false
        if let whenNode = entry.value("when") {
            when = context.insightCompiler.compile(whenNode, "'when' of subscription", expecting: .boolean, in: self)
            whenFailed = when == nil
        }
        let cadence = entry.value("cadence").map { choice($0, "cadence", as: Cadence.self) } ?? .immediate
        let action = entry["action"].flatMap { decodeAction($0, context: context) }
        guard goalsValid, !goals.isEmpty, !whenFailed, let cadence, let action else { return nil }
        return Subscription(goals: goals, when: when, cadence: cadence, action: action, position: position(of: node))
    }

    func decodeAction(_ node: Node, context: ValidationContext) -> ActionConfiguration? {
        guard let entry = mapping(node, "an action", keys: AcceptedKeys(["kind"], required: ["kind"], open: true)) else { return nil }
        guard let kindNode = entry["kind"], let descriptor = plugin(kindNode, .action, registry: context.registry) else { return nil }
        let options = pluginOptions(
            entry.entries.filter { $0.key != "kind" }, descriptor: descriptor, at: node, what: "action '\(descriptor.kind)'")
        return ActionConfiguration(kind: descriptor.kind, options: options, position: position(of: node))
    }

    func decodeLens(_ node: Node, context: ValidationContext) -> Lens? {
        guard let entry = mapping(node, "lens", keys: ConfigurationKeys.lens) else { return nil }
        let known = context.lensFields
        func fields(_ key: String) -> [String] {
            guard let listNode = entry.value(key), let names = stringList(listNode, "lens '\(key)'") else { return [] }
            var result: [String] = []
            for (field, fieldNode) in names {
                if known.contains(field) {
                    result.append(field)
                } else {
                    error(
                        fieldNode, "unknown field '\(field)' in lens '\(key)'",
                        hint: NameSuggestion.hint(for: field, in: known) ?? "insight fields are \(ValidationContext.insightLensFields.joined(separator: ", ")) and profile.<field>")
                }
            }
            return result
        }
        let allow = fields("allow")
        let pseudonymize = fields("pseudonymize")
        for field in pseudonymize where allow.contains(field) {
            if let listNode = entry.value("pseudonymize") {
                error(listNode, "field '\(field)' is both allowed in clear and pseudonymized", hint: "list it in one of 'allow' and 'pseudonymize'")
            }
        }
        return Lens(allow: allow, pseudonymize: pseudonymize)
    }
}
