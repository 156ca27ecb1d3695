import XIPluginAPI
import Foundation
import Testing
import XIBuiltInPlugins
import XIGoals
import Yams

@Suite("JSON Schemas in schema/")
struct SchemaTests {
    /// Each example file with the schema it names in its `yaml-language-server` comment.
    static func examples() throws -> [(file: String, schema: String)] {
        var files = ["xi.yaml"]
        for folder in ["Goals", "Audiences"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/" + folder)
            files += names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
        }
        return try files.map { file in
            let text = try String(contentsOfFile: repositoryRoot + "/" + file, encoding: .utf8)
            let marker = "# yaml-language-server: $schema="
            let line = text.split(separator: "\n").first { $0.hasPrefix(marker) }
            let relative = line.map { String($0.dropFirst(marker.count)) } ?? ""
            let schema = URL(fileURLWithPath: repositoryRoot + "/" + file).deletingLastPathComponent()
                .appendingPathComponent(relative).standardizedFileURL.path
            return (file, schema)
        }
    }

    @Test("every example file names its schema and validates against it (Python jsonschema)")
    func examplesValidate() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 15)
        var jobs: [[String: Any]] = []
        for (file, schema) in examples {
            #expect(FileManager.default.fileExists(atPath: schema), "\(file) names no existing schema")
            let text = try String(contentsOfFile: repositoryRoot + "/" + file, encoding: .utf8)
            let instance = Self.jsonCompatible(try Yams.load(yaml: text) as Any)
            jobs.append(["file": file, "schema": schema, "instance": instance])
        }
        let input = try JSONSerialization.data(withJSONObject: jobs)
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            failures = []
            for job in json.load(sys.stdin):
                schema = json.load(open(job["schema"]))
                Draft202012Validator.check_schema(schema)
                for error in Draft202012Validator(schema).iter_errors(job["instance"]):
                    failures.append(job["file"] + ": " + "/".join(map(str, error.absolute_path)) + ": " + error.message[:300])
            print("\\n".join(failures))
            sys.exit(1 if failures else 0)
            """
        let (status, output) = try Self.run(["python3", "-c", script], input: input)
        #expect(status == 0, "\(output)")
    }

    @Test("a bad file fails its schema too")
    func badFileFailsSchema() throws {
        let instance: [String: Any] = ["goal": "retention", "name": "x", "owner": "x", "objective": "retention", "signals": [["signal": "detractor", "weight": -1]], "treshold": 6]
        let input = try JSONSerialization.data(withJSONObject: ["schema": repositoryRoot + "/schema/goal.schema.json", "instance": instance])
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            job = json.load(sys.stdin)
            errors = list(Draft202012Validator(json.load(open(job["schema"]))).iter_errors(job["instance"]))
            print(len(errors))
            """
        let (status, output) = try Self.run(["python3", "-c", script], input: input)
        #expect(status == 0)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "3", "weight, treshold and the missing threshold")
    }

    @Test("each schema's property names match the keys the loader accepts")
    func schemasMatchLoaderKeys() throws {
        func load(_ name: String) throws -> [String: Any] {
            let data = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/schema/" + name))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        func object(_ schema: [String: Any], _ path: [String]) -> [String: Any] {
            var node: Any = schema
            for key in path { node = (node as? [String: Any])?[key] as Any }
            return node as? [String: Any] ?? [:]
        }
        func properties(_ schema: [String: Any], _ path: [String]) -> Set<String> {
            Set((object(schema, path)["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
        }
        func required(_ schema: [String: Any], _ path: [String]) -> Set<String> {
            Set(object(schema, path)["required"] as? [String] ?? [])
        }
        let goal = try load("goal.schema.json")
        let signals = try load("signals.schema.json")
        let audience = try load("audience.schema.json")
        let runtime = try load("xi.schema.json")
        let pairs: [(String, [String: Any], [String], AcceptedKeys)] = [
            ("goal", goal, [], ConfigurationKeys.goal),
            ("kpi", goal, ["$defs", "kpi"], ConfigurationKeys.kpi),
            ("selector", goal, ["$defs", "selector"], ConfigurationKeys.signalSelector),
            ("priority", goal, ["$defs", "priority"], ConfigurationKeys.priority),
            ("catalogue", signals, [], ConfigurationKeys.catalogue),
            ("signal", signals, ["$defs", "signal"], ConfigurationKeys.signal),
            ("audience", audience, [], ConfigurationKeys.audience),
            ("subscription", audience, ["$defs", "subscription"], ConfigurationKeys.subscription),
            ("lens", audience, ["$defs", "lens"], ConfigurationKeys.lens),
            ("escalation", audience, ["$defs", "escalation"], ConfigurationKeys.escalation),
            ("runtime", runtime, [], ConfigurationKeys.runtime),
            ("source", runtime, ["$defs", "source"], ConfigurationKeys.source),
            ("store", runtime, ["$defs", "store"], ConfigurationKeys.store),
            ("server", runtime, ["$defs", "server"], ConfigurationKeys.server),
        ]
        for (name, schema, path, keys) in pairs {
            #expect(properties(schema, path) == Set(keys.all), "\(name): schema and loader keys differ")
            #expect(required(schema, path) == Set(keys.required), "\(name): required keys differ")
        }
        // Plugin options: one definition per built-in kind, with the registry's option names.
        let registry = BuiltInPlugins.registry
        let plugins: [(PluginCategory, [String: Any], [String], Set<String>)] = [
            (.detector, signals, ["$defs", "detectorOptions"], []),
            (.action, audience, ["$defs", "actionOptions"], ["kind"]),
            (.source, runtime, ["$defs", "sourceOptions"], []),
        ]
        for (category, schema, path, extra) in plugins {
            let definitions = object(schema, path)
            #expect(Set(definitions.keys) == Set(registry.kinds(category)), "\(category) kinds differ")
            for kind in registry.kinds(category) {
                let descriptor = try #require(registry.descriptor(category, kind))
                #expect(properties(schema, path + [kind]).subtracting(extra) == Set(descriptor.options.map(\.name)), "\(category) \(kind) options differ")
                #expect(required(schema, path + [kind]) == Set(descriptor.options.filter(\.required).map(\.name)), "\(category) \(kind) required options differ")
            }
        }
    }

    /// Converts what Yams loads into what JSONSerialization writes (string keys).
    static func jsonCompatible(_ value: Any) -> Any {
        switch value {
        case let mapping as [AnyHashable: Any]:
            var result: [String: Any] = [:]
            for (key, element) in mapping { result["\(key.base)"] = jsonCompatible(element) }
            return result
        case let list as [Any]:
            return list.map(jsonCompatible)
        case let date as Date:
            return ISO8601DateFormatter().string(from: date)
        case is NSNull:
            return NSNull()
        default:
            return value
        }
    }

    /// Runs a command, feeding `input` on standard input; returns its status and output.
    static func run(_ arguments: [String], input: Data) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let standardInput = Pipe()
        let standardOutput = Pipe()
        process.standardInput = standardInput
        process.standardOutput = standardOutput
        process.standardError = standardOutput
        try process.run()
        standardInput.fileHandleForWriting.write(input)
        try standardInput.fileHandleForWriting.close()
        let output = standardOutput.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
