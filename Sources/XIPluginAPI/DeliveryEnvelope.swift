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
        try line(for: delivery, stamp: timestamp(deliveredAt))
    }

    /// The envelope's line with `delivered_at` already formatted (``timestamp(_:)``): a batch
    /// delivered at one time formats it once.
    public static func line(for delivery: Delivery, stamp: String) throws -> String {
        String(decoding: try lineBytes(for: delivery, stamp: stamp), as: UTF8.self)
    }

    /// ``line(for:stamp:)`` as UTF-8 bytes: for actions that write bytes (a file inbox), with
    /// neither the string nor a copy of it made. The same bytes the string holds.
    public static func lineBytes(for delivery: Delivery, stamp: String) throws -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(delivery.body.utf8.count + 160 + 30 * delivery.insights.count)
        func put(_ text: StaticString) { text.withUTF8Buffer { line.append(contentsOf: $0) } }
        put("{\"id\":")
        JSONText.appendQuoted(delivery.id, to: &line)
        put(",\"audience\":")
        JSONText.appendQuoted(delivery.audience, to: &line)
        put(",\"kind\":")
        JSONText.appendQuoted(delivery.kind.rawValue, to: &line)
        put(",\"insights\":[")
        for (index, insight) in delivery.insights.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(insight, to: &line)
        }
        put("],\"delivered_at\":")
        JSONText.appendQuoted(stamp, to: &line)
        put(",\"body\":")
        try appendEmbeddableBody(delivery.body, to: &line)
        line.append(UInt8(ascii: "}"))
        return line
    }

    /// The body as JSON text on one line.
    public static func embeddableBody(_ body: String) throws -> String {
        var output = ""
        try appendEmbeddableBody(body, to: &output)
        return output
    }

    /// Appends the body as JSON text on one line to `output`; throws ``InvalidBody`` (appending
    /// nothing) when it is not JSON. Works on the body's bytes in place: bodies are the bulk of a
    /// line (a digest's holds hundreds of insights), so they are checked and copied once.
    public static func appendEmbeddableBody(_ body: String, to output: inout String) throws {
        var text = body
        switch try text.withUTF8({ try embeddable($0) }) {
        case .whole: output += body
        case .null: output += "null"
        case .changed(let changed): output += String(decoding: changed, as: UTF8.self)
        }
    }

    /// ``appendEmbeddableBody(_:to:)`` for output in UTF-8 bytes: the same bytes, copied once.
    public static func appendEmbeddableBody(_ body: String, to output: inout [UInt8]) throws {
        var body = body
        try body.withUTF8 { bytes in
            switch try embeddable(bytes) {
            case .whole: output.append(contentsOf: bytes)
            case .null: output.append(contentsOf: "null".utf8)
            case .changed(let changed): output.append(contentsOf: changed)
            }
        }
    }

    /// What a body becomes on one line.
    private enum Embeddable {
        /// The body as it is.
        case whole
        /// An empty body: `null`.
        case null
        /// Trimmed, its raw line breaks made spaces.
        case changed([UInt8])
    }

    /// Checks the body's bytes in place: whether it is JSON, and what it becomes on one line.
    private static func embeddable(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Embeddable {
        // Trim JSON whitespace (the only whitespace allowed around a JSON value).
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return .null }
        let value = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard JSONValidator.isValid(buffer: value) else {
            let trimmed = String(decoding: value, as: UTF8.self)
            throw InvalidBody(reason: "the delivery's body is not JSON (\(end - start) bytes starting with \(quoted(String(trimmed.prefix(40)))))")
        }
        // Raw newlines in valid JSON are whitespace between tokens: they become spaces.
        let hasBreak = value.contains { $0 == 0x0A || $0 == 0x0D }
        guard hasBreak || start > 0 || end < bytes.count else { return .whole }
        return .changed(value.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 })
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
