import Foundation
import XIPluginAPI

/// How an inbox file holds its deliveries: one line each, JSON or CSV.
public enum InboxFormat: String, Sendable, CaseIterable {
    /// One JSON envelope per line: `{"id", "audience", "kind", "insights", "delivered_at", "body"}`.
    case jsonl
    /// A header row `id,audience,kind,insights,delivered_at,body`, then one row per delivery:
    /// insights joined with spaces, the body as one-line JSON text in a quoted field.
    case csv

    /// The file name's extension.
    var fileExtension: String { rawValue }

    /// The first line of a new file, when the format has one.
    var header: String? {
        self == .csv ? "id,audience,kind,insights,delivered_at,body" : nil
    }

    /// The delivery's line as UTF-8, without its newline; throws ``DeliveryEnvelope/InvalidBody``.
    func line(for delivery: Delivery, deliveredAt: Date) throws -> [UInt8] {
        try line(for: delivery, stamp: DeliveryEnvelope.timestamp(deliveredAt))
    }

    /// The delivery's line with its delivery time already formatted (``DeliveryEnvelope/timestamp(_:)``).
    /// Bytes, not a string: a digest's line can be ten megabytes, and each copy of it counts at
    /// the run's peak.
    func line(for delivery: Delivery, stamp: String) throws -> [UInt8] {
        switch self {
        case .jsonl:
            return try DeliveryEnvelope.lineBytes(for: delivery, stamp: stamp)
        case .csv:
            let body = try DeliveryEnvelope.embeddableBody(delivery.body)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(body.utf8.count + body.utf8.count / 4 + 160 + 30 * delivery.insights.count)
            let fields = [delivery.id, delivery.audience, delivery.kind.rawValue, delivery.insights.joined(separator: " "), stamp, body]
            for (index, field) in fields.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.appendCSVField(field, to: &bytes)
            }
            return bytes
        }
    }

    /// The delivery id a line holds, or nil (a header, a line that is not one of ours).
    func id(inLine line: [UInt8]) -> String? {
        guard !line.isEmpty else { return nil }
        switch self {
        case .jsonl:
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
            return object["id"] as? String
        case .csv:
            let id = Self.firstCSVField(line)
            return id == "id" ? nil : id
        }
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break; line breaks become spaces.
    static func csvField(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendCSVField(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a CSV field (see ``csvField(_:)``) to `bytes`: one pass over its bytes
    /// to see what it needs, one to copy it (a digest's body is megabytes: a compliance pack at
    /// 1M events is 47 MB, a quote every few bytes).
    static func appendCSVField(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        var shape = text.withUTF8 { fieldShape($0) }
        if shape.hasBreak {
            // A break is replaced by Character (CR LF is one): that rare case goes through them.
            // Breaks are Characters of their own, so none is left.
            text = String(text.map { $0.isNewline ? " " : $0 })
            shape = text.withUTF8 { fieldShape($0) }
        }
        guard shape.needsQuotes else {
            bytes.append(contentsOf: text.utf8)
            return
        }
        // Quoted, each quote doubled: written in place, into room made for it at once.
        let quote = UInt8(ascii: "\"")
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: text.utf8.count + shape.quotes + 2))
        text.withUTF8 { field in
            bytes.withUnsafeMutableBufferPointer { output in
                var at = start
                output[at] = quote
                at += 1
                for byte in field {
                    output[at] = byte
                    at += 1
                    if byte == quote {
                        output[at] = quote
                        at += 1
                    }
                }
                output[at] = quote
            }
        }
    }

    /// Whether a field's bytes need quotes (a comma or a quote), how many quotes they hold, and
    /// whether they hold a line break: LF, VT, FF, CR; NEL (C2 85); LS and PS (E2 80 A8/A9) —
    /// what `Character.isNewline` calls one. Most bytes take one comparison each.
    static func fieldShape(_ field: UnsafeBufferPointer<UInt8>) -> (needsQuotes: Bool, quotes: Int, hasBreak: Bool) {
        var commas = 0, quotes = 0, hasBreak = false
        for index in field.indices {
            let byte = field[index]
            if byte <= UInt8(ascii: ",") {
                if byte == UInt8(ascii: ",") {
                    commas += 1
                } else if byte == UInt8(ascii: "\"") {
                    quotes += 1
                } else if byte >= 0x0A && byte <= 0x0D {
                    hasBreak = true
                }
            } else if byte >= 0x80 {
                if byte == 0x85 {
                    if index >= 1 && field[index - 1] == 0xC2 { hasBreak = true }
                } else if byte == 0xA8 || byte == 0xA9 {
                    if index >= 2 && field[index - 2] == 0xE2 && field[index - 1] == 0x80 { hasBreak = true }
                }
            }
        }
        return (commas + quotes > 0, quotes, hasBreak)
    }

    /// The first field of a CSV line, unquoted.
    static func firstCSVField(_ line: [UInt8]) -> String? {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        guard line.first == quote else {
            let end = line.firstIndex(of: comma) ?? line.endIndex
            return String(decoding: line[..<end], as: UTF8.self)
        }
        var field: [UInt8] = []
        var index = 1
        while index < line.count {
            if line[index] == quote {
                if index + 1 < line.count, line[index + 1] == quote {
                    field.append(quote)
                    index += 2
                    continue
                }
                return String(decoding: field, as: UTF8.self)
            }
            field.append(line[index])
            index += 1
        }
        return nil
    }
}
