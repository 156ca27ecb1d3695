/// The named signals goals may listen for, from the catalogue file (`Goals/signals.yaml`).
public struct SignalCatalogue: Sendable {
    /// The signals in file order.
    public var signals: [SignalDefinition]
    /// The catalogue's file, as diagnostics print it.
    public var file: String?

    /// Creates a catalogue.
    public init(signals: [SignalDefinition] = [], file: String? = nil) {
        self.signals = signals
        self.file = file
    }

    /// The signal named `name`, or nil.
    public subscript(name: String) -> SignalDefinition? {
        signals.first { $0.id == name }
    }

    /// The signals' names in file order.
    public var names: [String] { signals.map(\.id) }
}
