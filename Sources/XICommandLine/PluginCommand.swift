import ArgumentParser
import Foundation

/// `xi plugin`: make, check and document plugins.
struct PluginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Make, check and document plugins: new, test, docs.",
        discussion: """
            External plugins are programs in any language that speak xi's JSON-lines protocol \
            (docs/plugin-protocol.md); built-in ones are Swift modules under Plugins/. \
            See docs/writing-a-plugin.md.
            """,
        subcommands: [PluginNewCommand.self, PluginTestCommand.self, PluginDocsCommand.self])

    /// Runs `line` with `/bin/sh -c` in `folder`, its output passed through; returns its exit status.
    static func shell(_ line: String, in folder: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", line]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// `path` made absolute against the working directory, without a trailing slash.
    static func absolute(_ path: String) -> String {
        var full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        while full.count > 1 && full.hasSuffix("/") { full.removeLast() }
        return (full as NSString).standardizingPath
    }
}
