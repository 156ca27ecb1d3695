import XIExpression
import XIPluginAPI

/// Raises its signal when an event shows high customer effort or friction — any of:
/// - a customer effort score (CES, 1 = easy … 7 = very hard) at or above a threshold;
/// - more transfers than allowed;
/// - a wait (seconds) longer than allowed;
/// - any numeric field above its limit (`limits`: IVR zero-outs, requests for an agent, menu
///   loops; web errors, exit rate, seconds on one step);
/// - a boolean field that is true (`flags`: abandoned, exit after an error);
/// - a text field with a value that means friction (`values`: outcome error or abandoned).
///
/// Strength grows with the number of cues: 0.5 for one, 0.75 for two, 1 for three or more.
/// Stateless: each event is judged alone.
public struct EffortDetector: Detector {
    /// A numeric field and the value above which it is friction.
    public struct Limit: Sendable {
        public var field: String
        public var maximum: Double
        public var cue: String
    }

    /// The signal it raises.
    public var signal: String
    /// Numeric limits: a field above its maximum is a cue (a CES threshold of 5 is a maximum of 4.5).
    public var limits: [Limit]
    /// Boolean fields that are friction when true.
    public var flags: [String]
    /// Text fields and the values that are friction.
    public var values: [String: Set<String>]
    public var eventKinds: Set<String> { [] }
    public var remembersSubjects: Bool { false }

    /// Creates a detector.
    public init(signal: String, limits: [Limit], flags: [String] = [], values: [String: Set<String>] = [:]) {
        self.signal = signal
        self.limits = limits
        self.flags = flags
        self.values = values
    }

    /// The cues of one event, by name (`ces`, `transfers`, `wait`, a limit's or flag's field, `field=value`).
    public func cues(of event: Event, schema: EventSchema) -> [String] {
        var cues: [String] = []
        for limit in limits {
            guard let position = schema.position(of: limit.field), let number = Self.number(event.fields[position]) else { continue }
            if number > limit.maximum { cues.append(limit.cue) }
        }
        for flag in flags {
            guard let position = schema.position(of: flag), case .bool(true)? = event.fields[position] else { continue }
            cues.append(flag)
        }
        for (field, bad) in values.sorted(by: { $0.key < $1.key }) {
            guard let position = schema.position(of: field), case .string(let text)? = event.fields[position], bad.contains(text) else { continue }
            cues.append("\(field)=\(text)")
        }
        return cues
    }

    public func detect(_ events: [Event], schema: EventSchema, state: inout DetectorState, into signals: inout [Signal]) {
        for index in events.indices {
            guard !events[index].subjects.isEmpty else { continue }
            let count = cues(of: events[index], schema: schema).count
            guard count > 0 else { continue }
            signals.append(Signal(
                name: signal, subject: events[index].subjects[0], time: events[index].time,
                strength: min(1, 0.25 + 0.25 * Double(count)), evidence: [events[index].id]))
        }
    }

    public func analyze(_ event: Event, schema: EventSchema) -> [(name: String, value: Value)]? {
        [("effort_cues", .list(cues(of: event, schema: schema).map(Value.string)))]
    }

    /// A field's value as a number (a flag as 1 or 0).
    static func number(_ value: Value?) -> Double? {
        if case .bool(let flag)? = value { return flag ? 1 : 0 }
        return value?.number
    }
}
