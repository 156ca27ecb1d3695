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
        var bytes = Array(body.utf8)
        // Trim JSON whitespace (the only whitespace allowed around a JSON value).
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        let start = bytes.firstIndex { !isSpace($0) } ?? bytes.count
        let end = (bytes.lastIndex { !isSpace($0) } ?? -1) + 1
        guard start < end else { return "null" }
        guard JSONValidator.isValid(bytes[start..<end]) else {
            let trimmed = String(decoding: bytes[start..<end], as: UTF8.self)
            throw InvalidBody(reason: "the delivery's body is not JSON (\(end - start) bytes starting with \(quoted(String(trimmed.prefix(40))))")
        }
        // Raw newlines in valid JSON are whitespace between tokens: they become spaces.
        var changed = start > 0 || end < bytes.count
        for index in start..<end where bytes[index] == 0x0A || bytes[index] == 0x0D {
            bytes[index] = 0x20
            changed = true
        }
        return changed ? String(decoding: bytes[start..<end], as: UTF8.self) : body
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
