import Foundation
import XIPluginAPI

extension WebhookAction {
    /// The `webhook` action's descriptor and maker.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .action, kind: "webhook", summary: "POSTs each delivery as JSON, signed with an HMAC of the secret.",
            options: [
                PluginOption("url", .string, required: true, summary: "The endpoint, http or https."),
                PluginOption("secret", .string, secret: true, summary: "The HMAC-SHA256 signing key, whsec_<base64> or plain text (Standard Webhooks signature)."),
                PluginOption("headers", .mapping, summary: "Extra HTTP headers; a value may be a ${ENV_VAR} reference."),
                PluginOption("timeout", .duration, summary: "Per-request timeout (default 10s)."),
                PluginOption("retries", .integer, summary: "Tries after the first within one delivery, on connection errors, timeouts, 408, 429 and 5xx (default 3)."),
                PluginOption("backoff", .duration, summary: "The first retry's backoff, doubled each retry, with full jitter (default 500ms)."),
                PluginOption("max_backoff", .duration, summary: "The longest wait between tries (default 30s)."),
            ]),
        make: { context, _ in .action(try make(context)) })

    /// Makes the action from its options; throws ``PluginError`` when they cannot work (a URL that
    /// does not parse, a secret whose variable is not set). Messages never contain the secret.
    public static func make(_ context: PluginContext) throws -> WebhookAction {
        WebhookAction(settings: try settings(context))
    }

    /// Validates the options into settings, without making an HTTP client.
    public static func settings(_ context: PluginContext, urlOption: String = "url") throws -> WebhookSettings {
        let name = context.name
        guard let text = try context.string(urlOption), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw PluginError("the action '\(name)' needs option '\(urlOption)', the endpoint to send to")
        }
        // A secret URL (Slack's and Teams' webhook URLs carry their token) is never shown.
        let shown = context.options[urlOption]?.environmentReference == nil ? "'\(text)'" : "the value of \(context.options[urlOption]!)"
        guard let url = URL(string: text.trimmingCharacters(in: .whitespaces)),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty
        else {
            throw PluginError("option '\(urlOption)' of '\(name)': \(shown) is not an http or https URL; write it as https://host/path")
        }
        var signingKey: SigningKey?
        if let secret = try context.string("secret") {
            guard let key = SigningKey(secret: secret) else {
                throw PluginError("option 'secret' of '\(name)' is empty or starts with whsec_ without valid base64 after it; set a non-empty secret")
            }
            signingKey = key
        }
        var headers: [(name: String, value: String)] = []
        switch context.options["headers"] {
        case nil, .null: break
        case .mapping(let mapping):
            for (header, value) in mapping.sorted(by: { $0.key < $1.key }) {
                guard !header.isEmpty, header.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) else {
                    throw PluginError("option 'headers' of '\(name)': '\(header)' is not a valid header name")
                }
                let resolved: String
                switch value {
                case .string(let text):
                    if let variable = value.environmentReference {
                        guard let fromEnvironment = context.environment[variable] else {
                            throw PluginError("header '\(header)' of '\(name)' refers to the environment variable \(variable), which is not set; export it before running xi")
                        }
                        resolved = fromEnvironment
                    } else {
                        resolved = text
                    }
                case .integer, .number, .boolean: resolved = value.description
                default: throw PluginError("option 'headers' of '\(name)': header '\(header)' must be text")
                }
                guard !resolved.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                    throw PluginError("option 'headers' of '\(name)': header '\(header)' must be one line")
                }
                headers.append((header, resolved))
            }
        default:
            throw PluginError("option 'headers' of '\(name)' must be a mapping of header names to values")
        }
        let timeout = try context.seconds("timeout", default: 10)
        let backoff = try context.seconds("backoff", default: 0.5, allowsZero: true)
        let maximumBackoff = try context.seconds("max_backoff", default: 30, allowsZero: true)
        var retries = 3
        switch context.options["retries"] {
        case nil, .null: break
        case .integer(let number) where (0...100).contains(number): retries = number
        case .string(let text) where Int(text).map { (0...100).contains($0) } == true: retries = Int(text)!
        case let other?: throw PluginError("option 'retries' of '\(name)' is \(other); expected a whole number from 0 to 100")
        }
        return WebhookSettings(
            url: url, signingKey: signingKey, headers: headers, timeout: timeout, retries: retries,
            backoff: backoff, maximumBackoff: max(maximumBackoff, 0))
    }
}
