import XIPluginAPI

/// A named signal in the catalogue: either a condition over one kind of event, or an analytic
/// detector plugin with options.
public struct SignalDefinition: Sendable, Identifiable {
    /// How the signal is detected.
    public enum Detection: Sendable {
        /// Raised for each event of `eventKind` on which `when` holds, with strength `strength`
        /// (default 1.0).
        case condition(eventKind: String, when: Condition, strength: Condition?)
        /// Raised by the detector plugin `kind`, reading events of `eventKinds` (all kinds when
        /// empty), configured by `options`.
        case detector(kind: String, eventKinds: [String], options: [String: ConfigurationValue])
    }

    /// The signal's name, unique in the catalogue.
    public var id: String
    /// What the signal means, optional.
    public var description: String?
    /// How the signal is detected.
    public var detection: Detection
    /// Where the signal's name is in the catalogue file.
    public var position: SourcePosition

    /// Creates a signal definition.
    public init(id: String, description: String?, detection: Detection, position: SourcePosition) {
        self.id = id
        self.description = description
        self.detection = detection
        self.position = position
    }
}
