import ArgumentParser
import Foundation
import XIPluginAPI

extension PluginCategory: ExpressibleByArgument {}
extension PluginTemplates.Language: ExpressibleByArgument {}

/// `xi plugin new --kind source|action|detector NAME [--lang python|swift]`.
struct PluginNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Make a plugin folder that builds and passes its tests: the plugin, a test, plugin.yaml, sample.yaml, README.md.",
        discussion: """
            Sources and actions are external programs speaking xi's JSON-lines protocol, in Python \
            (the default) or Swift. Detectors run inside xi, so they are Swift libraries against \
            xi's plugin API, checked with the test kit. Check the result with `xi plugin test NAME`.
            """)

    @Option(help: "source, action or detector.")
    var kind: PluginCategory

    @Option(name: .customLong("lang"), help: "python or swift (detectors: swift).")
    var language: PluginTemplates.Language?

    @Option(help: "The folder to create (default: ./NAME).")
    var output: String?

    @Option(help: "xi's repository, for a Swift detector's dependency (default: the one this xi was built from).")
    var xi: String?

    @Argument(help: "The plugin's name: lower-case letters, digits and '-' (ticket-desk).")
    var name: String

    func validate() throws {
        guard let first = name.first, first.isLowercase, first.isASCII,
              name.allSatisfy({ ($0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }) else {
            throw ValidationError("'\(name)' is not a plugin name: use lower-case letters, digits and '-', starting with a letter (ticket-desk)")
        }
        if kind == .detector && language == .python {
            throw ValidationError("detectors run inside xi, so they are written in Swift: use --lang swift (sources and actions can be Python)")
        }
    }

    func run() throws {
        let language = language ?? (kind == .detector ? .swift : .python)
        let folder = PluginCommand.absolute(output ?? name)
        if FileManager.default.fileExists(atPath: folder) {
            throw ValidationError("\(folder) already exists; choose another name or --output")
        }
        let root = xi.map(PluginCommand.absolute) ?? Self.repositoryRoot
        for (path, text) in PluginTemplates.files(kind: kind, language: language, name: name, xiRoot: root) {
            let file = folder + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            if path == "main.py" { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
        }
        let shown = output ?? name
        print("made \(shown)/: \(kind == .action ? "an" : "a") \(kind.rawValue) plugin in \(language == .python ? "Python" : "Swift")")
        print("  check it:   xi plugin test \(shown)")
        print("  use it:     \(kind == .detector ? "move it under xi's Plugins/ (see its README)" : "copy \(shown)/sample.yaml into your configuration")")
    }

    /// The repository this binary was built from (where `xi plugin new` finds xi for Swift plugins).
    static var repositoryRoot: String {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder.path }
            folder.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }
}
