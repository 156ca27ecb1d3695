import XIPluginAPI

extension PluginRegistry {
    /// xi's built-in plugin kinds: sources `csv`, `jsonl`; detectors `sentiment`, `vulnerability`,
    /// `repeat_contact`, `effort`, `silent_dissatisfaction`, `share_of_wallet`; actions `file`,
    /// `stdout`, `webhook`, `slack`, `teams`, `email`, `ticket`, `exec`.
    public static let builtIn = PluginRegistry([
        // Sources.
        PluginDescriptor(
            category: .source, kind: "csv", summary: "Reads CSV files with a header row.",
            options: [
                PluginOption("delimiter", .string, summary: "The field separator (default ',')."),
                PluginOption("quote", .string, summary: "The quote character (default '\"')."),
                PluginOption("time_format", .string, summary: "How times are written (default ISO 8601)."),
            ], readsFiles: true),
        PluginDescriptor(
            category: .source, kind: "jsonl", summary: "Reads JSON lines, one object per line.",
            options: [PluginOption("time_format", .string, summary: "How times are written (default ISO 8601).")],
            readsFiles: true),
        // Detectors.
        PluginDescriptor(
            category: .detector, kind: "sentiment", summary: "Scores the sentiment of an event's text, -1 to 1.",
            options: [
                PluginOption("polarity", .string, summary: "negative (default) or positive: which sentiment raises the signal."),
                PluginOption("threshold", .number, summary: "The least strength, 0 to 1, that raises the signal (default 0.5)."),
                PluginOption("language", .string, summary: "The text's language tag (default en); others load Models/sentiment-<language>.model."),
                PluginOption("model", .string, summary: "A model file written by `xi train sentiment`."),
                PluginOption("lexicon", .string, summary: "A word list replacing the built-in English words."),
                PluginOption("field", .string, summary: "A text field to score instead of the event's text."),
            ]),
        PluginDescriptor(
            category: .detector, kind: "vulnerability",
            summary: "Finds cues of customer vulnerability (FCA drivers: health, life_events, resilience, capability).",
            options: [
                PluginOption("drivers", .stringList, summary: "Which drivers to look for (default all four)."),
                PluginOption("keywords", .stringList, summary: "Extra words or phrases that count as a cue of any driver."),
                PluginOption("phrases", .mapping, summary: "Cue phrases per driver, replacing the built-in English ones for the drivers named."),
                PluginOption("negations", .stringList, summary: "Words that cancel a cue after them (default English)."),
                PluginOption("fields", .stringList, summary: "Boolean fields that flag vulnerability directly."),
            ]),
        PluginDescriptor(
            category: .detector, kind: "repeat_contact", summary: "Raised when a subject contacts again within a period.",
            options: [
                PluginOption("within", .duration, summary: "The period (default 7d)."),
                PluginOption("count", .integer, summary: "Contacts in the period that raise the signal, at least 2 (default 2)."),
                PluginOption("same_field", .string, summary: "Only count contacts with the same value of this field (a reason code)."),
            ]),
        PluginDescriptor(
            category: .detector, kind: "effort", summary: "Raised when an event shows high customer effort or friction.",
            options: [
                PluginOption("score_field", .string, summary: "A customer effort score field (1 easy to 7 very hard)."),
                PluginOption("threshold", .number, summary: "The effort score at or above which the signal is raised (default 5)."),
                PluginOption("transfers_field", .string, summary: "The number of transfers in the contact."),
                PluginOption("max_transfers", .integer, summary: "Transfers above which the contact counts as high effort (default 1)."),
                PluginOption("wait_field", .string, summary: "A wait in seconds (hold, queue)."),
                PluginOption("max_wait", .duration, summary: "The wait above which the contact counts as high effort (default 5m)."),
                PluginOption("limits", .mapping, summary: "Numeric fields and the value above which each is friction."),
                PluginOption("flags", .stringList, summary: "Boolean fields that are friction when true."),
                PluginOption("values", .mapping, summary: "Text fields and the values that are friction."),
            ]),
        PluginDescriptor(
            category: .detector, kind: "silent_dissatisfaction",
            summary: "Raised when a subject's activity drops against its own baseline without a complaint.",
            options: [
                PluginOption("metric", .string, required: true, summary: "The numeric field whose drop is watched."),
                PluginOption("baseline", .duration, summary: "The period the baseline is taken over (default 90d)."),
                PluginOption("drop", .number, summary: "The relative drop that raises the signal, 0 to 1 (default 0.5)."),
            ]),
        PluginDescriptor(
            category: .detector, kind: "share_of_wallet",
            summary: "Raised when a subject holds products elsewhere or moves money to competitors.",
            options: [
                PluginOption("products_field", .string, summary: "The list field of products held with us."),
                PluginOption("competitor_terms", .stringList, summary: "Names of competitors to look for in text and payees."),
                PluginOption("outflow_field", .string, summary: "A numeric field of money moved out."),
                PluginOption("threshold", .number, summary: "The minimum strength, 0 to 1 (default 0.5)."),
            ]),
        // Actions.
        PluginDescriptor(
            category: .action, kind: "file", summary: "Writes each delivery as a JSON line into an inbox folder.",
            options: [
                PluginOption("path", .string, summary: "The inbox folder (default .xi/outbox/<audience>)."),
                PluginOption("format", .string, summary: "jsonl (default) or csv."),
            ]),
        PluginDescriptor(
            category: .action, kind: "stdout", summary: "Prints each delivery on standard output.",
            options: [PluginOption("format", .string, summary: "text (default) or json.")]),
        PluginDescriptor(
            category: .action, kind: "webhook", summary: "POSTs each delivery as JSON, signed with an HMAC of the secret.",
            options: [
                PluginOption("url", .string, required: true, summary: "The endpoint."),
                PluginOption("secret", .string, secret: true, summary: "The HMAC signing key."),
                PluginOption("headers", .mapping, summary: "Extra HTTP headers."),
                PluginOption("timeout", .duration, summary: "Per-request timeout (default 10s)."),
            ]),
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
        PluginDescriptor(
            category: .action, kind: "exec", summary: "Runs an external action plugin speaking JSON lines (DELIVERY, ACK/NACK).",
            options: [
                PluginOption("command", .string, required: true, summary: "The executable."),
                PluginOption("arguments", .stringList, summary: "Its arguments."),
                PluginOption("environment", .mapping, summary: "Extra environment variables; secrets as ${ENV_VAR}."),
                PluginOption("timeout", .duration, summary: "How long one delivery may take (default 30s)."),
            ]),
    ])
}
