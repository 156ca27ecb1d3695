import Foundation
import XIExpression

/// One delivery as one line of JSON: `{"id", "audience", "kind", "insights", "delivered_at", "body"}`,
/// with the delivery's body embedded as a JSON value (not as a string) and no newline inside.
public enum DeliveryEnvelope {
    /// Why a body cannot be embedded.
    public struct InvalidBody: Error, Sendable {
        /// What is wrong.
        public var reason: String
    }

    /// The envelope's line, without the trailing newline.
    ///
    /// An empty body becomes `null`; a body that is not JSON throws ``InvalidBody``. Newlines in
    /// the body are whitespace between JSON tokens (JSON strings cannot hold a raw newline), so
    /// they become spaces and the line stays one line.
    public static func line(for delivery: Delivery, deliveredAt: Date) throws -> String {
        let body = try embeddableBody(delivery.body)
        var line = "{\"id\":" + quoted(delivery.id)
        line += ",\"audience\":" + quoted(delivery.audience)
        line += ",\"kind\":" + quoted(delivery.kind.rawValue)
        line += ",\"insights\":[" + delivery.insights.map(quoted).joined(separator: ",") + "]"
        line += ",\"delivered_at\":" + quoted(timestamp(deliveredAt))
        line += ",\"body\":" + body + "}"
        return line
    }

    /// The body as JSON text on one line.
    public static func embeddableBody(_ body: String) throws -> String {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "null" }
        do {
            _ = try JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed])
        } catch {
            throw InvalidBody(reason: "the delivery's body is not JSON (\(trimmed.utf8.count) bytes starting with \(quoted(String(trimmed.prefix(40))))")
        }
        guard trimmed.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return trimmed }
        return String(trimmed.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }

    /// An RFC 3339 UTC timestamp with milliseconds.
    public static func timestamp(_ date: Date) -> String {
        // Formatting through TimestampValue: Foundation's ISO 8601 formatters cost microseconds a call.
        let interval = date.timeIntervalSince1970
        let seconds = Int64(interval.rounded(.down))
        let milliseconds = Int64(((interval - Double(seconds)) * 1_000).rounded(.down))
        guard let value = TimestampValue(seconds: seconds) else { return "\(interval)" }
        // Always three digits of milliseconds: `2026-04-24T03:06:40.000Z`.
        let whole = value.description.dropLast()  // without the "Z"
        let digits = String(milliseconds)
        return whole + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// `text` as a JSON string literal.
    public static func quoted(_ text: String) -> String {
        JSONText.quoted(text)
    }
}
