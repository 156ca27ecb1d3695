import XIPluginAPI
import XIExpression

/// What decoding one file needs to know about the rest of the configuration.
struct ValidationContext: Sendable {
    /// The plugin kinds configuration may name.
    var registry: PluginRegistry
    /// The expression scopes.
    var scopes: ExpressionScopes
    /// The event kinds the sources produce; nil when `xi.yaml` could not be read (checks skipped).
    var eventKinds: [String]?
    /// The catalogue's signal names; nil when the catalogue could not be read (checks skipped).
    var signalNames: [String]?
    /// The goal ids; nil before goals are loaded.
    var goalIDs: Set<String>?

    /// Compiles a catalogue signal's conditions, per event kind.
    let eventCompilers: [String: ConditionCompiler]
    /// Compiles conditions on events of a kind no source declares (only the common variables).
    let undeclaredEventCompiler: ConditionCompiler
    /// Compiles goal selector conditions.
    let selectorCompiler: ConditionCompiler
    /// Compiles priority rules.
    let priorityCompiler: ConditionCompiler
    /// Compiles subscription conditions.
    let insightCompiler: ConditionCompiler

    init(registry: PluginRegistry, scopes: ExpressionScopes, eventKinds: [String]?) {
        self.registry = registry
        self.scopes = scopes
        self.eventKinds = eventKinds
        var eventCompilers: [String: ConditionCompiler] = [:]
        for kind in scopes.eventKinds {
            eventCompilers[kind] = ConditionCompiler(declarations: scopes.event(kind), scopeName: "\(kind) events")
        }
        self.eventCompilers = eventCompilers
        undeclaredEventCompiler = ConditionCompiler(declarations: scopes.event(""), scopeName: "events")
        selectorCompiler = ConditionCompiler(declarations: scopes.selector, scopeName: "signals")
        priorityCompiler = ConditionCompiler(declarations: scopes.priority, scopeName: "goal scores")
        insightCompiler = ConditionCompiler(declarations: scopes.insight, scopeName: "insights")
    }

    /// The fields a lens may name: the insight's fields and `profile.<field>`.
    var lensFields: [String] {
        Self.insightLensFields + scopes.profileFields.map { "profile." + $0.name }
    }

    /// The insight fields an audience's lens may let through.
    static let insightLensFields = [
        "id", "goal", "goal_name", "objective", "priority", "score", "count", "status", "explanation", "recommend", "time",
        "subject.kind", "subject.id", "signals", "window.start", "window.end",
        "evidence.summary", "evidence.signals", "evidence.events", "evidence.text",
    ]
}
