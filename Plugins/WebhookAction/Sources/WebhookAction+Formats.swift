import Foundation
import XIPluginAPI

/// The HTTP actions built on the webhook's request, retry and idempotency machinery, each with its
/// own body: a Slack message (Block Kit), a Microsoft Teams card (Adaptive Card), a ticket.
extension WebhookAction {
    /// Options every HTTP action shares: how long, how often, and how to wait.
    static let retryOptions: [PluginOption] = [
        PluginOption("timeout", .duration, summary: "Per-request timeout (default 10s)."),
        PluginOption("retries", .integer, summary: "Tries after the first within one delivery, on connection errors, timeouts, 408, 429 and 5xx (default 3)."),
        PluginOption("backoff", .duration, summary: "The first retry's backoff, doubled each retry, with full jitter (default 500ms)."),
        PluginOption("max_backoff", .duration, summary: "The longest wait between tries (default 30s)."),
    ]

    /// Template options for a kind: inline, or from a file beside the configuration.
    static func templateOptions(_ what: String) -> [PluginOption] {
        [
            PluginOption("template", .string, summary: "A Mustache template for an insight's \(what) (default: xi's)."),
            PluginOption("template_file", .string, summary: "The same, from a file; relative to xi.yaml."),
            PluginOption("digest_template", .string, summary: "A Mustache template for a digest's \(what) (default: xi's)."),
            PluginOption("digest_template_file", .string, summary: "The same, from a file; relative to xi.yaml."),
        ]
    }

    /// `kind: slack`: a Block Kit message to a Slack incoming webhook.
    public static let slackFactory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .action, kind: "slack", summary: "Posts a Block Kit message to a Slack channel through an incoming webhook.",
            options: [PluginOption("webhook_url", .string, required: true, secret: true, summary: "The incoming webhook URL (it carries its token).")]
                + templateOptions("message (Block Kit JSON)") + retryOptions),
        make: { context, _ in
            .action(try templated(context, urlOption: "webhook_url", insight: slackInsight, digest: slackDigest, names: ("template", "digest_template")))
        })

    /// `kind: teams`: an Adaptive Card to a Microsoft Teams workflow (or connector) webhook.
    public static let teamsFactory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .action, kind: "teams", summary: "Posts an Adaptive Card to a Microsoft Teams channel through a workflow webhook.",
            options: [PluginOption("webhook_url", .string, required: true, secret: true, summary: "The workflow webhook URL (it carries its signature).")]
                + templateOptions("card (a message with an Adaptive Card attachment)") + retryOptions),
        make: { context, _ in
            .action(try templated(context, urlOption: "webhook_url", insight: teamsInsight, digest: teamsDigest, names: ("template", "digest_template")))
        })

    /// `kind: ticket`: a ticket created over HTTP in a service desk (Jira, ServiceNow, Zendesk, …).
    public static let ticketFactory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .action, kind: "ticket", summary: "Creates a ticket over HTTP: method, URL, headers and a Mustache body template.",
            options: [
                PluginOption("url", .string, required: true, summary: "The service desk's endpoint that creates a ticket."),
                PluginOption("method", .string, summary: "POST, PUT or PATCH (default POST)."),
                PluginOption("headers", .mapping, summary: "HTTP headers, such as Authorization; a value may be a ${ENV_VAR} reference."),
                PluginOption("content_type", .string, summary: "The body's content type; a JSON type makes values JSON-escaped and the body checked (default application/json)."),
                PluginOption("body", .string, summary: "A Mustache template for an insight's ticket (default: title, description, priority, external_id)."),
                PluginOption("body_file", .string, summary: "The same, from a file; relative to xi.yaml."),
                PluginOption("digest_body", .string, summary: "A Mustache template for a digest's ticket (default: one ticket listing the insights)."),
                PluginOption("digest_body_file", .string, summary: "The same, from a file; relative to xi.yaml."),
                PluginOption("secret", .string, secret: true, summary: "Sign requests like the webhook action (Standard Webhooks), for receivers that check."),
            ] + retryOptions),
        make: { context, _ in
            let method = (try context.string("method") ?? "POST").uppercased()
            guard ["POST", "PUT", "PATCH"].contains(method) else {
                throw PluginError("option 'method' of '\(context.name)' is \(method); use POST, PUT or PATCH")
            }
            let contentType = try context.string("content_type") ?? "application/json"
            let action = try templated(
                context, urlOption: "url", insight: ticketInsight, digest: ticketDigest, names: ("body", "digest_body"), contentType: contentType, method: method)
            return .action(action)
        })

    /// An HTTP action whose body comes from templates.
    static func templated(
        _ context: PluginContext, urlOption: String, insight: String, digest: String, names: (insight: String, digest: String),
        contentType: String = "application/json", method: String = "POST"
    ) throws -> WebhookAction {
        var settings = try settings(context, urlOption: urlOption)
        let json = contentType.lowercased().contains("json")
        let insightTemplate = try MessageTemplate(try context.inlineOrFile(names.insight) ?? insight, json: json, option: names.insight, plugin: context.name)
        let digestTemplate = try MessageTemplate(try context.inlineOrFile(names.digest) ?? digest, json: json, option: names.digest, plugin: context.name)
        settings.format = .template(insight: insightTemplate, digest: digestTemplate, contentType: contentType)
        settings.method = method
        return WebhookAction(settings: settings)
    }

    // MARK: - Default templates

    static let slackInsight = #"""
        {"text":"{{goal}}: {{priority}} priority insight for {{subject.id}}",
         "blocks":[
          {"type":"header","text":{"type":"plain_text","text":"{{goal}}: {{priority}} priority"}},
          {"type":"section","fields":[
            {"type":"mrkdwn","text":"*Customer*\n{{subject.id}}{{^subject.id}}—{{/subject.id}}"},
            {"type":"mrkdwn","text":"*Score*\n{{score}}"},
            {"type":"mrkdwn","text":"*Evidence*\n{{evidence.summary}}{{^evidence.summary}}—{{/evidence.summary}}"},
            {"type":"mrkdwn","text":"*Insight*\n`{{id}}`"}]},
          {"type":"section","text":{"type":"mrkdwn","text":"{{recommend}}{{^recommend}}See xi explain {{id}}.{{/recommend}}"}},
          {"type":"context","elements":[{"type":"mrkdwn","text":"xi · delivery {{delivery.id}}"}]}]}
        """#

    static let slackDigest = #"""
        {"text":"{{count}} insights for {{audience}} since {{period}}",
         "blocks":[
          {"type":"header","text":{"type":"plain_text","text":"{{count}} insights since {{period}}"}},
          {{#insights}}{"type":"section","text":{"type":"mrkdwn","text":"*{{goal}}* · {{priority}} · {{subject.id}} · score {{score}}\n{{recommend}}"}},
          {{/insights}}{"type":"context","elements":[{"type":"mrkdwn","text":"xi digest for {{audience}} · delivery {{delivery.id}}"}]}]}
        """#

    static let teamsInsight = #"""
        {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{
          "$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.4",
          "body":[
            {"type":"TextBlock","size":"Medium","weight":"Bolder","wrap":true,"text":"{{goal}}: {{priority}} priority"},
            {"type":"FactSet","facts":[
              {"title":"Customer","value":"{{subject.id}}"},
              {"title":"Score","value":"{{score}}"},
              {"title":"Evidence","value":"{{evidence.summary}}"},
              {"title":"Insight","value":"{{id}}"}]},
            {"type":"TextBlock","wrap":true,"text":"{{recommend}}"}]}}]}
        """#

    static let teamsDigest = #"""
        {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{
          "$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.4",
          "body":[
            {"type":"TextBlock","size":"Medium","weight":"Bolder","wrap":true,"text":"{{count}} insights for {{audience}} since {{period}}"},
            {"type":"FactSet","facts":[
              {{#insights}}{"title":"{{goal}} · {{priority}}","value":"{{subject.id}}, score {{score}}"},
              {{/insights}}{"title":"Delivery","value":"{{delivery.id}}"}]}]}}]}
        """#

    static let ticketInsight = #"""
        {"title":"{{goal}}: {{priority}} priority insight for {{subject.id}}",
         "description":"{{recommend}}\n\n{{explanation}}\n\nEvidence: {{evidence.summary}}\nInsight: {{id}}",
         "priority":"{{priority}}",
         "external_id":"{{delivery.id}}"}
        """#

    static let ticketDigest = #"""
        {"title":"{{count}} insights for {{audience}} since {{period}}",
         "description":"{{#insights}}- {{goal}} · {{priority}} · {{subject.id}} · score {{score}} ({{id}})\n{{/insights}}",
         "priority":"low",
         "external_id":"{{delivery.id}}"}
        """#
}
