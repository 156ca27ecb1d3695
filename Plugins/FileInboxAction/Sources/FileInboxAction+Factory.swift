import Foundation
import XIPluginAPI

extension FileInboxAction {
    /// The `file` action's descriptor and maker.
    ///
    /// Options: `path` (the inbox folder, relative to the configuration folder; default
    /// `<state folder>/inbox`), `format` (`jsonl`, default, or `csv`), `fsync` (default true).
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .action, kind: "file", summary: "Writes each delivery as a JSON line into an inbox folder.",
            options: [
                PluginOption("path", .string, summary: "The inbox folder (default .xi/inbox); one <audience>.jsonl file per audience, digests in <audience>.digest.jsonl."),
                PluginOption("format", .string, summary: "jsonl (default), one JSON envelope per line, or csv, a header row then one row per delivery."),
                PluginOption("fsync", .boolean, summary: "Flush each line to disk before answering (default true)."),
            ]),
        make: { context, _ in .action(try make(context)) })

    /// Makes the action from its options; throws ``PluginError`` when they cannot work.
    public static func make(_ context: PluginContext) throws -> FileInboxAction {
        let folder = try context.path("path") ?? (context.stateFolder + "/inbox")
        var format = InboxFormat.jsonl
        if let text = try context.string("format") {
            guard let chosen = InboxFormat(rawValue: text.lowercased()) else {
                throw PluginError("option 'format' of '\(context.name)' is '\(text)'; expected jsonl or csv")
            }
            format = chosen
        }
        var synchronizes = true
        switch context.options["fsync"] {
        case nil, .null: break
        case .boolean(let flag): synchronizes = flag
        case .string(let text) where ["true", "false"].contains(text.lowercased()): synchronizes = text.lowercased() == "true"
        case let other?:
            throw PluginError("option 'fsync' of '\(context.name)' must be true or false, not \(other)")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw PluginError("option 'path' of '\(context.name)': \(folder) is a file, but the inbox needs a folder; name a folder")
        }
        return FileInboxAction(folder: folder, format: format, synchronizes: synchronizes)
    }
}
