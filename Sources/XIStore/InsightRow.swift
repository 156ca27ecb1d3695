import Foundation
import XIPluginAPI

/// An insight as the store writes it: the columns it is found by, and its binary document. Made
/// when the insight changes, so a commit holds a few hundred bytes per insight rather than the
/// insight with its evidence list.
public struct InsightRow: Sendable {
    /// The insight's id.
    public let id: String
    let goal: String
    /// Its subject, written `kind:id` (bound by ``DirectStatement``): kept whole, as the
    /// text would be a string of its own for most subjects.
    let subject: Subject
    let status: String
    let priority: String
    let openedSeconds: Int64
    let updatedSeconds: Int64
    private(set) var document: [UInt8]

    /// Hands the document over and keeps none: the store's writer frees each row's document as
    /// soon as it is written, while the next commit's rows are being made.
    mutating func takeDocument() -> [UInt8] {
        var document: [UInt8] = []
        swap(&document, &self.document)
        return document
    }

    /// Encodes `insight`.
    public init(_ insight: Insight) {
        var encoder = InsightDocumentEncoder()
        self.init(insight, encoder: &encoder)
    }

    /// Encodes `insight` with `encoder`, whose working space is reused from row to row.
    /// The insight is borrowed, not taken: taken, every changed insight was copied to be passed in
    /// (a retain and a release of each of its fields).
    public init(_ insight: borrowing Insight, encoder: inout InsightDocumentEncoder) {
        id = insight.id
        goal = insight.goal
        subject = insight.subject
        status = insight.status.rawValue
        priority = insight.priority
        openedSeconds = insight.openedAt.seconds
        updatedSeconds = insight.updatedAt.seconds
        document = encoder.encode(insight)
    }
}
