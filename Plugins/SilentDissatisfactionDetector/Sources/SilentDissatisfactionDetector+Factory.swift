import XIPluginAPI

extension SilentDissatisfactionDetector {
    /// The `silent_dissatisfaction` detector's descriptor and maker.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .detector, kind: "silent_dissatisfaction",
            summary: "Raised on a negative experience (a drop against the subject's own baseline, a low score) from a subject who has not complained.",
            options: [
                PluginOption("metric", .string, summary: "A numeric field whose drop against the subject's own baseline is a negative experience."),
                PluginOption("baseline", .duration, summary: "The period the baseline (the mean of earlier values) is taken over (default 90d)."),
                PluginOption("drop", .number, summary: "The relative drop that counts, 0 to 1 (default 0.5)."),
                PluginOption("score_field", .string, summary: "A score field (NPS, CSAT) whose low values are a negative experience."),
                PluginOption("score_at_most", .number, summary: "The score at or below which a score counts (default 6, an NPS detractor)."),
                PluginOption("complaint_kinds", .stringList, summary: "Event kinds that are complaints; list them in `on` too (default [complaint])."),
                PluginOption("within", .duration, summary: "A complaint this long before the experience means the subject is not silent (default 90d)."),
            ]),
        make: { context, _ in .detector(try make(context)) })

    /// Makes the detector from its options; throws ``PluginError`` when they cannot work.
    public static func make(_ context: PluginContext) throws -> SilentDissatisfactionDetector {
        let metric = try context.string("metric")
        let scoreField = try context.string("score_field")
        guard metric != nil || scoreField != nil else {
            throw PluginError("'\(context.name)' has no experience to watch; give metric (a numeric field such as monthly_spend) or score_field (such as nps), or both")
        }
        return SilentDissatisfactionDetector(
            signal: context.name, metric: metric, baseline: Int64(try context.seconds("baseline", default: 90 * 86_400).rounded()),
            drop: try context.number("drop", default: 0.5, in: 0...1), scoreField: scoreField,
            scoreAtMost: try context.number("score_at_most", default: 6), complaintKinds: Set(try context.stringList("complaint_kinds") ?? ["complaint"]),
            within: Int64(try context.seconds("within", default: 90 * 86_400).rounded()))
    }
}
