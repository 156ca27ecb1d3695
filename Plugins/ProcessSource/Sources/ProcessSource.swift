import XIExpression
import XIPluginAPI

/// Runs an external program as a source: a plugin that speaks xi's JSON-lines protocol
/// (`kind: process`), or a Singer tap (`kind: singer`).
///
/// The program writes one JSON message per line: records (`EVENT`, or Singer's `RECORD`), which the
/// source's field mapping turns into events like the `jsonl` source's lines; `STATE`, its
/// checkpoint; `LOG` and `ERROR`. xi starts it from the last state it stored, restarts it with
/// backoff when it crashes or stops writing, and gives up on it — keeping what it read and
/// carrying on with the other sources — after `restarts` attempts. See `Plugins/ProcessSource/README.md`
/// and `docs/plugin-protocol.md`.
public struct ProcessSource: SourceAdapter {
    /// xi's protocol: `kind: process`.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .source, kind: "process", summary: "Runs a plugin program that writes events as JSON lines (xi's plugin protocol).",
            options: ProcessSourceOptions.descriptors(dialect: .xi)),
        make: { context, settings in .source(try ProcessSource(context: context, settings: settings, dialect: .xi)) })

    /// Singer taps: `kind: singer`.
    public static let singerFactory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .source, kind: "singer", summary: "Runs a Singer tap and reads its RECORD messages as events.",
            options: ProcessSourceOptions.descriptors(dialect: .singer)),
        make: { context, settings in .source(try ProcessSource(context: context, settings: settings, dialect: .singer)) })

    /// Which protocol the program speaks.
    public enum Dialect: String, Sendable {
        /// xi's: `COMMAND read --config FILE [--state FILE]`; EVENT, STATE, LOG, ERROR.
        case xi
        /// Singer's: `COMMAND --config FILE [--state FILE] [--catalog FILE]`; RECORD, STATE, SCHEMA.
        case singer
    }

    /// The program, its options and limits.
    public let options: ProcessSourceOptions
    /// Maps records to events.
    public let builder: EventBuilder
    /// The declared fields.
    public var schema: EventSchema { builder.settings.schema }

    /// Makes the source. For `kind: process` it runs the plugin's `spec` and checks `config`
    /// against it, so a mistake is reported before anything is read.
    /// Throws ``PluginError`` for an option that cannot work.
    public init(context: PluginContext, settings: SourceSettings?, dialect: Dialect) throws(PluginError) {
        guard let settings else { throw PluginError("source '\(context.name)' needs its field mapping (subject, time, fields)") }
        options = try ProcessSourceOptions(context, dialect: dialect)
        builder = try EventBuilder(settings: settings, timeFormat: options.timeFormat)
        if dialect == .xi && options.validatesSpec {
            let problems = try options.command.validateConfig()
            if !problems.isEmpty {
                throw PluginError("source '\(context.name)': its config does not match the plugin's spec:\n  " + problems.joined(separator: "\n  "))
            }
        }
    }

    /// Programs replay from their last state (Singer taps from their bookmark, often including the
    /// records at it): the runtime drops events it has read before.
    public var mayRepeatEvents: Bool { true }

    /// A reader that starts the program at `checkpoint` when first asked for a batch.
    public func makeReader(from checkpoint: SourceCheckpoint?) throws -> ProcessSourceReader {
        ProcessSourceReader(source: self, checkpoint: try ProcessCheckpoint(checkpoint))
    }
}
