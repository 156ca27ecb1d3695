/// The keys the loader accepts in each kind of mapping. The JSON Schemas in `schema/` list the
/// same keys; a test keeps the two from drifting apart.
public enum ConfigurationKeys {
    /// A goal file's top level.
    public static let goal = AcceptedKeys(
        ["goal", "name", "owner", "objective", "description", "subject", "kpis", "signals", "window", "threshold", "priority", "recommend"],
        required: ["goal", "name", "owner", "objective", "signals", "threshold"])
    /// One entry of a goal's `kpis`.
    public static let kpi = AcceptedKeys(["metric", "window", "target", "description", "on", "measure", "value", "when"], required: ["metric", "target"])
    /// One entry of a goal's `signals`.
    public static let signalSelector = AcceptedKeys(["signal", "when", "weight"], required: ["signal"])
    /// A goal's `priority`.
    public static let priority = AcceptedKeys(Priority.allCases.map(\.rawValue))
    /// The signal catalogue file's top level.
    public static let catalogue = AcceptedKeys(["signals"], required: ["signals"])
    /// One signal of the catalogue.
    public static let signal = AcceptedKeys(["description", "on", "when", "strength", "detector", "options"])
    /// An audience file's top level.
    public static let audience = AcceptedKeys(
        ["audience", "name", "contact", "description", "subscriptions", "lens", "escalation"],
        required: ["audience", "subscriptions"])
    /// One entry of an audience's `subscriptions`.
    public static let subscription = AcceptedKeys(["goal", "when", "cadence", "action"], required: ["goal", "action"])
    /// An audience's `lens`.
    public static let lens = AcceptedKeys(["allow", "pseudonymize"])
    /// An audience's `escalation`.
    public static let escalation = AcceptedKeys(["after", "to"], required: ["after", "to"])
    /// `xi.yaml`'s top level.
    public static let runtime = AcceptedKeys(["goals", "audiences", "signals", "sources", "store", "server"], required: ["sources"])
    /// One entry of `xi.yaml`'s `sources`.
    public static let source = AcceptedKeys(
        ["name", "kind", "path", "event", "subject", "time", "text", "id", "fields", "options"],
        required: ["name", "kind", "event", "subject"])
    /// `xi.yaml`'s `store`.
    public static let store = AcceptedKeys(["kind", "path", "url"])
    /// `xi.yaml`'s `server`.
    public static let server = AcceptedKeys(["enabled", "host", "port"])

    /// Every key set by name, for tools and tests.
    public static let all: [String: AcceptedKeys] = [
        "goal": goal, "kpi": kpi, "signalSelector": signalSelector, "priority": priority,
        "catalogue": catalogue, "signal": signal,
        "audience": audience, "subscription": subscription, "lens": lens, "escalation": escalation,
        "runtime": runtime, "source": source, "store": store, "server": server,
    ]
}
