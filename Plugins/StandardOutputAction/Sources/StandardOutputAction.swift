import Foundation
import XIPluginAPI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `stdout` action: prints one line per delivery, as a human one-liner (`format: text`, the
/// default) or as the JSON envelope the file inbox writes (`format: json`).
///
/// It cannot see what it printed before, so a retried delivery prints again (the JSON line carries
/// the delivery id for a reader to drop duplicates). Lines are written whole, one `write` each,
/// serialized by the actor so concurrent deliveries never interleave.
public actor StandardOutputAction: Action {
    /// How a delivery is printed.
    public enum Format: String, Sendable, CaseIterable {
        /// `2026-05-01T09:00:00.000Z retention-team insight ins-1 <id> {body…}`, the body cut to 200 characters.
        case text
        /// The JSON envelope: `{"id", "audience", "kind", "insights", "delivered_at", "body"}`.
        case json
    }

    /// How deliveries are printed.
    public nonisolated let format: Format
    private let descriptor: Int32
    private let now: @Sendable () -> Date

    /// Creates the action.
    ///
    /// - Parameters:
    ///   - format: How deliveries are printed.
    ///   - fileDescriptor: Where to (standard output by default; a pipe or file in tests). The
    ///     action does not close it.
    ///   - now: The clock for the time printed.
    public init(format: Format = .text, fileDescriptor: Int32 = STDOUT_FILENO, now: @escaping @Sendable () -> Date = { Date() }) {
        self.format = format
        self.descriptor = fileDescriptor
        self.now = now
    }

    /// Prints the delivery's line: `.delivered`, or `.retry` when the output cannot be written.
    public func deliver(_ delivery: Delivery) async -> Receipt {
        let line = Self.line(for: delivery, format: format, deliveredAt: now())
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .retry(reason: "cannot write to standard output: \(String(cString: strerror(errno)))", after: nil)
            }
            written += count
        }
        return .delivered(reference: nil)
    }

    /// The line printed for `delivery`, without its newline.
    public static func line(for delivery: Delivery, format: Format, deliveredAt: Date) -> String {
        switch format {
        case .json:
            if let line = try? DeliveryEnvelope.line(for: delivery, deliveredAt: deliveredAt) { return line }
            // Not JSON: print the envelope with the body as a string rather than lose it.
            var copy = delivery
            copy.body = DeliveryEnvelope.quoted(delivery.body)
            return (try? DeliveryEnvelope.line(for: copy, deliveredAt: deliveredAt)) ?? ""
        case .text:
            let body = (try? DeliveryEnvelope.embeddableBody(delivery.body))
                ?? String(delivery.body.map { $0.isNewline ? " " : $0 })
            let excerpt = body.count > 200 ? String(body.prefix(199)) + "…" : body
            let insights = delivery.insights.isEmpty ? "-" : delivery.insights.joined(separator: ",")
            return [DeliveryEnvelope.timestamp(deliveredAt), delivery.audience, delivery.kind.rawValue, insights, delivery.id, excerpt]
                .joined(separator: " ")
        }
    }
}
