import XIPluginAPI
import Foundation
import XIExpression
import Yams

/// Loads and validates a configuration tree — `xi.yaml`, the signal catalogue, goal files and
/// audience files — reporting every problem in every file as a located ``Diagnostic``.
///
/// ```swift
/// let result = ConfigurationLoader(registry: BuiltInPlugins.registry).load(workspace: ".")
/// for diagnostic in result.diagnostics { print(diagnostic) }
/// if result.isValid { run(result.workspace) }
/// ```
///
/// Loading never stops at the first error: a file with a syntax error is skipped and the others
/// are still checked; a bad entry is reported and the rest of its file still read.
public struct ConfigurationLoader: Sendable {
    /// The plugin kinds configuration may name.
    public var registry: PluginRegistry

    /// Creates a loader accepting the plugins of `registry` (the command line passes
    /// `BuiltInPlugins.registry`: the plugins built into the binary and the kinds planned).
    public init(registry: PluginRegistry) {
        self.registry = registry
    }

    /// Loads the workspace at `root`: `root/xi.yaml`, then the goals and audiences folders and the
    /// signal catalogue it names (default `Goals/`, `Audiences/`, `Goals/signals.yaml`).
    ///
    /// File names in diagnostics are relative to `root` (prefixed with it unless it is `.`).
    public func load(workspace root: String) -> ConfigurationLoadResult {
        var diagnostics: [Diagnostic] = []
        let fileSystem = WorkspaceFiles(root: root)
        let runtimeFile = fileSystem.read("xi.yaml", diagnostics: &diagnostics)
        // Read the folders xi.yaml names; when it cannot be read, fall back to the defaults.
        var runtimeForPaths = RuntimeConfiguration()
        if let runtimeFile {
            var ignored: [Diagnostic] = []
            if let document = YAMLDocument.read(runtimeFile.contents, file: runtimeFile.path, diagnostics: &ignored),
                let root = document.root {
                runtimeForPaths = RuntimePaths.read(root) ?? runtimeForPaths
            }
        }
        let signalsFile = fileSystem.read(runtimeForPaths.signalsFile, diagnostics: &diagnostics)
        let goalFiles = fileSystem.readFolder(
            runtimeForPaths.goalsFolder, excluding: runtimeForPaths.signalsFile, what: "goal", diagnostics: &diagnostics)
        let audienceFiles = fileSystem.readFolder(
            runtimeForPaths.audiencesFolder, excluding: nil, what: "audience", emptySeverity: .warning, diagnostics: &diagnostics)
        var result = load(runtime: runtimeFile, signals: signalsFile, goals: goalFiles, audiences: audienceFiles)
        result.diagnostics = diagnostics + result.diagnostics
        return result
    }

    /// Loads configuration from files already read: `xi.yaml`, the signal catalogue, goal files
    /// and audience files. A nil `runtime` or `signals` was reported missing by the caller; their
    /// checks are then skipped rather than reported for every reference.
    public func load(
        runtime runtimeFile: ConfigurationFile?, signals signalsFile: ConfigurationFile?,
        goals goalFiles: [ConfigurationFile], audiences audienceFiles: [ConfigurationFile]
    ) -> ConfigurationLoadResult {
        var diagnostics: [Diagnostic] = []
        var files: [String] = []

        // 1. xi.yaml: sources and their declared fields give the expression scopes.
        var runtime = RuntimeConfiguration()
        var runtimeLoaded = false
        if let runtimeFile {
            files.append(runtimeFile.path)
            if let decoded = decodeFile(runtimeFile, what: "runtime configuration", diagnostics: &diagnostics, { decoder, root in
                decoder.decodeRuntime(root, registry: registry)
            }) {
                runtime = decoded
                runtimeLoaded = true
            }
        }
        let scopes = ExpressionScopes(runtime: runtime)
        var context = ValidationContext(registry: registry, scopes: scopes, eventKinds: runtimeLoaded ? runtime.eventKinds : nil)

        // 2. The signal catalogue.
        var catalogue = SignalCatalogue(file: signalsFile?.path)
        if let signalsFile {
            files.append(signalsFile.path)
            if let decoded = decodeFile(signalsFile, what: "signal catalogue", diagnostics: &diagnostics, { decoder, root in
                decoder.decodeCatalogue(root, context: context)
            }) {
                catalogue = decoded.catalogue
                context.signalNames = decoded.names
            }
        }

        // 3. Goals, each file on its own, then ids unique across files.
        files += goalFiles.map(\.path)
        let frozenContext = context
        let goalResults = Self.decodeEach(goalFiles, what: "goal") { decoder, root in
            decoder.decodeGoal(root, context: frozenContext)
        }
        var goals: [Goal] = []
        let goalPositions = Self.uniqueIDs(goalResults, what: "goal", diagnostics: &diagnostics) { decoded in
            if let goal = decoded.goal { goals.append(goal) }
        }
        // A file that is not valid YAML may still define the goal audiences refer to.
        let salvagedGoalIDs = goalResults.indices.compactMap { goalResults[$0].0 == nil ? Self.salvageID("goal", from: goalFiles[$0]) : nil }
        context.goalIDs = Set(goalPositions.keys).union(salvagedGoalIDs)

        // 4. Audiences, then ids unique across files and escalations to known audiences.
        files += audienceFiles.map(\.path)
        let audienceContext = context
        let audienceResults = Self.decodeEach(audienceFiles, what: "audience") { decoder, root in
            decoder.decodeAudience(root, context: audienceContext)
        }
        var audiences: [Audience] = []
        var escalationDiagnostics: [Diagnostic] = []
        let audiencePositions = Self.uniqueIDs(audienceResults, what: "audience", diagnostics: &diagnostics) { decoded in
            if let audience = decoded.audience { audiences.append(audience) }
        }
        let salvagedAudienceIDs = audienceResults.indices.compactMap {
            audienceResults[$0].0 == nil ? Self.salvageID("audience", from: audienceFiles[$0]) : nil
        }
        let audienceIDs = audiencePositions.keys.sorted()
        for case let decoded? in audienceResults.map(\.0) {
            guard let escalation = decoded.escalation, let position = decoded.escalationTargetPosition else { continue }
            if escalation.to == decoded.id {
                escalationDiagnostics.append(Diagnostic(at: position, message: "audience '\(escalation.to)' escalates to itself"))
            } else if audiencePositions[escalation.to] == nil, !salvagedAudienceIDs.contains(escalation.to) {
                escalationDiagnostics.append(Diagnostic(
                    at: position, message: "unknown audience '\(escalation.to)'",
                    hint: NameSuggestion.hint(for: escalation.to, in: audienceIDs)))
            }
        }
        diagnostics += escalationDiagnostics

        let workspace = Workspace(runtime: runtime, catalogue: catalogue, goals: goals, audiences: audiences, scopes: scopes)
        return ConfigurationLoadResult(workspace: workspace, diagnostics: diagnostics, files: files)
    }

    /// Decodes each file on its own (on all cores when there are many), with its diagnostics in order.
    static func decodeEach<Decoded: Sendable>(
        _ files: [ConfigurationFile], what: String, _ decode: @escaping @Sendable (NodeDecoder, Yams.Node) -> Decoded?
    ) -> [(Decoded?, [Diagnostic])] {
        map(files) { file in
            var fileDiagnostics: [Diagnostic] = []
            let decoded = decodeFile(file, what: what, diagnostics: &fileDiagnostics, decode)
            return (decoded, sorted(fileDiagnostics))
        }
    }

    /// Adds each file's diagnostics, reports ids defined twice, and hands each first definition
    /// to `accept`; returns every id with where it is defined.
    static func uniqueIDs<Decoded: IdentifiedDefinition>(
        _ results: [(Decoded?, [Diagnostic])], what: String, diagnostics: inout [Diagnostic], accept: (Decoded) -> Void
    ) -> [String: SourcePosition] {
        var positions: [String: SourcePosition] = [:]
        for (decoded, fileDiagnostics) in results {
            diagnostics += fileDiagnostics
            guard let decoded else { continue }
            if let first = positions[decoded.id] {
                diagnostics.append(Diagnostic(
                    at: decoded.idPosition, message: "duplicate \(what) id '\(decoded.id)', already defined at \(first)",
                    hint: "\(what) ids must be unique across files"))
                continue
            }
            positions[decoded.id] = decoded.idPosition
            accept(decoded)
        }
        return positions
    }

    /// Reads one file and decodes its root with `body`, collecting diagnostics.
    static func decodeFile<Result>(
        _ file: ConfigurationFile, what: String, diagnostics: inout [Diagnostic],
        _ body: (NodeDecoder, Yams.Node) -> Result?
    ) -> Result? {
        guard let document = YAMLDocument.read(file.contents, file: file.path, diagnostics: &diagnostics) else { return nil }
        guard let root = document.root else {
            diagnostics.append(Diagnostic(
                file: file.path, line: 1, column: 1, message: "the file is empty; expected a \(what)",
                hint: "see docs/goals.md for the format"))
            return nil
        }
        let decoder = NodeDecoder(document: document)
        let result = body(decoder, root)
        diagnostics += decoder.diagnostics
        return result
    }

    /// The value of a top-level `key: value` line in a file that could not be parsed, if any.
    static func salvageID(_ key: String, from file: ConfigurationFile) -> String? {
        let prefix = Array((key + ":").utf8)
        for line in file.contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        where line.starts(with: prefix) {
            let value = String(decoding: line.dropFirst(prefix.count), as: UTF8.self).trimmingSpaces()
            let id = value.split(separator: "#").first.map { String($0).trimmingSpaces() } ?? ""
            return NameRules.isValidName(id, allowHyphen: true) ? id : nil
        }
        return nil
    }

    /// Diagnostics in line and column order (stable for equal positions).
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { left, right in
            let l = (left.element.line ?? 0, left.element.column ?? 0, left.offset)
            let r = (right.element.line ?? 0, right.element.column ?? 0, right.offset)
            return l < r
        }.map(\.element)
    }

    /// Applies `transform` to each file, on all cores when there are many.
    static func map<Output: Sendable>(_ files: [ConfigurationFile], _ transform: @Sendable (ConfigurationFile) -> Output) -> [Output] {
        guard files.count >= 64 else { return files.map(transform) }
        let results = ResultSlots<Output>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            results.set(index, transform(files[index]))
        }
        return results.values()
    }

    private func decodeFile<Result>(
        _ file: ConfigurationFile, what: String, diagnostics: inout [Diagnostic], _ body: (NodeDecoder, Yams.Node) -> Result?
    ) -> Result? {
        var fileDiagnostics: [Diagnostic] = []
        let result = Self.decodeFile(file, what: what, diagnostics: &fileDiagnostics, body)
        diagnostics += Self.sorted(fileDiagnostics)
        return result
    }
}

/// Thread-safe slots for results computed concurrently.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
