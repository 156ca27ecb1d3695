import XIPluginAPI

/// Plugin kinds that are planned but not built into this binary yet, with the options they will
/// take: a configuration naming them validates, and `xi run` and `xi audit` say they are not
/// available. A kind moves from here to its folder under `Plugins/` when it is built.
enum PlannedPlugins {
    /// The planned kinds' descriptors: actions `slack`, `teams`, `email`, `ticket`.
    static let descriptors: [PluginDescriptor] = [
        PluginDescriptor(
            category: .action, kind: "slack", summary: "Posts to a Slack channel through an incoming webhook.",
            options: [
                PluginOption("webhook_url", .string, required: true, secret: true, summary: "The incoming webhook URL."),
                PluginOption("channel", .string, summary: "The channel, when the webhook allows overriding it."),
                PluginOption("template", .string, summary: "A Mustache template for the message."),
            ]),
        PluginDescriptor(
            category: .action, kind: "teams", summary: "Posts to a Microsoft Teams channel through a workflow webhook.",
            options: [
                PluginOption("webhook_url", .string, required: true, secret: true, summary: "The workflow webhook URL."),
                PluginOption("template", .string, summary: "A Mustache template for the message."),
            ]),
        PluginDescriptor(
            category: .action, kind: "email", summary: "Sends an e-mail per delivery or digest.",
            options: [
                PluginOption("to", .stringList, required: true, summary: "Recipients."),
                PluginOption("from", .string, summary: "The sender address."),
                PluginOption("subject", .string, summary: "The subject line, a Mustache template."),
                PluginOption("smtp_url", .string, required: true, secret: true, summary: "smtp(s)://user:password@host:port."),
                PluginOption("template", .string, summary: "A Mustache template for the body."),
            ]),
        PluginDescriptor(
            category: .action, kind: "ticket", summary: "Opens a ticket in a service desk (Jira, ServiceNow, Zendesk).",
            options: [
                PluginOption("system", .string, required: true, summary: "jira, servicenow or zendesk."),
                PluginOption("url", .string, required: true, summary: "The service desk's base URL."),
                PluginOption("project", .string, summary: "The project, queue or group."),
                PluginOption("token", .string, required: true, secret: true, summary: "The API token."),
                PluginOption("assignee", .string, summary: "Who the ticket is assigned to."),
            ]),
    ]
}
