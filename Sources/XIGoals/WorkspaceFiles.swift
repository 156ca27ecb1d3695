import Foundation
import Yams

/// Reads a workspace's files from disk, naming them relative to the workspace root.
struct WorkspaceFiles {
    /// The workspace root as given.
    let root: String

    /// The name diagnostics print for `relative`.
    func displayPath(_ relative: String) -> String {
        var relative = relative
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        if root == "." || root.isEmpty || relative.hasPrefix("/") { return relative }
        return root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    /// The file system path of `relative`.
    func fileSystemPath(_ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        return (root.isEmpty ? "." : root) + "/" + relative
    }

    /// Reads one file; a missing file is reported.
    func read(_ relative: String, diagnostics: inout [Diagnostic]) -> ConfigurationFile? {
        let path = fileSystemPath(relative)
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            diagnostics.append(Diagnostic(
                file: displayPath(relative), line: nil, column: nil,
                message: exists ? "cannot read the file" : "file not found",
                hint: exists ? nil : "create it, or run 'xi validate PATH' on the folder that holds xi.yaml"))
            return nil
        }
        return ConfigurationFile(path: displayPath(relative), contents: [UInt8](data))
    }

    /// Reads every `*.yaml` and `*.yml` file under `relative` (recursively, in name order), except
    /// `excluding`; reports a missing folder and a folder without files.
    func readFolder(
        _ relative: String, excluding: String?, what: String, emptySeverity: Diagnostic.Severity = .error,
        diagnostics: inout [Diagnostic]) -> [ConfigurationFile] {
        let folder = fileSystemPath(relative)
        var isDirectory: ObjCBool = false
        let display = displayPath(relative).hasSuffix("/") ? displayPath(relative) : displayPath(relative) + "/"
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            diagnostics.append(Diagnostic(file: display, line: nil, column: nil, message: "folder not found", hint: "create it with at least one \(what) file"))
            return []
        }
        let excluded = excluding.map { normalize($0) }
        var names: [String] = []
        if let enumerator = FileManager.default.enumerator(atPath: folder) {
            for case let name as String in enumerator where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                let relativeName = normalize(relative + "/" + name)
                if relativeName == excluded { continue }
                names.append(name)
            }
        }
        names.sort()
        if names.isEmpty {
            diagnostics.append(Diagnostic(
                file: display, line: nil, column: nil, severity: emptySeverity, message: "no \(what) files (*.yaml) in this folder",
                hint: "add one, e.g. \(display)example.yaml; see docs/goals.md"))
        }
        return names.compactMap { read(normalize(relative + "/" + $0), diagnostics: &diagnostics) }
    }

    private func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." && !part.isEmpty { parts.append(part) }
        return parts.joined(separator: "/")
    }
}

/// Reads only the folder and file keys of `xi.yaml`, before the full validation.
enum RuntimePaths {
    static func read(_ root: Yams.Node) -> RuntimeConfiguration? {
        guard case .mapping(let mapping) = root else { return nil }
        var runtime = RuntimeConfiguration()
        if let value = mapping["goals"]?.string { runtime.goalsFolder = value }
        if let value = mapping["audiences"]?.string { runtime.audiencesFolder = value }
        if let value = mapping["signals"]?.string { runtime.signalsFile = value }
        return runtime
    }
}
