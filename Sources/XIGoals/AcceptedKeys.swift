/// The keys one kind of YAML mapping accepts, and which of them are required.
public struct AcceptedKeys: Sendable, Hashable {
    /// Every accepted key, in documentation order.
    public var all: [String]
    /// The keys that must be present.
    public var required: [String]
    /// Whether any key is accepted (free-form mappings such as field declarations).
    public var open: Bool

    /// Creates a key set.
    public init(_ all: [String], required: [String] = [], open: Bool = false) {
        self.all = all
        self.required = required
        self.open = open
    }
}
