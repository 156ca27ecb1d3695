import XICSVSource
import XIEffortDetector
import XIEmailAction
import XIExecAction
import XIFileInboxAction
import XIJSONLinesSource
import XIPluginAPI
import XIProcessAction
import XIProcessSource
import XIRepeatContactDetector
import XIShareOfWalletDetector
import XISilentDissatisfactionDetector
import XISentimentDetector
import XIStandardOutputAction
import XIVulnerabilityDetector
import XIWebhookAction

/// The plugins built into `xi`, one factory per folder under `Plugins/`.
public enum BuiltInPlugins {
    /// Every built-in plugin's factory: sources, detectors and actions.
    public static let factories: [PluginFactory] = [
        CSVSource.factory,
        JSONLinesSource.factory,
        ProcessSource.factory,
        ProcessSource.singerFactory,
        SentimentDetector.factory,
        VulnerabilityDetector.factory,
        RepeatContactDetector.factory,
        EffortDetector.factory,
        SilentDissatisfactionDetector.factory,
        ShareOfWalletDetector.factory,
        FileInboxAction.factory,
        StandardOutputAction.factory,
        WebhookAction.factory,
        WebhookAction.slackFactory,
        WebhookAction.teamsFactory,
        WebhookAction.ticketFactory,
        ProcessAction.factory,
        ExecAction.factory,
        EmailAction.factory,
    ]

    /// The registry configuration is checked against: the plugins built into this binary, with
    /// their own option descriptors. An embedding application may register more kinds; `xi run`
    /// and `xi audit` say which registered kinds have no factory in the binary.
    public static var registry: PluginRegistry {
        var registry = PluginRegistry()
        for factory in factories {
            var descriptor = factory.descriptor
            // A source's `path` is written on the source itself (`path:` beside `kind:`), and the
            // runtime hands it to the plugin as an option: it is not required under `options:`.
            if descriptor.category == .source {
                descriptor.options = descriptor.options.filter { $0.name != "path" }
            }
            registry.register(descriptor)
        }
        return registry
    }

    /// `category/kind` of every built-in plugin.
    public static var available: Set<String> {
        Set(factories.map { "\($0.descriptor.category.rawValue)/\($0.descriptor.kind)" })
    }
}
