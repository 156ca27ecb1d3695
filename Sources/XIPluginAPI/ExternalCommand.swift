import Foundation

/// How xi starts an external plugin: its `command` option, the folder it runs in (the folder of
/// `xi.yaml`), its environment (xi's own), its `config` (JSON, `${NAME}` references resolved) and
/// the files that pass config and state to it.
///
/// The protocol itself is in `docs/plugin-protocol.md`: `COMMAND spec`, `COMMAND check --config
/// FILE`, `COMMAND read --config FILE [--state FILE]` for sources, `COMMAND write --config FILE`
/// for actions.
public struct ExternalCommand: Sendable {
    /// The program and its arguments.
    public var arguments: [String]
    /// Where it runs: the configuration folder.
    public var workingDirectory: String
    /// Its environment.
    public var environment: [String: String]
    /// The plugin's `config` option as JSON text, references resolved ("{}" when not given).
    public var configJSON: String
    /// The instance's name, for messages and file names.
    public var name: String
    /// Where config and state files are written (`.xi/plugins/`).
    public var filesFolder: String

    /// The shared options' descriptors.
    public static let descriptors: [PluginOption] = [
        PluginOption("command", .stringList, required: true, summary: "The program and its arguments: a list, or one string split at spaces; a relative program path is relative to xi.yaml."),
        PluginOption("config", .any, summary: "The plugin's own options, passed to it as a JSON file (--config); ${NAME} references are resolved from the environment."),
    ]

    /// Reads `command` and `config` from the context.
    /// Throws ``PluginError`` when `command` is missing or empty, or a reference is not set.
    public init(_ context: PluginContext) throws(PluginError) {
        let words: [String]
        switch context.options["command"] {
        case .string(let text)?: words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        case .list(let items)?: words = items.map(\.description)
        default: words = []
        }
        guard var program = words.first, !program.isEmpty else {
            throw PluginError("'\(context.name)' needs a 'command': the program to run and its arguments, such as [python3, plugins/tickets.py]")
        }
        if program.contains("/") && !program.hasPrefix("/") {
            program = context.configurationFolder + "/" + program
        }
        arguments = [program] + words.dropFirst()
        workingDirectory = context.configurationFolder
        environment = context.environment
        name = context.name
        filesFolder = context.stateFolder + "/plugins"
        configJSON = try (context.options["config"] ?? .mapping([:])).jsonText(environment: context.environment)
    }

    /// The file name part for this instance (`retention-team/0-process` → `retention-team-0-process`).
    public var fileStem: String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }

    /// Writes the config file (readable by the owner only: it may hold secrets) and returns its path.
    public func writeConfigFile() throws(PluginError) -> String {
        try write(configJSON, to: filesFolder + "/\(fileStem).config.json")
    }

    /// Writes `text` to `path`, readable by the owner only, and returns the path.
    public func write(_ text: String, to path: String) throws(PluginError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: filesFolder, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        } catch {
            throw PluginError("cannot write '\(path)' for '\(name)': \(error.localizedDescription)")
        }
    }

    /// Starts the plugin with `extra` arguments after its command; its standard error lines go to
    /// xi's standard error, prefixed with the instance's name.
    public func start(_ extra: [String]) throws(PluginError) -> ChildProcess {
        let prefix = "xi: \(name): "
        return try ChildProcess(command: arguments + extra, environment: environment, workingDirectory: workingDirectory) { line in
            ExternalCommand.log(prefix + line)
        }
    }

    /// Writes one line to xi's standard error.
    public static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Runs `COMMAND spec` and returns the options schema it prints, or throws ``PluginError``
    /// saying what went wrong (it did not start, printed no SPEC, timed out).
    public func spec(timeout: Double = 30) throws(PluginError) -> OptionSchema {
        let reply = try exchange(["spec"], expecting: "SPEC", timeout: timeout)
        guard let schema = reply["spec"] else {
            throw PluginError("'\(name)': the plugin's SPEC message has no 'spec' member (a JSON Schema of its options)")
        }
        return OptionSchema(schema)
    }

    /// Runs `COMMAND check --config FILE`: nil when the plugin says it can work, else its reason.
    public func check(timeout: Double = 60) throws(PluginError) -> String? {
        let path = try writeConfigFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reply = try exchange(["check", "--config", path], expecting: "CHECK", timeout: timeout)
        let status = (reply["status"] as? String)?.uppercased()
        if status == "SUCCEEDED" { return nil }
        return (reply["message"] as? String) ?? "the plugin's check failed (status \(status ?? "missing"))"
    }

    /// Checks the `config` option against the plugin's spec: an empty list when it conforms, else
    /// one line per problem (`config.url: required`).
    public func validateConfig(timeout: Double = 30) throws(PluginError) -> [String] {
        let schema = try spec(timeout: timeout)
        let object = (try? JSONSerialization.jsonObject(with: Data(configJSON.utf8), options: [.fragmentsAllowed])) ?? [:]
        return schema.problems(in: object, path: "config")
    }

    /// Starts the plugin with `extra`, reads its output until a message of type `type`, and stops it.
    private func exchange(_ extra: [String], expecting type: String, timeout: Double) throws(PluginError) -> [String: Any] {
        let child = try start(extra)
        defer { child.stop(grace: 2) }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
                let messageType = (object["type"] as? String)?.uppercased()
                if messageType == type { return object }
                if messageType == "LOG", let message = object["message"] as? String { Self.log("xi: \(name): \(message)") }
                if messageType == "ERROR" {
                    throw PluginError("'\(name)': the plugin reported an error for '\(extra[0])': \((object["message"] as? String) ?? "no message")")
                }
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw PluginError("'\(name)': '\(arguments.joined(separator: " ")) \(extra[0])' printed no \(type) message within \(Int(timeout)) s") }
            let result = buffer.withUnsafeMutableBytes { child.read(into: $0, timeout: remaining) }
            switch result {
            case .bytes(let count):
                pending.append(contentsOf: buffer[0..<count])
                if pending.count > 16 << 20 && !pending.contains(0x0A) {
                    throw PluginError("'\(name)': '\(arguments.joined(separator: " ")) \(extra[0])' wrote more than 16 MB without a line end")
                }
            case .timedOut: continue
            case .end:
                let exit = child.waitForExit(timeout: 5).map { "; it \($0)" } ?? ""
                let stderr = child.lastErrorLines.suffix(3).joined(separator: " | ")
                throw PluginError("'\(name)': '\(arguments.joined(separator: " ")) \(extra[0])' ended without a \(type) message\(exit)\(stderr.isEmpty ? "" : " (stderr: \(stderr))")")
            }
        }
    }
}
