/// A business goal: its KPIs, the signals that serve it with weights, a window, a threshold,
/// priority rules and a recommended action. One goal file under `Goals/` holds one goal.
public struct Goal: Sendable, Identifiable {
    /// The goal's id (`goal:`), unique across all goal files.
    public var id: String
    /// A one-line name.
    public var name: String
    /// Who owns the goal (a person or team e-mail or name).
    public var owner: String
    /// The business objective it serves.
    public var objective: Objective
    /// A longer explanation, optional.
    public var description: String?
    /// The KPIs that show whether the goal is met.
    public var kpis: [KPI]
    /// The signals that count as evidence, with their weights.
    public var signals: [SignalSelector]
    /// How far back evidence counts (default 30 days).
    public var window: TimeSpan
    /// The weighted evidence per subject inside the window at which an insight is raised.
    public var threshold: Double
    /// Priority rules, most urgent first; the first that holds gives the insight's priority.
    public var priorityRules: [PriorityRule]
    /// What the receiving team should do, in plain words.
    public var recommend: String?
    /// Whom the goal's evidence is about (default customer).
    public var subject: SubjectKind
    /// Where the goal's `goal:` key is.
    public var position: SourcePosition

    /// Creates a goal.
    public init(
        id: String, name: String, owner: String, objective: Objective, description: String? = nil,
        kpis: [KPI] = [], signals: [SignalSelector], window: TimeSpan, threshold: Double,
        priorityRules: [PriorityRule] = [], recommend: String? = nil, subject: SubjectKind = .customer,
        position: SourcePosition
    ) {
        self.id = id
        self.name = name
        self.owner = owner
        self.objective = objective
        self.description = description
        self.kpis = kpis
        self.signals = signals
        self.window = window
        self.threshold = threshold
        self.priorityRules = priorityRules
        self.recommend = recommend
        self.subject = subject
        self.position = position
    }
}

/// A key performance indicator of a goal, with its target.
public struct KPI: Sendable {
    /// The metric's name, such as `churn_rate` or `nps`.
    public var metric: String
    /// The window it is measured over; nil means the goal's window.
    public var window: TimeSpan?
    /// The target, such as `< 5%`.
    public var target: KPITarget
    /// What the metric means, optional.
    public var description: String?
    /// How it is measured, when it is: from events, each counted when `when` holds, contributing
    /// `value`. Nil for a KPI written for people only (xi reports it as not measured).
    public var measurement: Measurement?

    /// How a KPI is measured: from events of one or more kinds (each with its own compiled
    /// `value` and `when`), or from xi's own records.
    public struct Measurement: Sendable {
        /// How the values become one number.
        public var measure: KPIMeasure
        /// The event kinds read, each with its programs; empty for a measure of xi's own records
        /// (``KPIMeasure/timeToAcknowledge``).
        public var readings: [Reading]

        /// Creates a measurement.
        public init(measure: KPIMeasure, readings: [Reading]) {
            self.measure = measure
            self.readings = readings
        }
    }

    /// One event kind a KPI reads.
    public struct Reading: Sendable {
        /// The event kind.
        public var eventKind: String
        /// The number (or, for ``KPIMeasure/share``, the condition) each event contributes; nil
        /// for ``KPIMeasure/count``.
        public var value: Condition?
        /// Which events count, optional.
        public var when: Condition?

        /// Creates a reading.
        public init(eventKind: String, value: Condition?, when: Condition?) {
            self.eventKind = eventKind
            self.value = value
            self.when = when
        }
    }

    /// Creates a KPI.
    public init(metric: String, window: TimeSpan?, target: KPITarget, description: String? = nil, measurement: Measurement? = nil) {
        self.metric = metric
        self.window = window
        self.target = target
        self.description = description
        self.measurement = measurement
    }
}

/// One signal a goal listens for, with an optional condition on the signal and a weight.
public struct SignalSelector: Sendable {
    /// The signal's name in the catalogue.
    public var signal: String
    /// A condition over the signal (see the selector scope), optional.
    public var when: Condition?
    /// How much one occurrence counts towards the threshold (default 1).
    public var weight: Double
    /// Where the selector is.
    public var position: SourcePosition

    /// Creates a selector.
    public init(signal: String, when: Condition?, weight: Double, position: SourcePosition) {
        self.signal = signal
        self.when = when
        self.weight = weight
        self.position = position
    }
}

/// A priority with the condition that gives it.
public struct PriorityRule: Sendable {
    /// The priority given when the condition holds.
    public var priority: Priority
    /// The condition (see the priority scope).
    public var condition: Condition

    /// Creates a rule.
    public init(priority: Priority, condition: Condition) {
        self.priority = priority
        self.condition = condition
    }
}
