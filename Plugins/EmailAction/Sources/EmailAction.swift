import Foundation
import Mustache
import XIPluginAPI

/// Sends an e-mail per delivery over SMTP (`kind: email`): STARTTLS when the server offers it (or
/// TLS from the start with `smtps://`), AUTH PLAIN only over TLS, one session per batch.
///
/// The subject and the text come from Mustache templates (each audience's subscription may give
/// its own; xi's defaults otherwise). The `Message-ID` is made from the delivery id, and the id is
/// in `X-XI-Delivery-Id`, so a retried delivery is recognisably the same message. A transient
/// failure (4xx, a lost connection, a timeout) is retried with backoff up to `retries` times, then
/// stays pending in the outbox; a permanent one (5xx) is refused with the server's words.
/// See `Plugins/EmailAction/README.md`.
public final class EmailAction: Action, Sendable {
    /// The plugin's kind, options and maker: `kind: email`.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .action, kind: "email", summary: "Sends an e-mail per delivery or digest over SMTP, with STARTTLS when offered.",
            options: [
                PluginOption("smtp_url", .string, required: true, secret: true, summary: "smtp://[user:password@]host[:port] (STARTTLS when offered; port 587) or smtps://… (TLS from the start; port 465)."),
                PluginOption("from", .string, required: true, summary: "The sender's address."),
                PluginOption("to", .stringList, required: true, summary: "The recipients' addresses."),
                PluginOption("subject", .string, summary: "A Mustache template for an insight's subject (default: goal, priority and customer)."),
                PluginOption("digest_subject", .string, summary: "A Mustache template for a digest's subject (default: how many insights since when)."),
                PluginOption("template", .string, summary: "A Mustache template for an insight's text (default: xi's)."),
                PluginOption("template_file", .string, summary: "The same, from a file; relative to xi.yaml."),
                PluginOption("digest_template", .string, summary: "A Mustache template for a digest's text (default: xi's)."),
                PluginOption("digest_template_file", .string, summary: "The same, from a file; relative to xi.yaml."),
                PluginOption("starttls", .string, summary: "when_offered, required or never (default when_offered)."),
                PluginOption("ca_file", .string, summary: "A PEM file of certificate authorities to trust besides the system's (a private CA); relative to xi.yaml."),
                PluginOption("allow_insecure_auth", .boolean, summary: "Send the password over an unencrypted session (default false)."),
                PluginOption("helo", .string, summary: "The name xi gives in EHLO (default xi.localhost)."),
                PluginOption("timeout", .duration, summary: "The longest wait for each step of a session (default 30s)."),
                PluginOption("retries", .integer, summary: "Tries after the first for a transient failure (default 3)."),
                PluginOption("backoff", .string, summary: "The wait before the first retry, doubled for each next one, with jitter: 0s, 500ms, 2s (default 1s)."),
            ]),
        make: { context, _ in .action(try EmailAction(context: context)) })

    /// The validated options.
    public let settings: EmailSettings
    private let templates: (subject: MustacheTemplate, digestSubject: MustacheTemplate, text: MustacheTemplate, digestText: MustacheTemplate)

    /// Makes the action. Throws ``PluginError`` for an option that cannot work.
    public init(context: PluginContext) throws(PluginError) {
        settings = try EmailSettings(context)
        func template(_ option: String, default fallback: String) throws(PluginError) -> MustacheTemplate {
            do {
                let text = try context.inlineOrFile(option) ?? fallback
                return try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
            } catch let error as PluginError {
                throw error
            } catch {
                throw PluginError("option '\(option)' of '\(context.name)' is not a valid Mustache template: \(error)")
            }
        }
        templates = (
            try template("subject", default: Self.defaultSubject),
            try template("digest_subject", default: Self.defaultDigestSubject),
            try template("template", default: Self.defaultText),
            try template("digest_template", default: Self.defaultDigestText))
    }

    /// Sends one.
    public func deliver(_ delivery: Delivery) async -> Receipt {
        await deliver(batch: [delivery])[0]
    }

    /// Sends several in one SMTP session (a new one after a transient failure).
    public func deliver(batch deliveries: [Delivery]) async -> [Receipt] {
        var receipts: [Receipt] = []
        receipts.reserveCapacity(deliveries.count)
        var connection: SMTPConnection?
        for delivery in deliveries {
            let message = self.message(for: delivery)
            var tries = 0
            while true {
                do {
                    if connection == nil { connection = try await SMTPConnection.open(settings) }
                    let answer = try await connection!.send(from: settings.from, to: settings.to, message: message)
                    receipts.append(.delivered(reference: answer.isEmpty ? nil : String(answer.prefix(200))))
                    break
                } catch {
                    let failure = error as? SMTPConnection.Failure ?? SMTPConnection.Failure(message: "\(error)", permanent: false)
                    if failure.permanent {
                        // The session is still good after a refusal of this message.
                        await connection?.reset()
                        receipts.append(.rejected(reason: failure.message))
                        break
                    }
                    await connection?.close()
                    connection = nil
                    if tries >= settings.policy.retries {
                        receipts.append(.retry(reason: failure.message + settings.policy.triesNote, after: nil))
                        break
                    }
                    tries += 1
                    let wait = settings.policy.wait(beforeRetry: tries)
                    if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
                }
            }
        }
        await connection?.close()
        return receipts
    }

    /// The message: headers, and the text in base64 (any language, any line length).
    func message(for delivery: Delivery) -> [UInt8] {
        let context = delivery.templateContext
        let isDigest = delivery.kind == .digest
        let subject = (isDigest ? templates.digestSubject : templates.subject).render(context)
            .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        let text = (isDigest ? templates.digestText : templates.text).render(context)
        var lines = [
            "From: " + settings.from,
            "To: " + settings.to.joined(separator: ", "),
            "Subject: " + Self.encodedHeader(subject),
            "Date: " + Self.date(Date()),
            "Message-ID: <xi-\(Self.digest(delivery.id))@\(settings.heloName)>",
            "X-XI-Delivery-Id: " + delivery.id.filter { $0 != "\r" && $0 != "\n" },
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
        ]
        let encoded = Data(text.utf8).base64EncodedString()
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    /// A header value as it is when ASCII, else RFC 2047 `=?utf-8?B?…?=`.
    static func encodedHeader(_ text: String) -> String {
        text.unicodeScalars.allSatisfy({ $0.isASCII }) ? text : "=?utf-8?B?" + Data(text.utf8).base64EncodedString() + "?="
    }

    /// An RFC 5322 date.
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss +0000"
        return formatter.string(from: date)
    }

    /// 64 bits of FNV-1a of the delivery id, in hex: the same id gives the same Message-ID.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return String(hash, radix: 16)
    }

    static let defaultSubject = "{{goal}}: {{priority}} priority insight for {{subject.id}}"
    static let defaultDigestSubject = "{{count}} insights for {{audience}} since {{period}}"
    static let defaultText = """
        Goal: {{goal}}
        Priority: {{priority}} (score {{score}})
        Customer: {{subject.id}}

        {{recommend}}

        Why: {{explanation}}
        Evidence: {{evidence.summary}}

        Insight {{id}}: `xi explain {{id}}` shows the events behind it.

        """
    static let defaultDigestText = """
        {{count}} insights for {{audience}} since {{period}}:

        {{#insights}}
        - {{goal}} · {{priority}} · {{subject.id}} · score {{score}}
          {{recommend}}
        {{/insights}}

        """
}
