import ArgumentParser
import Foundation
import XIBuiltInPlugins
import XIPluginAPI
import XIPluginTesting

/// `xi plugin test PATH`: checks a plugin against the protocol and the test kit.
struct PluginTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Check a plugin against the protocol and the test kit.",
        discussion: """
            PATH is an external plugin's folder (with the plugin.yaml that xi plugin new writes) or a \
            built-in plugin's folder (Plugins/NAME). For an external source or action it runs the \
            plugin's own tests, then its spec (the sample config must conform), its check, and the \
            test kit's conformance check through xi's process source or action: ids stable across \
            reads, reading from any checkpoint gives exactly the rest, deliveries idempotent, one \
            receipt per delivery. For a Swift detector, and for a built-in plugin, it runs its tests.
            """)

    @Argument(help: "The plugin's folder.")
    var path: String

    func run() async throws {
        let folder = PluginCommand.absolute(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("\(path): no such folder")
        }
        let started = Date()
        if !FileManager.default.fileExists(atPath: folder + "/plugin.yaml"), FileManager.default.fileExists(atPath: folder + "/Sources") {
            try testBuiltIn(folder)
            return
        }
        let manifest: PluginManifest
        do {
            manifest = try PluginManifest.load(folder: folder)
        } catch {
            throw ValidationError("\(error)")
        }
        print("xi plugin test \(path) (\(manifest.kind.rawValue)\(manifest.command.isEmpty ? "" : ", " + manifest.command.joined(separator: " ")))")
        var failed = 0
        func report(_ ok: Bool, _ text: String) {
            print("  \(ok ? "✓" : "✗") \(text)")
            if !ok { failed += 1 }
        }
        if let build = manifest.build {
            let status = try PluginCommand.shell(build, in: folder)
            report(status == 0, "build: \(build)" + (status == 0 ? "" : " exited with status \(status)"))
            if status != 0 { throw ExitCode(1) }
        }
        if let test = manifest.test {
            let status = try PluginCommand.shell(test, in: folder)
            report(status == 0, "own tests: \(test)" + (status == 0 ? "" : " exited with status \(status)"))
        } else if manifest.kind == .detector {
            report(false, "a detector is checked by its own tests: give 'test' in plugin.yaml (swift test)")
        }
        if manifest.kind != .detector {
            failed += await checkProtocol(manifest, folder: folder, report: report)
        }
        print(String(format: "%@ in %.1f s", failed == 0 ? "passed" : "\(failed) check\(failed == 1 ? "" : "s") failed", Date().timeIntervalSince(started)))
        if failed > 0 { throw ExitCode(1) }
    }

    /// Spec, check and the test kit's conformance check, run in a scratch folder that links to the
    /// plugin's files (so what the plugin writes stays out of its folder). Returns the failures.
    private func checkProtocol(_ manifest: PluginManifest, folder: String, report: (Bool, String) -> Void) async -> Int {
        let scratch = NSTemporaryDirectory() + "xi-plugin-test-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            for entry in try FileManager.default.contentsOfDirectory(atPath: folder) {
                try FileManager.default.createSymbolicLink(atPath: scratch + "/" + entry, withDestinationPath: folder + "/" + entry)
            }
        } catch {
            report(false, "cannot make a scratch folder: \(error)")
            return 1
        }
        let options: [String: ConfigurationValue] = [
            "command": .list(manifest.command.map { .string($0) }), "config": manifest.config,
            "restart_backoff": .string("0s"), "retry_backoff": .string("0s"), "timeout": .string("20s"), "batch_size": .integer(2),
            "validate_spec": .boolean(false),
        ]
        let context = PluginContext(
            name: manifest.name, options: options, configurationFolder: scratch, stateFolder: scratch + "/.xi",
            environment: ProcessInfo.processInfo.environment)
        var failures = 0
        let command: ExternalCommand
        do {
            command = try ExternalCommand(context)
            let schema = try command.spec()
            let problems = schema.problems(
                in: (try? JSONSerialization.jsonObject(with: Data(command.configJSON.utf8), options: [.fragmentsAllowed])) ?? [:])
            let names = schema.properties.map(\.name)
            report(problems.isEmpty, "spec: \(names.count) option\(names.count == 1 ? "" : "s") (\(names.joined(separator: ", ")))" + (problems.isEmpty ? "; the sample config conforms" : "; the sample config does not: " + problems.joined(separator: "; ")))
            if !problems.isEmpty { failures += 1 }
            if let problem = try command.check() {
                report(false, "check: FAILED: \(problem)")
                failures += 1
            } else {
                report(true, "check: SUCCEEDED")
            }
        } catch {
            report(false, "\(error)")
            return failures + 1
        }
        switch manifest.kind {
        case .source:
            guard let factory = BuiltInPlugins.factories.first(where: { $0.descriptor.category == .source && $0.descriptor.kind == "process" }),
                  let settings = manifest.settings else { return failures + 1 }
            let makeSource = { () throws -> any SourceAdapter in
                guard case .source(let source) = try factory.make(context, settings) else { throw ValidationFailure("not a source") }
                return source
            }
            do {
                let read = try await readEverything(try makeSource())
                let reasons = read.rejected.prefix(3).map { "line \($0.position.line): \($0.reason)" }.joined(separator: "; ")
                let ok = read.failure == nil && !read.events.isEmpty && read.rejected.isEmpty
                report(ok, "read: \(read.events.count) events, \(read.rejected.count) rejected" + (reasons.isEmpty ? "" : " (\(reasons))")
                    + (read.failure.map { "; \($0)" } ?? "") + (read.events.isEmpty && read.failure == nil ? "; a sample should give events" : ""))
                if !ok { failures += 1 }
            } catch {
                report(false, "read: \(error)")
                failures += 1
            }
            let problems = await SourceConformance.check(makeSource: makeSource)
            report(problems.isEmpty, "source conformance (test kit): " + (problems.isEmpty ? "ids stable across reads, every checkpoint resumes exactly" : problems.joined(separator: "; ")))
            if !problems.isEmpty { failures += 1 }
        case .action:
            guard let factory = BuiltInPlugins.factories.first(where: { $0.descriptor.category == .action && $0.descriptor.kind == "process" }) else { return failures + 1 }
            let problems = await ActionConformance.check(
                makeAction: {
                    guard case .action(let action) = try factory.make(context, nil) else { throw ValidationFailure("not an action") }
                    return action
                },
                release: { action in await action.shutdown() })
            report(problems.isEmpty, "action conformance (test kit): " + (problems.isEmpty ? "one receipt per delivery, repeats idempotent, bad bodies answered, 100 at once" : problems.joined(separator: "; ")))
            if !problems.isEmpty { failures += 1 }
        case .detector:
            break
        }
        return failures
    }

    /// Reads a source to its end or its failure.
    private func readEverything(_ source: any SourceAdapter) async throws -> (events: [Event], rejected: [RejectedRecord], failure: String?) {
        func read<Source: SourceAdapter>(_ source: Source) async throws -> (events: [Event], rejected: [RejectedRecord], failure: String?) {
            var reader = try source.makeReader(from: nil)
            var events: [Event] = []
            var rejected: [RejectedRecord] = []
            do {
                while let batch = try await reader.next() {
                    events += batch.events
                    rejected += batch.rejected
                }
            } catch {
                return (events, rejected, (error as? PluginError)?.message ?? "\(error)")
            }
            return (events, rejected, nil)
        }
        return try await read(source)
    }

    /// A built-in plugin: its own test target, `XI<Folder>Tests`, from the repository root.
    private func testBuiltIn(_ folder: String) throws {
        let name = (folder as NSString).lastPathComponent
        let root = ((folder as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: root + "/Package.swift") else {
            throw ValidationError("\(path): not a plugin folder: no plugin.yaml, and not a built-in plugin under Plugins/ of xi's repository")
        }
        print("xi plugin test \(path) (built-in; its tests use the test kit's conformance checks)")
        let status = try PluginCommand.shell("swift test --filter 'XI\(name)Tests\\.'", in: root)
        if status != 0 { throw ExitCode(status) }
    }
}
