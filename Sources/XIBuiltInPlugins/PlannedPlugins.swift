import XIPluginAPI

/// Plugin kinds that are planned but not built into this binary yet, with the options they will
/// take: a configuration naming them validates, and `xi run` and `xi audit` say they are not
/// available. A kind moves from here to its folder under `Plugins/` when it is built.
enum PlannedPlugins {
    /// The planned kinds' descriptors: actions `email`.
    static let descriptors: [PluginDescriptor] = [
        PluginDescriptor(
            category: .action, kind: "email", summary: "Sends an e-mail per delivery or digest.",
            options: [
                PluginOption("to", .stringList, required: true, summary: "Recipients."),
                PluginOption("from", .string, summary: "The sender address."),
                PluginOption("subject", .string, summary: "The subject line, a Mustache template."),
                PluginOption("smtp_url", .string, required: true, secret: true, summary: "smtp(s)://user:password@host:port."),
                PluginOption("template", .string, summary: "A Mustache template for the body."),
            ]),
    ]
}
