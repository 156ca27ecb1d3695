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

    /// The delivery's line, without its newline; throws ``DeliveryEnvelope/InvalidBody``.
    func line(for delivery: Delivery, deliveredAt: Date) throws -> String {
        switch self {
        case .jsonl:
            return try DeliveryEnvelope.line(for: delivery, deliveredAt: deliveredAt)
        case .csv:
            let body = try DeliveryEnvelope.embeddableBody(delivery.body)
            return [
                delivery.id, delivery.audience, delivery.kind.rawValue, delivery.insights.joined(separator: " "),
                DeliveryEnvelope.timestamp(deliveredAt), body,
            ].map(Self.csvField).joined(separator: ",")
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
        var needsQuotes = false
        var hasBreak = false
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: "\""): needsQuotes = true
            // LF, VT, FF, CR; NEL (C2 85); LS and PS (E2 80 A8/A9): what Character.isNewline calls a line break.
            case 0x0A...0x0D: hasBreak = true
            case 0x85 where previous.1 == 0xC2: hasBreak = true
            case 0xA8 where previous == (0xE2, 0x80), 0xA9 where previous == (0xE2, 0x80): hasBreak = true
            default: break
            }
            previous = (previous.1, byte)
        }
        let flat = hasBreak ? String(text.map { $0.isNewline ? " " : $0 }) : text
        guard needsQuotes else { return flat }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(flat.utf8.count + 8)
        for byte in flat.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
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
