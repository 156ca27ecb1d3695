import Foundation
import XIExpression
import XIPluginAPI

/// A temporary folder for one plugin test, removed when the test ends: write input files,
/// read what an action wrote, and make a ``PluginContext`` rooted in it.
public final class TestFolder {
    /// The folder.
    public let path: String

    /// Creates an empty folder under the system's temporary folder.
    public init() {
        path = NSTemporaryDirectory() + "xi-plugin-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a text file (creating folders); returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    /// Writes a file of bytes (creating folders); returns its path.
    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) -> String {
        let file = path + "/" + name
        try! FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }

    /// Appends text to a file.
    public func append(_ name: String, _ text: String) {
        let handle = FileHandle(forWritingAtPath: path + "/" + name)!
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    /// A plugin context rooted in this folder (state in `.xi/` inside it).
    public func context(_ options: [String: ConfigurationValue], name: String = "surveys") -> PluginContext {
        PluginContext(name: name, options: options, configurationFolder: path, stateFolder: path + "/.xi", environment: [:])
    }
}

/// Everything one read of a source gives.
public struct ReadResult: Sendable {
    /// The events, in order.
    public var events: [Event] = []
    /// The rejected records, in order.
    public var rejected: [RejectedRecord] = []
    /// The batches as they came.
    public var batches: [SourceBatch] = []
    /// The checkpoint after the last batch (the one given when nothing was read).
    public var checkpoint: SourceCheckpoint?

    /// Field `field` of event number `event`.
    public func value(_ event: Int, _ field: String, _ schema: EventSchema) -> Value? {
        events[event].fields[schema.position(of: field)!]
    }
}

/// Reads `adapter` from `checkpoint` to its end.
public func readAll<Adapter: SourceAdapter>(_ adapter: Adapter, from checkpoint: SourceCheckpoint? = nil) async throws -> ReadResult {
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

/// Short accessors for assertions on values.
extension Value {
    /// The int, if this is one.
    public var int: Int64? { if case .int(let number) = self { number } else { nil } }
    /// The string, if this is one.
    public var string: String? { if case .string(let text) = self { text } else { nil } }
    /// The double, if this is one.
    public var double: Double? { if case .double(let number) = self { number } else { nil } }
    /// The bool, if this is one.
    public var bool: Bool? { if case .bool(let flag) = self { flag } else { nil } }
    /// The strings of a list.
    public var strings: [String]? {
        guard case .list(let items) = self else { return nil }
        return items.compactMap(\.string)
    }
}

/// What reading a source to its end took: for checking that it streams (batches stay small,
/// resident memory stays flat) and how fast.
public struct StreamingMeasure: Sendable {
    /// Events and rejected records read.
    public var records = 0
    /// The largest batch, in records.
    public var largestBatch = 0
    /// Resident memory before reading, and its peak while reading, in bytes (0 when unknown).
    public var residentBefore = 0
    public var residentPeak = 0
    /// Seconds the reading took.
    public var seconds = 0.0

    /// Records per second.
    public var rate: Int { seconds > 0 ? Int(Double(records) / seconds) : 0 }
}

/// Reads `adapter` to its end, keeping only counts, the largest batch and resident memory.
public func readStreaming<Adapter: SourceAdapter>(_ adapter: Adapter) async throws -> StreamingMeasure {
    var reader = try adapter.makeReader(from: nil)
    var measure = StreamingMeasure()
    measure.residentBefore = residentBytes() ?? 0
    let elapsed = try await ContinuousClock().measure {
        while let batch = try await reader.next() {
            measure.records += batch.events.count + batch.rejected.count
            measure.largestBatch = max(measure.largestBatch, batch.events.count + batch.rejected.count)
            measure.residentPeak = max(measure.residentPeak, residentBytes() ?? 0)
        }
    }
    measure.seconds = elapsed.inSeconds
    return measure
}

/// Resident memory now, in bytes (Linux), or nil.
public func residentBytes() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
    let parts = text.split(separator: " ")
    guard parts.count > 1, let pages = Int(parts[1]) else { return nil }
    return pages * 4096
}

/// `../shared` next to the repository: walks up from this file to the folder holding `.git` or `Package.swift`.
public func sharedFolder(from file: String = #filePath) -> String? {
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
    /// A file's bytes (empty when missing).
    public func read(_ name: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: path + "/" + name) ?? Data())
    }
}
