import XIPluginAPI

/// One call that checks a ``Detector`` against the contract of the plugin API, returning what is
/// wrong as a list of failures (empty when it conforms):
///
/// ```swift
/// @Test func conforms() {
///     let failures = DetectorConformance.check(detector: MyDetector(), events: sampleEvents, schema: sampleSchema)
///     #expect(failures.isEmpty, "\(failures)")
/// }
/// ```
///
/// What it checks, on events of one schema that should raise some signals:
/// - it raises at least one signal on them (else the sample proves nothing);
/// - every signal has a name, a strength from 0 to 1, evidence that names events of the batch,
///   a subject among its evidence events' subjects, and the time of one of them;
/// - it is deterministic: the same batch with fresh state gives the same signals;
/// - a detector that says it remembers nothing (``Detector/remembersSubjects`` false) gives the
///   same signals when the batch is cut in two, and never changes its state;
/// - a detector that remembers subjects gives the same signals, and ends with the same memory,
///   when the events come one batch each with its memory carried (as across commits and runs);
/// - ``Detector/analyze(_:schema:)`` gives results with names, or nil, for every event.
public enum DetectorConformance {
    /// Checks `detector` on `events` (all of `schema`).
    public static func check(detector: any Detector, events: [Event], schema: EventSchema) -> [String] {
        var failures: [String] = []
        guard !events.isEmpty else { return ["give some events: an empty sample proves nothing"] }
        let ids = Set(events.map(\.id))
        let byID = Dictionary(events.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect(events, schema: schema, state: &state, into: &signals)
        if signals.isEmpty { failures.append("it raised no signal on the sample; give events that should raise some") }
        for (index, signal) in signals.enumerated() {
            let label = "signal \(index + 1) ('\(signal.name)')"
            if signal.name.isEmpty { failures.append("signal \(index + 1) has no name") }
            if !(0...1).contains(signal.strength) || !signal.strength.isFinite { failures.append("\(label) has strength \(signal.strength), outside 0 … 1") }
            if signal.evidence.isEmpty { failures.append("\(label) names no evidence event") }
            let unknown = signal.evidence.filter { !ids.contains($0) }
            if !unknown.isEmpty { failures.append("\(label) names events that are not in the batch: \(unknown.prefix(3).joined(separator: ", "))") }
            let evidence = signal.evidence.compactMap { byID[$0] }
            if !evidence.isEmpty {
                if !evidence.contains(where: { $0.subjects.contains(signal.subject) }) {
                    failures.append("\(label) is about \(signal.subject), who is not a subject of its evidence events")
                }
                if !evidence.contains(where: { $0.time == signal.time }) {
                    failures.append("\(label) has time \(signal.time), which is no evidence event's time")
                }
            }
        }
        var again: [Signal] = []
        var freshState = DetectorState()
        detector.detect(events, schema: schema, state: &freshState, into: &again)
        if summary(again) != summary(signals) { failures.append("the same batch with fresh state gave other signals (\(signals.count) then \(again.count)): it is not deterministic") }
        if !detector.remembersSubjects {
            if !state.subjects.isEmpty { failures.append("it says it remembers nothing, but it wrote state for \(state.subjects.count) subjects") }
            let middle = events.count / 2
            var split: [Signal] = []
            var splitState = DetectorState()
            detector.detect(Array(events[..<middle]), schema: schema, state: &splitState, into: &split)
            detector.detect(Array(events[middle...]), schema: schema, state: &splitState, into: &split)
            if summary(split) != summary(signals) {
                failures.append("it says it remembers nothing, but the batch cut in two gave other signals (\(signals.count) whole, \(split.count) cut)")
            }
        }
        if detector.remembersSubjects {
            var oneByOne: [Signal] = []
            var carried = DetectorState()
            for event in events { detector.detect([event], schema: schema, state: &carried, into: &oneByOne) }
            if summary(oneByOne) != summary(signals) {
                failures.append("the events one batch each, memory carried, gave other signals (\(signals.count) whole, \(oneByOne.count) one by one): its memory misses something")
            }
            if carried.subjects != state.subjects {
                failures.append("the events one batch each, memory carried, left other memory than the whole batch")
            }
        }
        for event in events {
            if let results = detector.analyze(event, schema: schema), results.contains(where: { $0.name.isEmpty }) {
                failures.append("analyze gave a result without a name for event \(event.id)")
                break
            }
        }
        return failures
    }

    /// Signals as comparable text (strength rounded: floating sums may differ in the last bit).
    private static func summary(_ signals: [Signal]) -> [String] {
        signals.map { "\($0.name)|\($0.subject)|\($0.time)|\(($0.strength * 1e9).rounded())|\($0.evidence.joined(separator: ","))" }
    }
}
