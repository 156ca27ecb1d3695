import XIPluginAPI

extension EffortDetector {
    /// The `effort` detector's descriptor and maker.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .detector, kind: "effort", summary: "Raised when an event shows high customer effort or friction (CES, transfers, waits, IVR, web journeys).",
            options: [
                PluginOption("score_field", .string, summary: "A customer effort score field (1 easy to 7 very hard)."),
                PluginOption("threshold", .number, summary: "The effort score at or above which the signal is raised (default 5)."),
                PluginOption("transfers_field", .string, summary: "The number of transfers in the contact."),
                PluginOption("max_transfers", .integer, summary: "Transfers above which the contact counts as high effort (default 1)."),
                PluginOption("wait_field", .string, summary: "A wait in seconds (hold, queue)."),
                PluginOption("max_wait", .duration, summary: "The wait above which the contact counts as high effort (default 5m)."),
                PluginOption("limits", .mapping, summary: "Numeric fields and the value above which each is friction (IVR zero-outs, agent requests, menu loops; web errors, exit rate, dwell seconds)."),
                PluginOption("flags", .stringList, summary: "Boolean fields that are friction when true (abandoned, exit after an error)."),
                PluginOption("values", .mapping, summary: "Text fields and the values that are friction (outcome: [error, abandoned])."),
            ]),
        make: { context, _ in .detector(try make(context)) })

    /// Makes the detector from its options; throws ``PluginError`` when they cannot work.
    public static func make(_ context: PluginContext) throws -> EffortDetector {
        let name = context.name
        func number(_ option: String, default fallback: Double) throws -> Double { try context.number(option, default: fallback) }
        var limits: [Limit] = []
        if let field = try context.string("score_field") {
            let threshold = try number("threshold", default: 5)
            limits.append(Limit(field: field, maximum: threshold - 0.5, cue: "ces"))
        }
        if let field = try context.string("transfers_field") {
            limits.append(Limit(field: field, maximum: try number("max_transfers", default: 1), cue: "transfers"))
        }
        if let field = try context.string("wait_field") {
            limits.append(Limit(field: field, maximum: try context.seconds("max_wait", default: 300), cue: "wait"))
        }
        switch context.options["limits"] {
        case nil, .null?: break
        case .mapping(let entries)?:
            for (field, value) in entries.sorted(by: { $0.key < $1.key }) {
                guard let maximum = value.number else { throw PluginError("option 'limits' of '\(name)': '\(field)' must have a number, not \(value)") }
                limits.append(Limit(field: field, maximum: maximum, cue: field))
            }
        case let other?: throw PluginError("option 'limits' of '\(name)' must map fields to numbers, not \(other)")
        }
        let flags = try context.stringList("flags") ?? []
        var values: [String: Set<String>] = [:]
        switch context.options["values"] {
        case nil, .null?: break
        case .mapping(let entries)?:
            for (field, value) in entries {
                switch value {
                case .list(let items): values[field] = Set(items.compactMap(\.string))
                case .string(let text): values[field] = [text]
                default: throw PluginError("option 'values' of '\(name)': '\(field)' must list values, not \(value)")
                }
            }
        case let other?: throw PluginError("option 'values' of '\(name)' must map fields to lists of values, not \(other)")
        }
        guard !limits.isEmpty || !flags.isEmpty || !values.isEmpty else {
            throw PluginError("'\(name)' has nothing to look at; give at least one of score_field, transfers_field, wait_field, limits, flags or values")
        }
        return EffortDetector(signal: name, limits: limits, flags: flags, values: values)
    }
}
