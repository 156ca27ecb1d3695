import XIBuiltInPlugins
import ArgumentParser
import Foundation
import XIExpression
import XIPluginAPI
import XIRuntime

/// `xi analyze`: runs one detector over JSON lines, for trying it on samples and for outside checks.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Run a detector over JSON lines on standard input and write each line back with its output.",
        discussion: """
            Each input line is a JSON object; the text is read from --field. Each line is written \
            back with the detector's results added as members (for sentiment: "sentiment", -1 to 1) \
            and "signals" when the detector raised any. A line that is not a JSON object is reported \
            on standard error with its number and skipped; the rest go on.

            Examples:
              echo '{"text":"The app is great but support was awful"}' | xi analyze --detector sentiment
              xi analyze --detector sentiment --model Models/sentiment-hu.model --field review < reviews.jsonl
              xi analyze --detector sentiment --option polarity=positive --option threshold=0.3 < comments.jsonl
            """
    )

    @Option(help: "The detector kind (sentiment, …).") var detector: String
    @Option(help: "A model file for the detector (sentiment: written by `xi train sentiment`).") var model: String?
    @Option(help: "The member of each JSON object that holds the text.") var field: String = "text"
    @Option(help: ArgumentHelp("A detector option, as NAME=VALUE. Repeatable.", valueName: "NAME=VALUE")) var option: [String] = []

    /// Lines read and analyzed together.
    static let batchSize = 1024

    func run() throws {
        let factories = BuiltInPlugins.factories.filter { $0.descriptor.category == .detector }
        guard let factory = factories.first(where: { $0.descriptor.kind == detector }) else {
            throw ValidationError("unknown detector '\(detector)'; this build has: \(factories.map(\.descriptor.kind).sorted().joined(separator: ", "))")
        }
        var options: [String: ConfigurationValue] = [:]
        for assignment in option {
            guard let equals = assignment.firstIndex(of: "=") else { throw ValidationError("--option '\(assignment)' must be NAME=VALUE") }
            let value = String(assignment[assignment.index(after: equals)...])
            options[String(assignment[..<equals])] = Double(value).map(ConfigurationValue.number) ?? .string(value)
        }
        if let model { options["model"] = .string(model) }
        for name in options.keys where factory.descriptor.option(name) == nil {
            throw ValidationError("detector '\(detector)' has no option '\(name)'; its options: \(factory.descriptor.options.map(\.name).joined(separator: ", "))")
        }
        let folder = FileManager.default.currentDirectoryPath
        let context = PluginContext(name: detector, options: options, configurationFolder: folder, stateFolder: folder + "/.xi", environment: ProcessInfo.processInfo.environment)
        let made: Plugin
        do { made = try factory.make(context, nil) } catch { throw ValidationError("\(error)") }
        guard case .detector(let plugin) = made else { throw ValidationError("'\(detector)' is not a detector") }
        let schema = EventSchema(source: "stdin", kind: "text", fields: [])
        var state = DetectorState()
        var lines: [(number: Int, text: String)] = []
        var number = 0
        func flush() {
            var events: [Event] = []
            var kept: [(number: Int, text: String)] = []
            for line in lines {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.text.utf8)) as? [String: Any],
                      line.text.hasSuffix("}") else {
                    StandardError.write("line \(line.number): not a JSON object; skipped")
                    continue
                }
                let text = object[field] as? String
                if object[field] != nil, text == nil { StandardError.write("line \(line.number): '\(field)' is not text; analyzed as no text") }
                events.append(Event(
                    id: "line-\(line.number)", source: "stdin", kind: "text", subjects: [Subject(kind: "customer", id: "stdin")],
                    time: TimestampValue(seconds: 0)!, text: text, fields: [],
                    position: RecordPosition(file: "stdin", line: line.number, offset: 0)))
                kept.append(line)
            }
            var signals: [Signal] = []
            plugin.detect(events, schema: schema, state: &state, into: &signals)
            var raised: [String: [Signal]] = [:]
            for signal in signals { for id in signal.evidence { raised[id, default: []].append(signal) } }
            var output = ""
            for (event, line) in zip(events, kept) {
                var members = ""
                for (name, value) in plugin.analyze(event, schema: schema) ?? [] {
                    members += ","
                    JSONText.appendQuoted(name, to: &members)
                    members += ":" + JSONDocument(value).text
                }
                if let found = raised[event.id] {
                    members += ",\"signals\":[" + found.map { "{\"name\":\(JSONText.quoted($0.name)),\"strength\":\(JSONDocument.number(($0.strength * 1000).rounded() / 1000).text)}" }.joined(separator: ",") + "]"
                }
                var text = line.text
                text.removeLast()
                let isEmpty = text.trimmingCharacters(in: .whitespaces) == "{"
                output += text + (isEmpty && !members.isEmpty ? String(members.dropFirst()) : members) + "}\n"
            }
            FileHandle.standardOutput.write(Data(output.utf8))
            lines.removeAll(keepingCapacity: true)
        }
        while let line = Swift.readLine(strippingNewline: true) {
            number += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            lines.append((number, trimmed))
            if lines.count >= Self.batchSize { flush() }
        }
        flush()
    }
}
