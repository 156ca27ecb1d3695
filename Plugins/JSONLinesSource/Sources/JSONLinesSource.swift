import XIExpression
import XIPluginAPI

/// Reads JSON lines: one JSON object per line.
///
/// The source's ``SourceSettings`` say which members are the subject, the time, the text, the id
/// and the declared fields; other members are ignored. Values may be numbers (integers are `int`,
/// numbers with a fraction or exponent `double`), strings, booleans, `null` (absent), arrays and
/// objects. See `Plugins/JSONLinesSource/README.md`.
public struct JSONLinesSource: SourceAdapter {
    /// The plugin's kind, options and maker: `kind: jsonl`.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .source, kind: "jsonl", summary: "Reads JSON lines, one object per line.",
            options: FileSourceOptions.descriptors, readsFiles: true),
        make: { context, settings in
            guard let settings else { throw PluginError("source '\(context.name)' needs its field mapping (subject, time, fields)") }
            return .source(try JSONLinesSource(context: context, settings: settings))
        })

    /// The files, batch size and limits.
    public let options: FileSourceOptions
    /// Maps records to events.
    public let builder: EventBuilder

    /// The declared fields.
    public var schema: EventSchema { builder.settings.schema }

    /// Makes the source from its options. Throws ``PluginError`` for an option that cannot work.
    public init(context: PluginContext, settings: SourceSettings) throws(PluginError) {
        options = try FileSourceOptions(context, extensions: ["jsonl", "ndjson"])
        builder = try EventBuilder(settings: settings, timeFormat: options.timeFormat)
    }

    /// Opens the files at `checkpoint`. Throws ``PluginError`` when no file matches the path.
    public func makeReader(from checkpoint: SourceCheckpoint?) throws -> JSONLinesReader {
        JSONLinesReader(FileSourceReader(
            files: try options.files.resolve(), checkpoint: checkpoint, builder: builder, decoder: JSONLinesDecoder(),
            batchSize: options.batchSize, maxRecordBytes: options.maxRecordBytes))
    }
}
