/// How the runtime makes a plugin by its kind name: the plugin's descriptor (its options, for
/// validation before anything runs) and a function that makes an instance from a context.
///
/// Each built-in plugin folder under `Plugins/` exposes one factory; the runtime collects them.
public struct PluginFactory: Sendable {
    /// The plugin's kind, category and options.
    public var descriptor: PluginDescriptor
    /// Makes the plugin. Throws ``PluginError`` when its options cannot work (a file that cannot
    /// be created, a URL that does not parse).
    public var make: @Sendable (PluginContext, SourceSettings?) throws -> Plugin

    /// Creates a factory.
    public init(descriptor: PluginDescriptor, make: @escaping @Sendable (PluginContext, SourceSettings?) throws -> Plugin) {
        self.descriptor = descriptor
        self.make = make
    }
}

/// A made plugin, of one of the three kinds.
public enum Plugin: Sendable {
    /// A source adapter.
    case source(any SourceAdapter)
    /// A detector.
    case detector(any Detector)
    /// An action.
    case action(any Action)
}
