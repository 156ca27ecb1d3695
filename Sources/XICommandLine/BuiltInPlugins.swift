import XICSVSource
import XIFileInboxAction
import XIJSONLinesSource
import XIPluginAPI
import XIStandardOutputAction
import XIWebhookAction

/// The plugins built into `xi`, one factory per folder under `Plugins/`.
enum BuiltInPlugins {
    static let factories: [PluginFactory] = [
        CSVSource.factory,
        JSONLinesSource.factory,
        FileInboxAction.factory,
        StandardOutputAction.factory,
        WebhookAction.factory,
    ]

    /// `category/kind` of every built-in plugin.
    static var available: Set<String> {
        Set(factories.map { "\($0.descriptor.category.rawValue)/\($0.descriptor.kind)" })
    }
}
