import Benchmark
import Foundation
import XIExpression
import XIJSONLinesSource
import XIPluginAPI
import XIProcessSource

/// Events per second into xi from a file (`jsonl`) and over a pipe from an external plugin
/// (`process`), on the same 200,000 contact records: the protocol's overhead. The plugins are
/// `cat` of a file of EVENT messages (xi's side of the pipe alone) and a Python program that writes
/// them (a plugin in the most common plugin language). One iteration reads every record.
let benchmarks: @Sendable () -> Void = {
    let count = 200_000
    let folder = NSTemporaryDirectory() + "xi-source-benchmark"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var lines = ""
    var messages = ""
    let channels = ["phone", "chat", "email", "branch"]
    let reasons = ["card_status", "explain_charges", "complaint", "close_account", "password_reset"]
    for index in 0..<count {
        let record = #"{"contact_id":"K-\#(index)","customer_id":"C-\#(index % 20_000)","agent_id":"A-\#(index % 300)","started_at":"2026-01-\#(String(format: "%02d", index % 28 + 1))T\#(String(format: "%02d", index % 24)):00:00Z","channel":"\#(channels[index % 4])","reason":"\#(reasons[index % 5])","duration_seconds":\#(60 + index % 900),"hold_seconds":\#(index % 400),"transfers":\#(index % 3),"resolved":\#(index % 4 != 0),"transcript":"Customer asked a routine question."}"#
        lines += record + "\n"
        messages += #"{"type":"EVENT","record":"# + record + "}\n"
        if (index + 1) % 10_000 == 0 { messages += #"{"type":"STATE","value":{"line":\#(index + 1)}}"# + "\n" }
    }
    FileManager.default.createFile(atPath: folder + "/contacts.jsonl", contents: Data(lines.utf8))
    FileManager.default.createFile(atPath: folder + "/messages.jsonl", contents: Data(messages.utf8))
    FileManager.default.createFile(atPath: folder + "/plugin.py", contents: Data("""
        import sys
        out = sys.stdout
        with open(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("read") else "messages.jsonl", "rb") as source:
            for line in source:
                out.buffer.write(line)
        """.utf8))

    let settings = SourceSettings(
        name: "contacts", eventKind: "contact", subjectFields: [("customer", "customer_id"), ("agent", "agent_id")],
        timeField: "started_at", textField: "transcript", idField: "contact_id",
        schema: EventSchema(source: "contacts", kind: "contact", fields: [
            ("channel", .string), ("reason", .string), ("duration_seconds", .int), ("hold_seconds", .int), ("transfers", .int), ("resolved", .bool),
        ]))
    func context(_ options: [String: ConfigurationValue]) -> PluginContext {
        PluginContext(name: "contacts", options: options, configurationFolder: folder, stateFolder: folder + "/.xi", environment: ProcessInfo.processInfo.environment)
    }
    func readAll<Source: SourceAdapter>(_ source: Source) async throws -> Int {
        var reader = try source.makeReader(from: nil)
        var events = 0
        while let batch = try await reader.next() { events += batch.events.count }
        precondition(events == count, "read \(events) events, not \(count)")
        return events
    }
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(10), maxIterations: 5)

    Benchmark("jsonl source, 200,000 events", configuration: configuration) { _ in
        let source = try JSONLinesSource(context: context(["path": .string(folder + "/contacts.jsonl")]), settings: settings)
        blackHole(try await readAll(source))
    }
    Benchmark("process source (cat), 200,000 events", configuration: configuration) { _ in
        let source = try ProcessSource(
            context: context(["command": .list([.string("sh"), .string("-c"), .string("exec cat messages.jsonl")]), "validate_spec": .boolean(false)]),
            settings: settings, dialect: .xi)
        blackHole(try await readAll(source))
    }
    Benchmark("process source (Python plugin), 200,000 events", configuration: configuration) { _ in
        let source = try ProcessSource(
            context: context(["command": .list([.string("python3"), .string("plugin.py"), .string("messages.jsonl")]), "validate_spec": .boolean(false)]),
            settings: settings, dialect: .xi)
        blackHole(try await readAll(source))
    }
}
