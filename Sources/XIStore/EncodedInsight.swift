import Foundation
import XIPluginAPI

/// A stored insight read but not yet decoded: a digest of tens of thousands of insights decodes
/// them on several threads (``SQLiteStore/encodedInsights(ids:including:)``).
public struct EncodedInsight: Sendable {
    /// How the document was stored.
    enum Document: Sendable {
        /// The binary document (``InsightDocument``).
        case binary([UInt8])
        /// JSON, as versions before the binary document stored it.
        case json(String)

        /// The insight; throws when the document is damaged.
        func decode() throws -> Insight {
            switch self {
            case .binary(let bytes): try InsightDocument.decode(bytes)
            case .json(let text): try JSONDecoder().decode(Insight.self, from: Data(text.utf8))
            }
        }
    }

    let document: Document
    /// Whether it has been escalated.
    public let escalated: Bool

    /// The insight, decoded; throws when its document is damaged.
    public func decode() throws -> StoredInsight {
        StoredInsight(insight: try document.decode(), escalated: escalated)
    }
}
