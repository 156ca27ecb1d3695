extension PluginTemplates {
    /// A Swift external plugin's package: the protocol's logic in a library (tested), a thin executable.
    static let swiftExternalPackage = #"""
// swift-tools-version: 6.0
import PackageDescription

// {{name}}: an xi {{kind}} plugin in Swift, speaking xi's plugin protocol (JSON lines).
let package = Package(
    name: "{{name}}",
    products: [.executable(name: "{{name}}", targets: ["{{Type}}"])],
    targets: [
        .target(name: "{{Type}}Plugin"),
        .executableTarget(name: "{{Type}}", dependencies: ["{{Type}}Plugin"]),
        .testTarget(name: "{{Type}}PluginTests", dependencies: ["{{Type}}Plugin"]),
    ]
)
"""#

    /// The executable: hands the command line and the standard streams to the library.
    static let swiftExternalMain = #"""
import Foundation
import {{Type}}Plugin

// Each message is written at once: an action's answers must reach xi while it waits for them.
let status = {{Type}}Plugin.main(Array(CommandLine.arguments.dropFirst()), input: { readLine() }) { line in
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
exit(status)
"""#

    /// The protocol's plumbing shared by the Swift source and action templates.
    static let swiftMessages = #"""
import Foundation

/// One protocol message as a line of JSON.
func messageLine(_ message: [String: Any]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}

/// A JSON file as an object (the config, the state).
func jsonObject(atPath path: String?) throws -> [String: Any] {
    guard let path else { return [:] }
    return try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
}

/// The value after `name` in `arguments` (`--config FILE`).
func option(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
"""#

    /// A Swift source: reads a JSON-lines file, resumes from a position.
    static let swiftSource = #"""
import Foundation

/// {{name}}: an xi source plugin (xi's plugin protocol, version 1).
///
/// xi runs it as `{{name}} spec`, `{{name}} check --config FILE` and
/// `{{name}} read --config FILE [--state FILE]`. Replace ``records(config:from:)`` with your
/// listening post; yield records from the state's position on, in the same order every time.
public enum {{Type}}Plugin {
    /// The JSON Schema of the plugin's config.
    public static var spec: [String: Any] { [
        "type": "object", "required": ["path"], "additionalProperties": false,
        "properties": [
            "path": ["type": "string", "description": "The JSON-lines file to read, relative to the folder of xi.yaml."],
            "state_every": ["type": "integer", "minimum": 1, "default": 100, "description": "Records between two STATE messages."],
        ],
    ] }

    /// Runs one command and returns the exit status; messages go to `send`, one line each.
    public static func main(_ arguments: [String], input: () -> String?, send: (String) -> Void) -> Int32 {
        do {
            let config = try jsonObject(atPath: option("--config", in: arguments))
            switch arguments.first {
            case "spec":
                send(messageLine(["type": "SPEC", "protocol_version": 1, "spec": spec]))
            case "check":
                let problem = FileManager.default.fileExists(atPath: config["path"] as? String ?? "") ? nil : "no such file: \(config["path"] ?? "")"
                send(messageLine(["type": "CHECK", "status": problem == nil ? "SUCCEEDED" : "FAILED", "message": problem ?? "ready"]))
            case "read":
                try read(config: config, state: try jsonObject(atPath: option("--state", in: arguments)), send: send)
            default:
                FileHandle.standardError.write(Data("usage: {{name}} spec | check --config FILE | read --config FILE [--state FILE]\n".utf8))
                return 2
            }
            return 0
        } catch {
            send(messageLine(["type": "ERROR", "message": "\(error)", "fatal": true]))
            return 1
        }
    }

    /// Writes an EVENT per record and a STATE every `state_every` records and at the end.
    public static func read(config: [String: Any], state: [String: Any], send: (String) -> Void) throws {
        let every = config["state_every"] as? Int ?? 100
        var position = state["position"] as? Int ?? 0
        var count = 0
        for (after, record) in try records(config: config, from: position) {
            send(messageLine(["type": "EVENT", "record": record]))
            position = after
            count += 1
            if count % every == 0 { send(messageLine(["type": "STATE", "value": ["position": position]])) }
        }
        send(messageLine(["type": "STATE", "value": ["position": position]]))
    }

    /// The records after `position`, each with the position after it.
    static func records(config: [String: Any], from position: Int) throws -> [(Int, Any)] {
        let text = try String(contentsOfFile: config["path"] as? String ?? "", encoding: .utf8)
        return try text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { number, line in
            guard number >= position, !line.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return (number + 1, try JSONSerialization.jsonObject(with: Data(line.utf8)))
        }
    }
}
"""#

    /// The Swift source's test.
    static let swiftSourceTest = #"""
import Foundation
import Testing
@testable import {{Type}}Plugin

@Suite("{{name}}") struct {{Type}}PluginTests {
    let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data.jsonl").path

    func messages(_ config: [String: Any], state: [String: Any] = [:]) throws -> [[String: Any]] {
        var lines: [String] = []
        try {{Type}}Plugin.read(config: config, state: state) { lines.append($0) }
        return try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func readsEveryRecordAndResumesFromAState() throws {
        let all = try messages(["path": sample, "state_every": 2])
        let events = all.filter { $0["type"] as? String == "EVENT" }
        let states = all.filter { $0["type"] as? String == "STATE" }.compactMap { $0["value"] as? [String: Any] }
        #expect(events.count == 5)
        #expect(states.last?["position"] as? Int == 5)
        let resumed = try messages(["path": sample], state: states[0]).filter { $0["type"] as? String == "EVENT" }
        #expect(resumed.count == 3)
    }

    @Test func specNamesTheOptions() {
        var lines: [String] = []
        #expect({{Type}}Plugin.main(["spec"], input: { nil }) { lines.append($0) } == 0)
        #expect(lines.first?.contains("\"path\"") == true)
    }
}
"""#

    /// A Swift action: appends each delivery to a JSON-lines outbox, once per id.
    static let swiftAction = #"""
import Foundation

/// {{name}}: an xi action plugin (xi's plugin protocol, version 1).
///
/// xi runs it as `{{name}} spec`, `{{name}} check --config FILE` and `{{name}} write --config FILE`,
/// writes a DELIVERY message per line, and reads an ACK or NACK per id. Replace ``deliver(_:)``
/// with your system; the same delivery may come again: its id is the idempotency key.
public final class {{Type}}Plugin {
    /// The JSON Schema of the plugin's config.
    public static var spec: [String: Any] { [
        "type": "object", "required": ["path"], "additionalProperties": false,
        "properties": ["path": ["type": "string", "description": "The JSON-lines file deliveries are appended to, relative to the folder of xi.yaml."]],
    ] }

    let path: String
    var delivered: Set<String>

    init(path: String) {
        self.path = path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        delivered = Set(text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        })
    }

    /// Delivers once per id; returns the receiver's reference.
    func deliver(_ delivery: [String: Any]) throws -> String {
        guard let id = delivery["id"] as? String else { throw CocoaError(.coderInvalidValue) }
        if delivered.insert(id).inserted {
            if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((messageLine(delivery) + "\n").utf8))
            try handle.synchronize()
        }
        return path
    }

    /// Runs one command and returns the exit status; reads lines from `input`, answers to `send`.
    public static func main(_ arguments: [String], input: () -> String?, send: (String) -> Void) -> Int32 {
        do {
            let config = try jsonObject(atPath: option("--config", in: arguments))
            switch arguments.first {
            case "spec":
                send(messageLine(["type": "SPEC", "protocol_version": 1, "spec": spec]))
            case "check":
                send(messageLine(["type": "CHECK", "status": config["path"] is String ? "SUCCEEDED" : "FAILED", "message": "config.path names the outbox"]))
            case "write":
                let plugin = {{Type}}Plugin(path: config["path"] as? String ?? "outbox.jsonl")
                while let line = input() {
                    guard let message = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                          message["type"] as? String == "DELIVERY", let id = message["id"] as? String else { continue }
                    do {
                        let reference = try plugin.deliver(message["delivery"] as? [String: Any] ?? [:])
                        send(messageLine(["type": "ACK", "id": id, "reference": reference]))
                    } catch {
                        send(messageLine(["type": "NACK", "id": id, "retryable": true, "reason": "\(error)"]))
                    }
                }
            default:
                FileHandle.standardError.write(Data("usage: {{name}} spec | check --config FILE | write --config FILE\n".utf8))
                return 2
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 1
        }
    }
}
"""#

    /// The Swift action's test.
    static let swiftActionTest = ##"""
import Foundation
import Testing
@testable import {{Type}}Plugin

@Suite("{{name}}") struct {{Type}}PluginTests {
    @Test func acknowledgesEachDeliveryAndDeliversARepeatOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("config.json")
        let outbox = folder.appendingPathComponent("outbox.jsonl").path
        try Data(#"{"path":"\#(outbox)"}"#.utf8).write(to: config)
        var input = ["d-1", "d-2", "d-1"].map { id in
            #"{"type":"DELIVERY","id":"\#(id)","attempt":0,"delivery":{"id":"\#(id)","audience":"retention-team","body":{"score":9}}}"#
        }
        var answers: [String] = []
        let status = {{Type}}Plugin.main(["write", "--config", config.path], input: { input.isEmpty ? nil : input.removeFirst() }) { answers.append($0) }
        #expect(status == 0)
        #expect(answers.count == 3 && answers.allSatisfy { $0.contains("\"ACK\"") })
        #expect(try String(contentsOfFile: outbox, encoding: .utf8).split(separator: "\n").count == 2)
    }
}
"""##

    /// A Swift detector: a library against xi's plugin API, checked with the test kit.
    static let swiftDetectorPackage = #"""
// swift-tools-version: 6.0
import PackageDescription

// {{name}}: an xi detector. Detectors run inside xi: to use it, move this folder under xi's
// Plugins/, add its target to xi's Package.swift and its factory to BuiltInPlugins.factories.
let package = Package(
    name: "{{name}}",
    platforms: [.macOS(.v14)],
    products: [.library(name: "{{Type}}Detector", targets: ["{{Type}}Detector"])],
    dependencies: [.package(path: "{{xiRoot}}")],
    targets: [
        .target(
            name: "{{Type}}Detector",
            dependencies: [.product(name: "XIPluginAPI", package: "{{xiPackage}}"), .product(name: "XIExpression", package: "{{xiPackage}}")]),
        .testTarget(
            name: "{{Type}}DetectorTests",
            dependencies: [
                "{{Type}}Detector", .product(name: "XIPluginTesting", package: "{{xiPackage}}"),
                .product(name: "XIPluginAPI", package: "{{xiPackage}}"), .product(name: "XIExpression", package: "{{xiPackage}}"),
            ]),
    ]
)
"""#

    /// The detector.
    static let swiftDetector = #"""
import XIExpression
import XIPluginAPI

/// {{name}}: raises its signal when an event's `field` is at or above `threshold`.
///
/// Configured in the signal catalogue:
///
/// ```yaml
/// signals:
///   {{signal}}:
///     detector: {{name}}
///     on: survey
///     options: { field: ces, threshold: 5 }
/// ```
public struct {{Type}}Detector: Detector {
    /// The plugin's kind, options and maker.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .detector, kind: "{{name}}", summary: "Raised when a numeric field reaches a threshold.",
            options: [
                PluginOption("field", .string, required: true, summary: "The numeric field to watch."),
                PluginOption("threshold", .number, summary: "The value at or above which the signal is raised (default 1)."),
            ]),
        make: { context, _ in
            guard let field = try context.string("field") else {
                throw PluginError("'\(context.name)' needs 'field': the numeric field to watch")
            }
            return .detector({{Type}}Detector(signal: context.name, field: field, threshold: try context.number("threshold", default: 1)))
        })

    /// The signal it raises.
    public var signal: String
    /// The field it watches.
    public var field: String
    /// The threshold.
    public var threshold: Double

    /// Creates the detector.
    public init(signal: String, field: String, threshold: Double) {
        self.signal = signal
        self.field = field
        self.threshold = threshold
    }

    /// Any kind of event with the field.
    public var eventKinds: Set<String> { [] }
    /// It remembers nothing between events.
    public var remembersSubjects: Bool { false }

    /// One signal per event whose field reaches the threshold, on its primary subject.
    public func detect(_ events: [Event], schema: EventSchema, state: inout DetectorState, into signals: inout [Signal]) {
        guard let position = schema.position(of: field) else { return }
        for event in events {
            guard let subject = event.subject, let value = event.fields[position]?.number, value >= threshold else { continue }
            signals.append(Signal(name: signal, subject: subject, time: event.time, strength: 1, evidence: [event.id]))
        }
    }
}
"""#

    /// The detector's test, with the test kit's conformance check.
    static let swiftDetectorTest = #"""
import Testing
import XIExpression
import XIPluginAPI
import XIPluginTesting
import {{Type}}Detector

@Suite("{{name}}") struct {{Type}}DetectorTests {
    let schema = EventSchema(source: "surveys", kind: "survey", fields: [("ces", .int)])

    var events: [Event] {
        (0..<8).map { index in
            Event(
                id: "e-\(index)", source: "surveys", kind: "survey", subjects: [Subject(kind: "customer", id: "C-\(index % 3)")],
                time: TimestampValue(seconds: Int64(1_767_225_600 + index * 60))!, fields: [.int(Int64(index))],
                position: RecordPosition(file: "surveys.csv", line: index + 2, offset: 0))
        }
    }

    @Test func raisesItsSignalAtTheThreshold() {
        let detector = {{Type}}Detector(signal: "{{signal}}", field: "ces", threshold: 6)
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect(events, schema: schema, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["e-6"], ["e-7"]])
    }

    @Test func passesTheTestKitsConformanceCheck() {
        let failures = DetectorConformance.check(detector: {{Type}}Detector(signal: "{{signal}}", field: "ces", threshold: 6), events: events, schema: schema)
        #expect(failures.isEmpty, "\(failures)")
    }
}
"""#
}
