import XIPluginAPI

extension RepeatContactDetector {
    /// The `repeat_contact` detector's descriptor and maker.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .detector, kind: "repeat_contact", summary: "Raised when a subject contacts again within a period (first-contact resolution failed).",
            options: [
                PluginOption("within", .duration, summary: "The period (default 7d)."),
                PluginOption("count", .integer, summary: "Contacts in the period that raise the signal, at least 2 (default 2)."),
                PluginOption("same_field", .string, summary: "Only count contacts with the same value of this field (a reason code)."),
            ]),
        make: { context, _ in .detector(try make(context)) })

    /// Makes the detector from its options; throws ``PluginError`` when they cannot work.
    public static func make(_ context: PluginContext) throws -> RepeatContactDetector {
        let within = try context.seconds("within", default: 7 * 86_400)
        var count = 2
        switch context.options["count"] {
        case nil, .null?: break
        case .integer(let number)? where number >= 2: count = number
        case let other?: throw PluginError("option 'count' of '\(context.name)' is \(other); expected a whole number of 2 or more")
        }
        return RepeatContactDetector(signal: context.name, within: Int64(within.rounded()), count: count, sameField: try context.string("same_field"))
    }
}
