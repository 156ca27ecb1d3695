import XIExpression
import XIPluginAPI

/// Reads CSV files with a header row (RFC 4180): quoted fields with doubled quotes, commas and
/// newlines inside quotes, a byte order mark, CRLF or LF line ends.
///
/// The header names the columns; the source's ``SourceSettings`` say which columns are the
/// subject, the time, the text, the id and the declared fields. Other columns are ignored; an
/// empty cell is an absent field. See `Plugins/CSVSource/README.md`.
public struct CSVSource: SourceAdapter {
    /// The plugin's kind, options and maker: `kind: csv`.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .source, kind: "csv", summary: "Reads CSV files with a header row.",
            options: FileSourceOptions.descriptors + [
                PluginOption("delimiter", .string, summary: "The field separator: one character, or 'tab' (default ',')."),
                PluginOption("quote", .string, summary: "The quote character (default '\"')."),
            ],
            readsFiles: true),
        make: { context, settings in
            guard let settings else { throw PluginError("source '\(context.name)' needs its field mapping (subject, time, fields)") }
            return .source(try CSVSource(context: context, settings: settings))
        })

    /// The files, batch size and limits.
    public let options: FileSourceOptions
    /// The field separator.
    public let delimiter: UInt8
    /// The quote character.
    public let quote: UInt8
    /// Maps records to events.
    public let builder: EventBuilder

    /// The declared fields.
    public var schema: EventSchema { builder.settings.schema }

    /// Makes the source from its options. Throws ``PluginError`` for an option that cannot work.
    public init(context: PluginContext, settings: SourceSettings) throws(PluginError) {
        options = try FileSourceOptions(context, extensions: ["csv"])
        delimiter = try Self.character("delimiter", in: context, default: UInt8(ascii: ","))
        quote = try Self.character("quote", in: context, default: UInt8(ascii: "\""))
        guard delimiter != quote, delimiter != 10, delimiter != 13 else {
            throw PluginError("options 'delimiter' and 'quote' of '\(context.name)' must be different characters, and not a line end")
        }
        builder = try EventBuilder(settings: settings, timeFormat: options.timeFormat)
    }

    /// Opens the files at `checkpoint`. Throws ``PluginError`` when no file matches the path.
    public func makeReader(from checkpoint: SourceCheckpoint?) throws -> FileSourceReader<CSVDecoder> {
        FileSourceReader(
            files: try options.files.resolve(), checkpoint: checkpoint, builder: builder,
            decoder: CSVDecoder(delimiter: delimiter, quote: quote),
            batchSize: options.batchSize, maxRecordBytes: options.maxRecordBytes)
    }

    private static func character(_ option: String, in context: PluginContext, default value: UInt8) throws(PluginError) -> UInt8 {
        guard let text = try FileSourceOptions.string(option, in: context) else { return value }
        switch text {
        case "tab", "\\t", "\t": return 9
        default:
            let bytes = Array(text.utf8)
            guard bytes.count == 1 else {
                throw PluginError("option '\(option)' of '\(context.name)' must be one ASCII character (or 'tab'), not '\(text)'")
            }
            return bytes[0]
        }
    }
}
