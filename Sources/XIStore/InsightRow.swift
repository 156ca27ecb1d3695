import Foundation
import XIPluginAPI

/// An insight as the store writes it: the columns it is found by, and its binary document. Made
/// when the insight changes, so a commit holds a few hundred bytes per insight rather than the
/// insight with its evidence list.
public struct InsightRow: Sendable {
    /// The insight's id.
    public let id: String
    let goal: String
    let subject: String
    let status: String
    let priority: String
    let openedSeconds: Int64
    let updatedSeconds: Int64
    let document: [UInt8]

    /// What a row is replaced with once the store has written it (its document freed).
    static let written = InsightRow(id: "", goal: "", subject: "", status: "", priority: "", openedSeconds: 0, updatedSeconds: 0, document: [])

    private init(id: String, goal: String, subject: String, status: String, priority: String, openedSeconds: Int64, updatedSeconds: Int64, document: [UInt8]) {
        self.id = id
        self.goal = goal
        self.subject = subject
        self.status = status
        self.priority = priority
        self.openedSeconds = openedSeconds
        self.updatedSeconds = updatedSeconds
        self.document = document
    }

    /// Encodes `insight`.
    public init(_ insight: Insight) {
        id = insight.id
        goal = insight.goal
        subject = insight.subject.description
        status = insight.status.rawValue
        priority = insight.priority
        openedSeconds = insight.openedAt.seconds
        updatedSeconds = insight.updatedAt.seconds
        document = InsightDocument.encode(insight)
    }
}
