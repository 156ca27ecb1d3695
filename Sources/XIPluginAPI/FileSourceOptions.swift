/// The options every file source shares — `path`, `time_format`, `batch_size`,
/// `max_record_bytes` — read and checked from a ``PluginContext``.
public struct FileSourceOptions: Sendable {
    /// The files to read.
    public var files: SourceFiles
    /// The `time_format` option, when given.
    public var timeFormat: String?
    /// Records per batch (default 4,096).
    public var batchSize: Int
    /// The longest record read; longer ones are skipped and rejected (default 1 MB).
    public var maxRecordBytes: Int

    /// The shared options' descriptors, for a plugin's ``PluginDescriptor``.
    public static let descriptors: [PluginOption] = [
        PluginOption("path", .string, required: true, summary: "A file, a folder (its files of this format, sorted) or a glob such as data/*.csv; relative to xi.yaml."),
        PluginOption("time_format", .string, summary: "How times are written: rfc3339 (default; a date alone is midnight UTC), unix, unix_ms, or a pattern such as 'yyyy-MM-dd HH:mm:ss' read as UTC."),
        PluginOption("batch_size", .integer, summary: "Records per batch (default 4096)."),
        PluginOption("max_record_bytes", .integer, summary: "The longest record read, in bytes (default 1048576); longer ones are skipped and rejected."),
    ]

    /// Reads the options; `extensions` are the file endings a folder's files must have.
    /// Throws ``PluginError`` for a missing path or a value out of range.
    public init(_ context: PluginContext, extensions: [String]) throws(PluginError) {
        guard let path = try Self.string("path", in: context), !path.isEmpty else {
            throw PluginError("source '\(context.name)' needs a 'path': a file, a folder or a glob such as data/*.\(extensions.first ?? "csv")")
        }
        files = SourceFiles(pattern: path, folder: context.configurationFolder, extensions: extensions)
        timeFormat = try Self.string("time_format", in: context)
        batchSize = try Self.positiveInteger("batch_size", in: context) ?? 4096
        maxRecordBytes = try Self.positiveInteger("max_record_bytes", in: context) ?? 1 << 20
    }

    /// A text option (a `${NAME}` reference resolved), or nil when not given.
    public static func string(_ option: String, in context: PluginContext) throws(PluginError) -> String? {
        do { return try context.string(option) } catch let error as PluginError { throw error } catch { throw PluginError("\(error)") }
    }

    /// A positive whole-number option, or nil when not given.
    public static func positiveInteger(_ option: String, in context: PluginContext) throws(PluginError) -> Int? {
        guard let value = context.options[option] else { return nil }
        switch value {
        case .integer(let number) where number > 0: return number
        case .string(let text):
            if let number = Int(text), number > 0 { return number }
        default: break
        }
        throw PluginError("option '\(option)' of '\(context.name)' must be a whole number above 0, not \(value)")
    }
}
