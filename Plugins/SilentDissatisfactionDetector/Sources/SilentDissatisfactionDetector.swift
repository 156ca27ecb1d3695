import XIExpression
import XIPluginAPI

/// Raises its signal on a negative experience from a subject who has not complained: most unhappy
/// customers never complain, they just leave or spend less.
///
/// A negative experience is either or both of:
/// - a drop in a numeric `metric` (monthly spend, logins, balance) to `drop` or more below the
///   subject's own baseline — the mean of its values over the `baseline` period before;
/// - a low score (`score_field` at or below `score_at_most`: an NPS of 0–6, a CSAT of 1–2).
///
/// It is silent when the subject made no complaint — an event of one of `complaint_kinds`, which
/// the catalogue's `on` must list too — in the `within` period before it. The look is backward,
/// so the signal is raised when the experience happens, not weeks later; a complaint that comes
/// afterwards does not withdraw it (the goal's other signals take over from there).
///
/// It remembers, per subject, the metric's recent values and the last complaint's time in its
/// ``DetectorState``, which the runtime keeps in the store with the source checkpoints. Events
/// should come in time order per subject: one older than what is remembered is taken as at the
/// newest remembered time.
public struct SilentDissatisfactionDetector: Detector {
    /// The signal it raises.
    public var signal: String
    /// The numeric field whose drop is watched, if any.
    public var metric: String?
    /// The period the baseline is taken over, in seconds.
    public var baseline: Int64
    /// The relative drop that counts, from 0 to 1.
    public var drop: Double
    /// A score field whose low values count, if any.
    public var scoreField: String?
    /// The score at or below which a score counts.
    public var scoreAtMost: Double
    /// The event kinds that are complaints.
    public var complaintKinds: Set<String>
    /// How far back a complaint makes the subject not silent, in seconds.
    public var within: Int64
    public var eventKinds: Set<String> { [] }

    /// Creates a detector; at least one of `metric` and `scoreField` should be given.
    public init(
        signal: String, metric: String? = nil, baseline: Int64 = 90 * 86_400, drop: Double = 0.5, scoreField: String? = nil,
        scoreAtMost: Double = 6, complaintKinds: Set<String> = ["complaint"], within: Int64 = 90 * 86_400
    ) {
        self.signal = signal
        self.metric = metric
        self.baseline = baseline
        self.drop = min(1, max(0, drop))
        self.scoreField = scoreField
        self.scoreAtMost = scoreAtMost
        self.complaintKinds = complaintKinds
        self.within = within
    }

    /// What is remembered about one subject, kept decoded between events (see ``DetectorMemory``).
    struct Memory: Equatable, DetectorMemory {
        /// The metric's values in the baseline period: (seconds, value), oldest first.
        var samples: [(seconds: Int64, value: Double)] = []
        /// When the subject last complained.
        var lastComplaint: Int64?

        init() {}

        init(document: String?) { self = SilentDissatisfactionDetector.decode(document) }

        var document: String? { SilentDissatisfactionDetector.encode(self) }

        static func == (left: Memory, right: Memory) -> Bool {
            left.lastComplaint == right.lastComplaint && left.samples.elementsEqual(right.samples) { $0 == $1 }
        }
    }

    public func detect(_ events: [Event], schema: EventSchema, state: inout DetectorState, into signals: inout [Signal]) {
        let isComplaint = complaintKinds.contains(schema.kind)
        let metricPosition = metric.flatMap { schema.position(of: $0) }
        let scorePosition = scoreField.flatMap { schema.position(of: $0) }
        guard isComplaint || metricPosition != nil || scorePosition != nil else { return }
        for index in events.indices {
            guard let subject = events[index].subjects.first else { continue }
            var memory = state.memory(of: subject, as: Memory.self)
            let newest = max(events[index].time.seconds, memory.samples.last?.seconds ?? Int64.min, memory.lastComplaint ?? Int64.min)
            if isComplaint {
                memory.lastComplaint = newest
                state.setMemory(memory, of: subject)
                continue
            }
            var strength = 0.0
            if let metricPosition, let value = events[index].fields[metricPosition]?.number, value.isFinite {
                memory.samples.removeAll { $0.seconds <= newest - baseline }
                if !memory.samples.isEmpty {
                    let mean = memory.samples.reduce(0) { $0 + $1.value } / Double(memory.samples.count)
                    if mean > 0 {
                        let fall = (mean - value) / mean
                        if fall >= drop && fall > 0 { strength = max(strength, min(1, fall)) }
                    }
                }
                memory.samples.append((newest, value))
                state.setMemory(memory, of: subject)
            }
            if let scorePosition, let score = events[index].fields[scorePosition]?.number, score <= scoreAtMost {
                // At the limit 0.5, at zero (or below) 1.
                let depth = scoreAtMost > 0 ? (scoreAtMost - max(0, score)) / scoreAtMost : 1
                strength = max(strength, 0.5 + 0.5 * min(1, depth))
            }
            guard strength > 0 else { continue }
            if let complained = memory.lastComplaint, complained > newest - within { continue }
            signals.append(Signal(name: signal, subject: subject, time: events[index].time, strength: strength, evidence: [events[index].id]))
        }
    }

    public func analyze(_ event: Event, schema: EventSchema) -> [(name: String, value: Value)]? {
        // One event alone has no baseline and no complaint history: only a score can be judged.
        guard let position = scoreField.flatMap({ schema.position(of: $0) }), let score = event.fields[position]?.number else { return nil }
        return [("low_score", .bool(score <= scoreAtMost))]
    }

    /// Memory as a document: `c<TAB>seconds` for the last complaint, then one
    /// `m<TAB>seconds<TAB>value` line per sample.
    static func encode(_ memory: Memory) -> String? {
        var lines: [String] = []
        if let complained = memory.lastComplaint { lines.append("c\t\(complained)") }
        for sample in memory.samples { lines.append("m\t\(sample.seconds)\t\(sample.value)") }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// The memory of a document (a damaged line is skipped).
    static func decode(_ document: String?) -> Memory {
        var memory = Memory()
        guard let document else { return memory }
        for line in document.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            switch (parts.first, parts.count) {
            case ("c"?, 2): memory.lastComplaint = Int64(parts[1])
            case ("m"?, 3):
                if let seconds = Int64(parts[1]), let value = Double(parts[2]) { memory.samples.append((seconds, value)) }
            default: continue
            }
        }
        return memory
    }
}
