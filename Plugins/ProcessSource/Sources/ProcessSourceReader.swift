import Foundation
import XIExpression
import XIPluginAPI

/// Reads a process source: starts the program when first asked, turns its lines into batches, and
/// restarts it from its last state when it crashes or hangs.
///
/// Memory stays constant: the program's output is read as batches are asked for, so a program that
/// writes faster than xi reads waits on its pipe; a line longer than `max_record_bytes` is
/// rejected and skipped without being kept.
public struct ProcessSourceReader: SourceReader {
    private let source: ProcessSource
    private var checkpoint: ProcessCheckpoint
    private var returned: ProcessCheckpoint?
    private var child: ChildProcess?
    private var configPath: String?
    private var skip = 0
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private var discarding = false
    private var line = 0
    private var offset: Int64 = 0
    private var restarts = 0
    private var finished = false
    private var failure: PluginError?
    private var decoder = JSONLinesDecoder()
    private var fields: RecordFields
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    init(source: ProcessSource, checkpoint: ProcessCheckpoint) {
        self.source = source
        self.checkpoint = checkpoint
        fields = source.builder.makeFields()
    }

    private var name: String { source.builder.settings.name }
    private var options: ProcessSourceOptions { source.options }

    /// The next batch, or nil when the program has finished. Throws when the program cannot be
    /// started or has failed more often than `restarts` allows (after the records read before).
    public mutating func next() async throws -> SourceBatch? {
        try nextBatch()
    }

    /// ``next()`` without the `async`.
    public mutating func nextBatch() throws(PluginError) -> SourceBatch? {
        if let failure {
            self.failure = nil
            finished = true
            throw failure
        }
        if finished { return nil }
        var events: [Event] = []
        var rejected: [RejectedRecord] = []
        reading: while events.count + rejected.count < options.batchSize {
            if takeLine(events: &events, rejected: &rejected) { continue }
            if failure != nil { break }
            if child == nil {
                do {
                    try startProgram()
                } catch {
                    failure = error
                    break
                }
            }
            guard let child else { break }
            let timeout = options.timeout
            let result = chunk.withUnsafeMutableBytes { child.read(into: $0, timeout: timeout) }
            switch result {
            case .bytes(let count):
                append(count, rejected: &rejected)
            case .timedOut:
                child.kill()
                if !ended("wrote nothing for \(PluginContext.format(timeout)) s (timeout), so it was killed", child: child) { break reading }
            case .end:
                finishLastLine(events: &events, rejected: &rejected)
                let exit = child.stop(grace: 5)
                if exit.isSuccess {
                    finished = true
                    self.child = nil
                    removeConfig()
                    break reading
                }
                if !ended(exit.description, child: child) { break reading }
            }
        }
        if events.isEmpty && rejected.isEmpty && checkpoint == returned {
            if let failure {
                self.failure = nil
                finished = true
                throw failure
            }
            if finished { return nil }
        }
        returned = checkpoint
        return SourceBatch(events: events, rejected: rejected, checkpoint: checkpoint.encoded)
    }

    // MARK: - The program

    private mutating func startProgram() throws(PluginError) {
        let command = options.command
        let config = try command.writeConfigFile()
        configPath = config
        var extra: [String] = options.dialect == .xi ? ["read", "--config", config] : ["--config", config]
        if let state = checkpoint.state {
            extra += ["--state", try command.write(state, to: command.filesFolder + "/\(command.fileStem).state.json")]
        }
        if options.dialect == .singer, let catalog = options.catalog { extra += ["--catalog", catalog] }
        child = try command.start(extra)
        skip = checkpoint.after
        buffer.removeAll(keepingCapacity: true)
        start = 0
        scanned = 0
        discarding = false
        line = 0
        offset = 0
    }

    private mutating func removeConfig() {
        if let configPath { try? FileManager.default.removeItem(atPath: configPath) }
        configPath = nil
    }

    /// The program ended badly: restart it (true) or give up (false, with ``failure`` set).
    private mutating func ended(_ reason: String, child ended: ChildProcess) -> Bool {
        child = nil
        removeConfig()
        let errors = ended.lastErrorLines.suffix(3).joined(separator: " | ")
        let output = errors.isEmpty ? "" : " Its last error output: \(errors)"
        if restarts < options.restarts {
            restarts += 1
            let wait = RetryPolicy(timeout: options.timeout, retries: options.restarts, backoff: options.restartBackoff).wait(beforeRetry: restarts)
            ExternalCommand.log("xi: source '\(name)': the plugin \(reason); restarting it from its last state in \(PluginContext.format(wait)) s (restart \(restarts) of \(options.restarts)).\(output)")
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            return true
        }
        failure = PluginError(
            "source '\(name)': the plugin \(reason)\(options.restarts > 0 ? " after \(options.restarts) restart\(options.restarts == 1 ? "" : "s")" : ""); "
                + "the source is given up for this run, keeping what it read, and the next run starts it from its last state.\(output)")
        return false
    }

    // MARK: - Lines

    private mutating func append(_ count: Int, rejected: inout [RejectedRecord]) {
        var newBytes = chunk[0..<count]
        if discarding {
            // The rest of a line too long to keep: drop it up to its end.
            guard let newline = newBytes.firstIndex(of: 0x0A) else {
                offset += Int64(count)
                return
            }
            offset += Int64(newline - newBytes.startIndex + 1)
            newBytes = newBytes[(newline + 1)...]
            discarding = false
        }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
            scanned = 0
        } else if start > 1 << 16 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        buffer.append(contentsOf: newBytes)
        if buffer.count - start > options.maxRecordBytes, buffer[scanned...].firstIndex(of: 0x0A) == nil {
            line += 1
            rejected.append(RejectedRecord(
                source: name, position: position(),
                reason: "line longer than max_record_bytes (\(options.maxRecordBytes) bytes); skipped",
                excerpt: String(decoding: buffer[start..<min(buffer.count, start + 2_048)], as: UTF8.self)))
            offset += Int64(buffer.count - start)
            buffer.removeAll(keepingCapacity: true)
            start = 0
            scanned = 0
            discarding = true
        }
    }

    private mutating func takeLine(events: inout [Event], rejected: inout [RejectedRecord]) -> Bool {
        guard scanned < buffer.count, let newline = buffer[scanned...].firstIndex(of: 0x0A) else {
            scanned = buffer.count
            return false
        }
        var end = newline
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        let range = start..<end
        line += 1
        handle(range, events: &events, rejected: &rejected)
        offset += Int64(newline + 1 - start)
        start = newline + 1
        scanned = start
        return true
    }

    /// Output that ends without a newline: a complete message is read; a cut one is rejected.
    private mutating func finishLastLine(events: inout [Event], rejected: inout [RejectedRecord]) {
        guard start < buffer.count, !discarding else { return }
        line += 1
        let range = start..<buffer.count
        if JSONValidator.isValid(buffer[range]) {
            handle(range, events: &events, rejected: &rejected)
        } else {
            rejected.append(RejectedRecord(
                source: name, position: position(), reason: "the plugin's output ends with a cut line (no newline, not complete JSON)",
                excerpt: String(decoding: buffer[range.prefix(2_048)], as: UTF8.self)))
        }
        buffer.removeAll(keepingCapacity: true)
        start = 0
        scanned = 0
    }

    private func position() -> RecordPosition {
        RecordPosition(file: "\(name) output", line: line, offset: offset)
    }

    // MARK: - Messages

    private static let typeKey = Array("type".utf8)
    private static let recordKey = Array("record".utf8)
    private static let streamKey = Array("stream".utf8)

    private mutating func handle(_ range: Range<Int>, events: inout [Event], rejected: inout [RejectedRecord]) {
        let storage = buffer
        storage.withUnsafeBufferPointer { all in
            let bytes = UnsafeBufferPointer(rebasing: all[range])
            var type: String?
            var stream: String?
            var recordRange: Range<Int>?
            fields.clear()
            if let problem = parseEnvelope(bytes, type: &type, stream: &stream, record: &recordRange) {
                reject(bytes, "not a plugin message: \(problem)", into: &rejected)
                return
            }
            switch type {
            case "EVENT", "RECORD":
                guard let recordRange else {
                    reject(bytes, "\(type!) message without a 'record' object", into: &rejected)
                    return
                }
                if let wanted = options.stream, stream != wanted {
                    countRecord()
                    return
                }
                guard countRecord() else { return }
                switch source.builder.build(fields, position: position(), fileName: "\(name) output") {
                case .success(var event):
                    if source.builder.settings.idField == nil {
                        event.id = name + ":" + Self.digest(UnsafeBufferPointer(rebasing: bytes[recordRange]), stream: stream)
                    }
                    events.append(event)
                case .failure(let rejection):
                    reject(bytes, rejection.reason, into: &rejected)
                }
            case .none:
                reject(bytes, "a message needs a 'type' (EVENT, STATE, LOG or ERROR)", into: &rejected)
            case .some(let other):
                control(other, bytes, rejected: &rejected)
            }
        }
    }

    /// Counts a record since the last state; false when it is one to skip (read before a restart).
    @discardableResult
    private mutating func countRecord() -> Bool {
        // Records replayed after a restart were counted when first read.
        if skip > 0 {
            skip -= 1
            return false
        }
        checkpoint.after += 1
        return true
    }

    private mutating func parseEnvelope(
        _ bytes: UnsafeBufferPointer<UInt8>, type: inout String?, stream: inout String?, record: inout Range<Int>?
    ) -> String? {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        guard parser.peek == UInt8(ascii: "{") else {
            return parser.atEnd ? "an empty line" : "a line must be a JSON object"
        }
        parser.index += 1
        parser.skipWhitespace()
        if parser.peek == UInt8(ascii: "}") { return nil }
        while true {
            parser.skipWhitespace()
            guard parser.peek == UInt8(ascii: "\"") else { return parser.failure("a member name in quotes") }
            let key: JSONParser.KeyRange
            switch parser.keyRange() {
            case .failure(let problem): return problem.message
            case .success(let range): key = range
            }
            let name = UnsafeBufferPointer(rebasing: bytes[key.bytes])
            parser.skipWhitespace()
            guard parser.peek == UInt8(ascii: ":") else { return parser.failure("':' after the member name") }
            parser.index += 1
            parser.skipWhitespace()
            if name.elementsEqual(Self.typeKey) || name.elementsEqual(Self.streamKey) {
                guard parser.peek == UInt8(ascii: "\"") else { return "'\(String(decoding: name, as: UTF8.self))' must be a string" }
                switch parser.string() {
                case .failure(let problem): return problem.message
                case .success(let text):
                    if name.elementsEqual(Self.typeKey) { type = text.uppercased() } else { stream = text }
                }
            } else if name.elementsEqual(Self.recordKey) && parser.peek == UInt8(ascii: "{") {
                let recordStart = parser.index
                if let problem = decoder.decodeObject(&parser, into: &fields, builder: source.builder) { return problem }
                record = recordStart..<parser.index
            } else if let problem = parser.skipValue(depth: 0) {
                return problem
            }
            switch parser.endOfMember() {
            case .success(true): continue
            case .success(false): break
            case .failure(let problem): return problem.message
            }
            break
        }
        parser.skipWhitespace()
        return parser.atEnd ? nil : "unexpected text after the JSON object at column \(parser.index + 1)"
    }

    /// STATE, LOG, ERROR and Singer's SCHEMA and ACTIVATE_VERSION: rare, so parsed with Foundation.
    private mutating func control(_ type: String, _ bytes: UnsafeBufferPointer<UInt8>, rejected: inout [RejectedRecord]) {
        let message = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
        switch type {
        case "STATE":
            guard let value = message["value"] ?? message["state"],
                  let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
            else {
                reject(bytes, "STATE message without a 'value'", into: &rejected)
                return
            }
            checkpoint = ProcessCheckpoint(state: String(decoding: data, as: UTF8.self), after: 0)
            skip = 0
        case "LOG":
            let level = (message["level"] as? String ?? "info").lowercased()
            if level != "debug" && level != "trace" {
                ExternalCommand.log("xi: source '\(name)': \(level): \(message["message"] as? String ?? "")")
            }
        case "ERROR":
            let text = message["message"] as? String ?? "no message"
            if message["fatal"] as? Bool == true {
                failure = PluginError("source '\(name)': the plugin reported a fatal error: \(text); the source is given up for this run, keeping what it read")
                child?.kill()
                child = nil
                removeConfig()
            } else {
                reject(bytes, "the plugin reported: \(text)", into: &rejected)
            }
        case "SCHEMA", "ACTIVATE_VERSION":
            break
        default:
            let expected = options.dialect == .xi ? "EVENT, STATE, LOG or ERROR" : "RECORD, SCHEMA, STATE or ACTIVATE_VERSION"
            reject(bytes, "unknown message type '\(type)' (expected \(expected))", into: &rejected)
        }
    }

    private func reject(_ bytes: UnsafeBufferPointer<UInt8>, _ reason: String, into rejected: inout [RejectedRecord]) {
        rejected.append(RejectedRecord(
            source: name, position: position(), reason: reason,
            excerpt: String(decoding: UnsafeBufferPointer(rebasing: bytes.prefix(2_048)), as: UTF8.self)))
    }

    /// A record's id when the mapping names none: 128 bits of FNV-1a over its stream and bytes, so
    /// the same record read again after a restart is the same event.
    static func digest(_ bytes: UnsafeBufferPointer<UInt8>, stream: String?) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        for byte in (stream ?? "").utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 ^ (second >> 29)
        }
        let text = String(first, radix: 16) + String(second, radix: 16)
        return text
    }
}
