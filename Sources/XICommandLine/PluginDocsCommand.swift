import ArgumentParser
import Foundation
import XIBuiltInPlugins
import XIPluginAPI

/// `xi plugin docs`: the options tables in plugin READMEs, generated from the plugins themselves.
struct PluginDocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Check (or --write) the options tables in plugin READMEs against the plugins.",
        discussion: """
            Without PATH: every built-in plugin's table, in Plugins/*/README.md under --root, from \
            its descriptor. With PATH: an external plugin folder's README.md, from its spec. A table \
            sits between its marker comment and <!-- end of options -->. Exits 1 when a table is \
            stale or missing (unless --write rewrites it).
            """)

    @Argument(help: "An external plugin's folder; without it, the built-in plugins.")
    var path: String?

    @Option(help: "The repository root holding Plugins/.")
    var root: String = "."

    @Flag(help: "Rewrite the tables instead of checking them.")
    var write = false

    func run() throws {
        var stale: [String] = []
        if let path {
            let folder = PluginCommand.absolute(path)
            let manifest: PluginManifest
            do {
                manifest = try PluginManifest.load(folder: folder)
            } catch {
                throw ValidationError("\(error)")
            }
            let context = PluginContext(
                name: manifest.name, options: ["command": .list(manifest.command.map { .string($0) })], configurationFolder: folder,
                stateFolder: NSTemporaryDirectory() + "xi-plugin-docs", environment: ProcessInfo.processInfo.environment)
            let schema: OptionSchema
            do {
                schema = try ExternalCommand(context).spec()
            } catch {
                throw ValidationError("\(error)")
            }
            stale += try update(folder + "/README.md", marker: OptionSchema.documentationMarker, table: schema.optionsTable)
        } else {
            let plugins = PluginCommand.absolute(root) + "/Plugins"
            let readmes = ((try? FileManager.default.contentsOfDirectory(atPath: plugins)) ?? []).sorted()
                .map { plugins + "/" + $0 + "/README.md" }.filter { FileManager.default.fileExists(atPath: $0) }
            guard !readmes.isEmpty else { throw ValidationError("no Plugins/*/README.md under \(root); give --root, the repository's folder") }
            for factory in BuiltInPlugins.factories {
                let descriptor = factory.descriptor
                let holders = readmes.filter { (try? String(contentsOfFile: $0, encoding: .utf8))?.contains(descriptor.documentationMarker) == true }
                guard holders.count == 1 else {
                    stale.append("\(descriptor.category.rawValue) '\(descriptor.kind)': \(holders.isEmpty ? "no README holds its options table" : "several READMEs hold its table: \(holders.joined(separator: ", "))") (the marker is \(descriptor.documentationMarker))")
                    continue
                }
                stale += try update(holders[0], marker: descriptor.documentationMarker, table: descriptor.optionsTable)
            }
        }
        if stale.isEmpty {
            print(write ? "options tables written" : "options tables up to date")
            return
        }
        for line in stale { StandardError.write(line) }
        if !write { throw ExitCode(1) }
    }

    /// Checks (or rewrites) one table; returns what is stale.
    private func update(_ readme: String, marker: String, table: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: readme, encoding: .utf8) else { return ["\(readme): cannot read it"] }
        guard let updated = GeneratedSection.replacing(in: text, marker: marker, end: PluginDescriptor.documentationEndMarker, with: table) else {
            return ["\(readme): no options table between \(marker) and \(PluginDescriptor.documentationEndMarker)"]
        }
        if updated == text { return [] }
        if write {
            try updated.write(toFile: readme, atomically: true, encoding: .utf8)
            print("wrote \(readme)")
            return []
        }
        return ["\(readme): the options table differs from the plugin; run `xi plugin docs --write`"]
    }
}
