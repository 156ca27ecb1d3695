import XIPluginAPI

/// A department or team: what insights it subscribes to, how it receives them, the fields its
/// lens lets through, and where unhandled insights escalate. One file under `Audiences/` each.
public struct Audience: Sendable, Identifiable {
    /// The audience's id (`audience:`), unique across audience files.
    public var id: String
    /// A readable name, optional.
    public var name: String?
    /// Who to contact about this audience's configuration, optional.
    public var contact: String?
    /// A longer explanation, optional.
    public var description: String?
    /// The subscriptions, in file order.
    public var subscriptions: [Subscription]
    /// Which fields leave xi for this audience.
    public var lens: Lens
    /// Where unhandled insights go after a while, optional.
    public var escalation: Escalation?
    /// Where the `audience:` key is.
    public var position: SourcePosition

    /// Creates an audience.
    public init(
        id: String, name: String? = nil, contact: String? = nil, description: String? = nil,
        subscriptions: [Subscription], lens: Lens, escalation: Escalation?, position: SourcePosition
    ) {
        self.id = id
        self.name = name
        self.contact = contact
        self.description = description
        self.subscriptions = subscriptions
        self.lens = lens
        self.escalation = escalation
        self.position = position
    }
}

/// Which insights an audience wants, how they are delivered and when.
public struct Subscription: Sendable {
    /// The goals whose insights are wanted (`goal:` takes one id or a list).
    public var goals: [String]
    /// A condition over the insight (see the subscription scope), optional.
    public var when: Condition?
    /// When to deliver.
    public var cadence: Cadence
    /// How to deliver.
    public var action: ActionConfiguration
    /// Where the subscription is.
    public var position: SourcePosition

    /// Creates a subscription.
    public init(goals: [String], when: Condition?, cadence: Cadence, action: ActionConfiguration, position: SourcePosition) {
        self.goals = goals
        self.when = when
        self.cadence = cadence
        self.action = action
        self.position = position
    }
}

/// An action plugin and its options, as a subscription configures it.
public struct ActionConfiguration: Sendable {
    /// The action plugin's kind, such as `webhook`.
    public var kind: String
    /// The options besides `kind`; secrets are `${ENV_VAR}` references.
    public var options: [String: ConfigurationValue]
    /// Where the action is.
    public var position: SourcePosition

    /// Creates an action configuration.
    public init(kind: String, options: [String: ConfigurationValue], position: SourcePosition) {
        self.kind = kind
        self.options = options
        self.position = position
    }
}

/// The fields an audience may see; the rest is redacted before anything leaves xi.
public struct Lens: Sendable, Hashable {
    /// Fields delivered as they are.
    public var allow: [String]
    /// Fields delivered as stable pseudonyms (a keyed hash), never in clear.
    public var pseudonymize: [String]

    /// Creates a lens.
    public init(allow: [String], pseudonymize: [String]) {
        self.allow = allow
        self.pseudonymize = pseudonymize
    }

    /// The lens used when an audience declares none: insight metadata only, the subject pseudonymized.
    public static let `default` = Lens(
        allow: ["id", "goal", "goal_name", "objective", "priority", "score", "status", "recommend", "subject.kind"],
        pseudonymize: ["subject.id"])
}

/// Where an audience's unhandled insights go.
public struct Escalation: Sendable, Hashable {
    /// How long an insight may stay open (not acknowledged) before it escalates.
    public var after: TimeSpan
    /// The audience it escalates to.
    public var to: String

    /// Creates an escalation.
    public init(after: TimeSpan, to: String) {
        self.after = after
        self.to = to
    }
}
