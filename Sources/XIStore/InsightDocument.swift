import Foundation
import XIExpression
import XIPluginAPI

/// How the store keeps an ``Insight``: a compact binary document (``ChunkWriter`` encoding, a
/// version byte first), written for every changed insight at every commit and read back for
/// digests, `xi explain` and restarts. Documents written as JSON by earlier versions still read.
enum InsightDocument {
    /// The document's bytes, in a buffer of their exact size (a commit holds tens of thousands).
    static func encode(_ insight: Insight) -> [UInt8] {
        var writer = ChunkWriter(capacity: 512)
        return encode(insight, with: &writer)
    }

    /// ``encode(_:)`` with `writer` (empty) as working space; it is left holding the document.
    static func encode(_ insight: Insight, with writer: inout ChunkWriter) -> [UInt8] {
        writer.beginRow()
        writer.write(insight.id)
        writer.write(insight.goal)
        writer.write(insight.objective)
        writer.write(insight.subject.kind)
        writer.write(insight.subject.id)
        writer.write(insight.score)
        writer.write(insight.priority)
        writer.write(insight.status.rawValue)
        writer.write(insight.openedAt)
        writer.write(insight.updatedAt)
        writer.write(unsigned: UInt64(insight.evidence.count))
        for item in insight.evidence {
            writer.write(name: item.signal)
            writer.write(item.event)
            writer.write(item.time)
            writer.write(item.weight)
        }
        writer.write(insight.explanation)
        if let recommendation = insight.recommendation {
            writer.write(unsigned: 1)
            writer.write(recommendation)
        } else {
            writer.write(unsigned: 0)
        }
        writer.write(unsigned: UInt64(insight.profile.count))
        for name in insight.profile.keys.sorted() {
            writer.write(name)
            writer.write(insight.profile[name]!)
        }
        return writer.encoded()
    }

    static func decode(_ bytes: [UInt8]) throws -> Insight {
        var reader = try ChunkReader(bytes)
        let id = try reader.readString()
        let goal = try reader.readString()
        let objective = try reader.readString()
        let subject = Subject(kind: try reader.readString(), id: try reader.readString())
        let score = try reader.readDouble()
        let priority = try reader.readString()
        let statusText = try reader.readString()
        guard let status = InsightStatus(rawValue: statusText) else { throw ChunkReader.Damaged(description: "stored insight has status '\(statusText)'") }
        let openedAt = try reader.readTime()
        let updatedAt = try reader.readTime()
        var evidence: [Evidence] = []
        for _ in 0..<(try reader.readUnsigned()) {
            let signal = try reader.readName()
            let event = try reader.readString()
            let time = try reader.readTime()
            evidence.append(Evidence(signal: signal, event: event, time: time, weight: try reader.readDouble()))
        }
        let explanation = try reader.readString()
        let recommendation = try reader.readUnsigned() == 1 ? try reader.readString() : nil
        var profile: [String: String] = [:]
        for _ in 0..<(try reader.readUnsigned()) {
            let name = try reader.readString()
            profile[name] = try reader.readString()
        }
        return Insight(
            id: id, goal: goal, objective: objective, subject: subject, score: score, priority: priority, status: status,
            openedAt: openedAt, updatedAt: updatedAt, evidence: evidence, explanation: explanation, recommendation: recommendation,
            profile: profile)
    }
}

/// Encodes insight documents (``InsightRow/init(_:encoder:)``) in working space kept from one
/// document to the next: the writer's buffer and name list, two allocations per document
/// otherwise, for every insight a run opens or changes in priority.
public struct InsightDocumentEncoder {
    private var writer = ChunkWriter(capacity: 512)

    /// An encoder with room for a document of typical size.
    public init() {}

    /// The document of `insight`, in a buffer of its exact size.
    mutating func encode(_ insight: Insight) -> [UInt8] {
        writer.removeAll()
        return InsightDocument.encode(insight, with: &writer)
    }
}
