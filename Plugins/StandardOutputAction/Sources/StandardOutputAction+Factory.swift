import XIPluginAPI

extension StandardOutputAction {
    /// The `stdout` action's descriptor and maker. Option: `format`, `text` (default) or `json`.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .action, kind: "stdout", summary: "Prints each delivery on standard output.",
            options: [PluginOption("format", .string, summary: "text (default), a one-liner per delivery, or json, the envelope the file action writes.")]),
        make: { context, _ in .action(try make(context)) })

    /// Makes the action from its options; throws ``PluginError`` for an unknown format.
    public static func make(_ context: PluginContext) throws -> StandardOutputAction {
        guard let text = try context.string("format") else { return StandardOutputAction() }
        let name = text.lowercased() == "jsonl" ? "json" : text.lowercased()
        guard let format = Format(rawValue: name) else {
            throw PluginError("option 'format' of '\(context.name)' is '\(text)'; expected text or json")
        }
        return StandardOutputAction(format: format)
    }
}
