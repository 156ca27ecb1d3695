/// The plugin kinds configuration files may name, by category, with the options each accepts.
///
/// `BuiltInPlugins.registry` (module `XIBuiltInPlugins`) lists xi's own sources, detectors and
/// actions, made from each plugin's own descriptor. More can be registered (external plugins,
/// plugins of an embedding application) before loading:
///
/// ```swift
/// var registry = BuiltInPlugins.registry
/// registry.register(PluginDescriptor(category: .action, kind: "pagerduty", options: [
///     PluginOption("routing_key", .string, required: true, secret: true),
/// ]))
/// let result = ConfigurationLoader(registry: registry).load(workspace: ".")
/// ```
public struct PluginRegistry: Sendable {
    private var descriptors: [PluginCategory: [String: PluginDescriptor]] = [:]

    /// Creates an empty registry.
    public init() {}

    /// Creates a registry holding `descriptors`.
    public init(_ descriptors: [PluginDescriptor]) {
        for descriptor in descriptors { register(descriptor) }
    }

    /// Adds a plugin kind, replacing one of the same category and kind.
    public mutating func register(_ descriptor: PluginDescriptor) {
        descriptors[descriptor.category, default: [:]][descriptor.kind] = descriptor
    }

    /// The descriptor of `kind` in `category`, or nil when no such plugin is registered.
    public func descriptor(_ category: PluginCategory, _ kind: String) -> PluginDescriptor? {
        descriptors[category]?[kind]
    }

    /// The registered kinds of a category, sorted.
    public func kinds(_ category: PluginCategory) -> [String] {
        (descriptors[category] ?? [:]).keys.sorted()
    }
}

/// The three kinds of plugins.
public enum PluginCategory: String, Sendable, Hashable, CaseIterable {
    /// Reads a listening post and yields events.
    case source
    /// Derives signals from events.
    case detector
    /// Delivers insights to an audience.
    case action
}

/// What a plugin kind accepts in configuration.
public struct PluginDescriptor: Sendable {
    /// The plugin's category.
    public var category: PluginCategory
    /// The kind name used in YAML (`kind: webhook`, `detector: sentiment`).
    public var kind: String
    /// One line on what it does.
    public var summary: String
    /// The options it accepts.
    public var options: [PluginOption]
    /// Whether options not in ``options`` are accepted (for external plugins whose options are
    /// checked by the plugin's own `spec`).
    public var acceptsOtherOptions: Bool
    /// For sources: whether `path` is required.
    public var readsFiles: Bool

    /// Creates a descriptor.
    public init(
        category: PluginCategory, kind: String, summary: String = "", options: [PluginOption] = [],
        acceptsOtherOptions: Bool = false, readsFiles: Bool = false
    ) {
        self.category = category
        self.kind = kind
        self.summary = summary
        self.options = options
        self.acceptsOtherOptions = acceptsOtherOptions
        self.readsFiles = readsFiles
    }

    /// The option named `name`, or nil.
    public func option(_ name: String) -> PluginOption? {
        options.first { $0.name == name }
    }
}

/// One option of a plugin.
public struct PluginOption: Sendable {
    /// The types an option may have.
    public enum ValueKind: String, Sendable, Hashable {
        /// Text.
        case string
        /// A whole number.
        case integer
        /// Any number.
        case number
        /// `true` or `false`.
        case boolean
        /// A list of strings (a single string is accepted as a list of one).
        case stringList = "list of strings"
        /// A duration such as `30s` or `24h`.
        case duration
        /// A mapping of names to strings (headers, environment).
        case mapping
        /// Anything.
        case any
    }

    /// The option's name.
    public var name: String
    /// Its type.
    public var kind: ValueKind
    /// Whether it must be given.
    public var required: Bool
    /// Whether it is a secret: it must then be a `${ENV_VAR}` reference, never a literal.
    public var secret: Bool
    /// One line on what it means.
    public var summary: String

    /// Creates an option.
    public init(_ name: String, _ kind: ValueKind, required: Bool = false, secret: Bool = false, summary: String = "") {
        self.name = name
        self.kind = kind
        self.required = required
        self.secret = secret
        self.summary = summary
    }
}
