import Foundation
import XIExpression
import XIPluginAPI

/// A temporary folder for one test, removed when the test ends.
final class TestFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "xi-jsonl-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let file = path + "/" + name
        try! FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }

    func append(_ name: String, _ text: String) {
        let handle = FileHandle(forWritingAtPath: path + "/" + name)!
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    func context(_ options: [String: ConfigurationValue], name: String = "surveys") -> PluginContext {
        PluginContext(name: name, options: options, configurationFolder: path, stateFolder: path + "/.xi", environment: [:])
    }
}

/// Everything one read gives.
struct ReadResult {
    var events: [Event] = []
    var rejected: [RejectedRecord] = []
    var batches: [SourceBatch] = []
    var checkpoint: SourceCheckpoint?

    func value(_ event: Int, _ field: String, _ schema: EventSchema) -> Value? {
        events[event].fields[schema.position(of: field)!]
    }
}

func readAll<Adapter: SourceAdapter>(_ adapter: Adapter, from checkpoint: SourceCheckpoint? = nil) async throws -> ReadResult {
    var reader = try adapter.makeReader(from: checkpoint)
    var result = ReadResult(checkpoint: checkpoint)
    while let batch = try await reader.next() {
        result.events += batch.events
        result.rejected += batch.rejected
        result.batches.append(batch)
        result.checkpoint = batch.checkpoint
    }
    return result
}

/// The surveys source of the example, as xi.yaml maps it.
func surveySettings(timeFormat: String? = nil) -> SourceSettings {
    SourceSettings(
        name: "surveys", eventKind: "survey",
        subjectFields: [("customer", "customer_id"), ("agent", "agent_id")],
        timeField: "submitted_at", timeFormat: timeFormat, textField: "comment", idField: "response_id",
        schema: EventSchema(source: "surveys", kind: "survey", fields: [
            ("survey", .string), ("nps", .int), ("csat", .int), ("ces", .int), ("channel", .string), ("product", .string),
        ]))
}

extension Value {
    var int: Int64? { if case .int(let number) = self { number } else { nil } }
    var string: String? { if case .string(let text) = self { text } else { nil } }
    var double: Double? { if case .double(let number) = self { number } else { nil } }
    var bool: Bool? { if case .bool(let flag) = self { flag } else { nil } }
    var strings: [String]? {
        guard case .list(let items) = self else { return nil }
        return items.compactMap(\.string)
    }
}

/// Resident memory now, in bytes (Linux), or nil.
func residentBytes() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
    let parts = text.split(separator: " ")
    guard parts.count > 1, let pages = Int(parts[1]) else { return nil }
    return pages * 4096
}

/// `../shared` next to the repository: walks up from this file to the folder holding `.git` or `Package.swift`.
func sharedFolder(from file: String = #filePath) -> String? {
    var folder = (file as NSString).deletingLastPathComponent
    while folder != "/" && !folder.isEmpty {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder + "/.git") || manager.fileExists(atPath: folder + "/Package.swift") {
            let shared = (folder as NSString).deletingLastPathComponent + "/shared"
            return manager.fileExists(atPath: shared) ? shared : nil
        }
        folder = (folder as NSString).deletingLastPathComponent
    }
    return nil
}

extension TestFolder {
    func read(_ name: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: path + "/" + name) ?? Data())
    }
}
