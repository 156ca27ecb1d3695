import XIPluginAPI

/// The runtime configuration of a workspace (`xi.yaml`): where goals, audiences and the signal
/// catalogue live, the sources to read, the store and the server.
public struct RuntimeConfiguration: Sendable {
    /// The folder of goal files, relative to the workspace (default `Goals`).
    public var goalsFolder: String
    /// The folder of audience files, relative to the workspace (default `Audiences`).
    public var audiencesFolder: String
    /// The signal catalogue file, relative to the workspace (default `Goals/signals.yaml`).
    public var signalsFile: String
    /// The listening posts to read.
    public var sources: [SourceConfiguration]
    /// Where state is kept.
    public var store: StoreConfiguration
    /// The HTTP server.
    public var server: ServerConfiguration

    /// Creates a runtime configuration.
    public init(
        goalsFolder: String = "Goals", audiencesFolder: String = "Audiences", signalsFile: String = "Goals/signals.yaml",
        sources: [SourceConfiguration] = [], store: StoreConfiguration = StoreConfiguration(),
        server: ServerConfiguration = ServerConfiguration()
    ) {
        self.goalsFolder = goalsFolder
        self.audiencesFolder = audiencesFolder
        self.signalsFile = signalsFile
        self.sources = sources
        self.store = store
        self.server = server
    }

    /// The event kinds the sources produce, in order of first appearance.
    public var eventKinds: [String] {
        var seen: Set<String> = []
        return sources.compactMap { seen.insert($0.event).inserted ? $0.event : nil }
    }
}

/// One listening post: a source plugin, where it reads, and how its records become events.
public struct SourceConfiguration: Sendable {
    /// The source's name, unique in `xi.yaml`; events carry it as `source`.
    public var name: String
    /// The source plugin's kind, such as `csv` or `jsonl`.
    public var kind: String
    /// The file or folder it reads, relative to the workspace, when the plugin reads files.
    public var path: String?
    /// The kind of events it produces (`survey`, `contact`, `complaint`, `profile`, …).
    /// Events of kind `profile` update the subject's profile.
    public var event: String
    /// The record field holding each subject kind's id; `subject: customer_id` is short for
    /// `subject: {customer: customer_id}`.
    public var subjectFields: [SubjectKind: String]
    /// The record field holding the event's time, optional (the read time otherwise).
    public var timeField: String?
    /// The record field holding free text (comments, transcripts), optional.
    public var textField: String?
    /// The record field holding a stable event id, optional (a hash of the record otherwise).
    public var idField: String?
    /// The declared fields with their types: what signal conditions are type-checked against.
    public var fields: [FieldDeclaration]
    /// Plugin-specific options.
    public var options: [String: ConfigurationValue]
    /// Where the source's entry is.
    public var position: SourcePosition

    /// Creates a source configuration.
    public init(
        name: String, kind: String, path: String?, event: String, subjectFields: [SubjectKind: String],
        timeField: String?, textField: String?, idField: String?, fields: [FieldDeclaration],
        options: [String: ConfigurationValue], position: SourcePosition
    ) {
        self.name = name
        self.kind = kind
        self.path = path
        self.event = event
        self.subjectFields = subjectFields
        self.timeField = timeField
        self.textField = textField
        self.idField = idField
        self.fields = fields
        self.options = options
        self.position = position
    }
}

/// A declared field of a source's events, with its CEL type.
public struct FieldDeclaration: Sendable {
    /// The field's name.
    public var name: String
    /// Its type, written in CEL's names: `int`, `double`, `string`, `bool`, `timestamp`,
    /// `duration`, `list(string)`, `map(string, dyn)`, `dyn`.
    public var type: ValueTypeName
    /// Where the declaration is.
    public var position: SourcePosition

    /// Creates a field declaration.
    public init(name: String, type: ValueTypeName, position: SourcePosition) {
        self.name = name
        self.type = type
        self.position = position
    }
}

/// Where xi keeps its state.
public struct StoreConfiguration: Sendable, Hashable {
    /// The store's kinds.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An SQLite database file (the default).
        case sqlite
        /// A PostgreSQL database shared by several workers.
        case postgres
    }

    /// The kind of store.
    public var kind: Kind
    /// The SQLite file, relative to the workspace (default `.xi/xi.sqlite`).
    public var path: String
    /// The PostgreSQL connection URL, as a `${ENV_VAR}` reference (it holds a password).
    public var url: String?

    /// Creates a store configuration.
    public init(kind: Kind = .sqlite, path: String = ".xi/xi.sqlite", url: String? = nil) {
        self.kind = kind
        self.path = path
        self.url = url
    }
}

/// The HTTP server (API, metrics, health).
public struct ServerConfiguration: Sendable, Hashable {
    /// Whether `xi run` starts the server (default true).
    public var enabled: Bool
    /// The address to listen on (default `127.0.0.1`).
    public var host: String
    /// The port (default 8080).
    public var port: Int

    /// Creates a server configuration.
    public init(enabled: Bool = true, host: String = "127.0.0.1", port: Int = 8080) {
        self.enabled = enabled
        self.host = host
        self.port = port
    }
}
