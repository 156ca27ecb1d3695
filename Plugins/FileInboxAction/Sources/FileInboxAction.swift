import Foundation
import XIPluginAPI

/// The `file` action: appends each delivery as one line to its audience's inbox file,
/// `<folder>/<audience>.jsonl` (digests to `<folder>/<audience>.digest.jsonl`; `.csv` with
/// `format: csv`).
///
/// Each line is an envelope: `{"id", "audience", "kind", "insights", "delivered_at", "body"}`, the
/// body embedded as JSON. The delivery id is the idempotency key: a delivery whose id is already
/// in the file — after a retry, or after a restart — is answered `.delivered` without a second
/// line. Lines are written whole (one `write`, then `fsync` unless turned off), and a partial last
/// line left by a crash is cut off when the file is opened. Calls are serialized by the actor.
public actor FileInboxAction: Action {
    /// The folder holding the inbox files.
    public nonisolated let folder: String
    /// Whether each line is flushed to disk (`fsync`) before the delivery is answered.
    public nonisolated let synchronizes: Bool
    /// How deliveries are written.
    public nonisolated let format: InboxFormat
    private let now: @Sendable () -> Date
    private var files: [String: InboxFile] = [:]

    /// Creates an inbox writing into `folder` (created when missing).
    ///
    /// - Parameters:
    ///   - folder: The folder of the inbox files.
    ///   - format: JSON lines (default) or CSV.
    ///   - synchronizes: Whether to `fsync` after each line (default true).
    ///   - now: The clock for `delivered_at`.
    public init(folder: String, format: InboxFormat = .jsonl, synchronizes: Bool = true, now: @escaping @Sendable () -> Date = { Date() }) {
        self.folder = folder
        self.format = format
        self.synchronizes = synchronizes
        self.now = now
    }

    /// Appends the delivery's line unless its id is already in the inbox.
    public func deliver(_ delivery: Delivery) async -> Receipt {
        let path = self.path(for: delivery)
        do {
            let file = try self.file(at: path)
            if file.ids.contains(delivery.id) { return .delivered(reference: path) }
            let line: [UInt8]
            do {
                line = try format.line(for: delivery, deliveredAt: now())
            } catch let invalid as DeliveryEnvelope.InvalidBody {
                return .rejected(reason: invalid.reason)
            }
            _ = try file.append(line, id: delivery.id)
            return .delivered(reference: path)
        } catch {
            // The file may be fine again later (disk full, permissions fixed): the outbox retries.
            files[path] = nil
            return .retry(reason: "\(error)", after: nil)
        }
    }

    /// Appends the lines of a batch: per inbox file one `write` and one `fsync`, skipping ids
    /// already there (or twice in the batch).
    public func deliver(batch deliveries: [Delivery]) async -> [Receipt] {
        var receipts = [Receipt?](repeating: nil, count: deliveries.count)
        // Each path is made once per audience and kind, not once per delivery (a batch holds
        // thousands, for a handful of audiences); paths in the order they first appear.
        var known: [(audience: String, kind: Delivery.Kind, path: Int)] = []
        var paths: [String] = []
        var members: [[Int]] = []
        for index in deliveries.indices {
            let audience = deliveries[index].audience, kind = deliveries[index].kind
            let slot: Int
            if let found = known.first(where: { $0.audience == audience && $0.kind == kind }) {
                slot = found.path
            } else {
                let path = self.path(for: deliveries[index])
                if let existing = paths.firstIndex(of: path) {
                    slot = existing
                } else {
                    slot = paths.count
                    paths.append(path)
                    members.append([])
                }
                known.append((audience, kind, slot))
            }
            members[slot].append(index)
        }
        let stamp = DeliveryEnvelope.timestamp(now())
        for (slot, path) in paths.enumerated() {
            let indexes = members[slot]
            var lines: [(line: [UInt8], id: String)] = []
            var lineIndexes: [Int] = []
            for index in indexes {
                do {
                    lines.append((try format.line(for: deliveries[index], stamp: stamp), deliveries[index].id))
                    lineIndexes.append(index)
                } catch let invalid as DeliveryEnvelope.InvalidBody {
                    receipts[index] = .rejected(reason: invalid.reason)
                } catch {
                    receipts[index] = .rejected(reason: "\(error)")
                }
            }
            do {
                try file(at: path).append(lines)
                for index in lineIndexes { receipts[index] = .delivered(reference: path) }
            } catch {
                files[path] = nil
                for index in lineIndexes { receipts[index] = .retry(reason: "\(error)", after: nil) }
            }
        }
        return receipts.map { $0 ?? .retry(reason: "not attempted", after: nil) }
    }

    /// The inbox file a delivery goes to.
    public nonisolated func path(for delivery: Delivery) -> String {
        let name = Self.fileName(for: delivery.audience)
        let suffix = (delivery.kind == .digest ? ".digest." : ".") + format.fileExtension
        return folder + "/" + name + suffix
    }

    /// The ids already in `audience`'s inbox file for `kind` (reads the file).
    public func deliveredIDs(audience: String, kind: Delivery.Kind = .insight) throws -> Set<String> {
        let probe = Delivery(id: "", audience: audience, action: "", kind: kind, insights: [], body: "")
        return try file(at: path(for: probe)).currentIDs()
    }

    private func file(at path: String) throws -> InboxFile {
        if let file = files[path] { return file }
        let file = try InboxFile(path: path, format: format, synchronizes: synchronizes)
        files[path] = file
        return file
    }

    /// An audience id as a file name: letters, digits, `-`, `_` and `.` are kept, anything else
    /// (a `/`, a space) becomes `_`, and a name of dots only gets a leading `_`.
    static func fileName(for audience: String) -> String {
        // Byte by byte (called for every delivery): ASCII letters, digits and `-_.` stay, any
        // other character becomes one `_`.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(audience.utf8.count + 1)
        for scalar in audience.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x5F, 0x2E: bytes.append(UInt8(scalar.value))
            default: bytes.append(UInt8(ascii: "_"))
            }
        }
        if bytes.allSatisfy({ $0 == UInt8(ascii: ".") }) { bytes.insert(UInt8(ascii: "_"), at: 0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
