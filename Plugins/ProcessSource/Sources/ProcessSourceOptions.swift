import XIPluginAPI

/// A process source's options: the program, and how long, how often and how much.
public struct ProcessSourceOptions: Sendable {
    /// The protocol.
    public var dialect: ProcessSource.Dialect
    /// The program, its config, where it runs.
    public var command: ExternalCommand
    /// How many restarts after a crash or a hang before the source is given up (default 3).
    public var restarts: Int
    /// The wait before the first restart, doubled each time (default 1 s, at most 60 s).
    public var restartBackoff: Double
    /// The longest wait for a line before the program counts as hung (default 60 s).
    public var timeout: Double
    /// Records per batch (default 4,096).
    public var batchSize: Int
    /// The longest line, in bytes (default 1 MB); longer ones are skipped and rejected.
    public var maxRecordBytes: Int
    /// The `time_format` option.
    public var timeFormat: String?
    /// Only records of this stream (Singer's `stream`; xi's optional `stream` member).
    public var stream: String?
    /// Singer: the catalog file passed with `--catalog`.
    public var catalog: String?
    /// xi's protocol: whether `spec` is run to check `config` when the source is made (default true).
    public var validatesSpec: Bool

    /// The options' descriptors.
    public static func descriptors(dialect: ProcessSource.Dialect) -> [PluginOption] {
        var options = ExternalCommand.descriptors + [
            PluginOption("stream", .string, summary: "Only records of this stream; without it, every stream's."),
            PluginOption("timeout", .duration, summary: "The longest wait for the program's next line before it counts as hung and is restarted (default 60s)."),
            PluginOption("restarts", .integer, summary: "Restarts after a crash or a hang before the source is given up for this run (default 3)."),
            PluginOption("restart_backoff", .string, summary: "The wait before the first restart, doubled for each next one, at most 60s: 0s, 500ms, 2s (default 1s)."),
            PluginOption("time_format", .string, summary: "How times are written: rfc3339 (default), unix, unix_ms, or a pattern such as 'yyyy-MM-dd HH:mm:ss'."),
            PluginOption("batch_size", .integer, summary: "Records per batch (default 4096)."),
            PluginOption("max_record_bytes", .integer, summary: "The longest line, in bytes (default 1048576); longer ones are skipped and rejected."),
        ]
        switch dialect {
        case .xi: options.append(PluginOption("validate_spec", .boolean, summary: "Run the plugin's spec and check config against it before reading (default true)."))
        case .singer: options.append(PluginOption("catalog", .string, summary: "A catalog file passed to the tap with --catalog; relative to xi.yaml."))
        }
        return options
    }

    /// Reads the options. Throws ``PluginError`` for a missing command or a value out of range.
    public init(_ context: PluginContext, dialect: ProcessSource.Dialect) throws(PluginError) {
        self.dialect = dialect
        command = try ExternalCommand(context)
        do {
            restarts = Int(try context.number("restarts", default: 3, in: 0...100))
            restartBackoff = try context.seconds("restart_backoff", default: 1, allowsZero: true)
            timeout = try context.seconds("timeout", default: 60)
            stream = try context.string("stream")
            catalog = try context.path("catalog")
            timeFormat = try context.string("time_format")
        } catch let error as PluginError {
            throw error
        } catch {
            throw PluginError("\(error)")
        }
        batchSize = try FileSourceOptions.positiveInteger("batch_size", in: context) ?? 4096
        maxRecordBytes = try FileSourceOptions.positiveInteger("max_record_bytes", in: context) ?? 1 << 20
        if case .boolean(let flag)? = context.options["validate_spec"] { validatesSpec = flag } else { validatesSpec = true }
    }
}
