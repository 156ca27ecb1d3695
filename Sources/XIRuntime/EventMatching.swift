import XIExpression
import XIPluginAPI

/// Matches one source's events against the declarative signals of their kind: makes each
/// event's record (its fields, and its subject's profile fields) in the kind's layout, tallies
/// the kind's KPIs, and finds the signals whose conditions hold, with their strengths.
///
/// Made once per batch; the record and the list of matches are reused from event to event. The
/// engine uses it while profiles may change; ``MatchedSignals`` uses it on the thread that reads
/// a batch ahead, once they no longer do.
struct EventMatching {
    /// One signal an event raised: its number and strength.
    struct Match: Sendable {
        let signal: Int
        let strength: Double
    }

    /// The event kind's stage: its layout, rule index, signals and KPIs.
    let stage: Pipeline.EventStage
    /// Per schema field, its slot in the record; -1 for a field no condition reads.
    private let fieldSlots: [Int]
    /// Per profile field, its slot (`profile.<name>`) in the record; -1 for one no condition reads.
    private let profileSlots: [Int]
    private var record: [Value?] = []
    private var conditions: [Int] = []

    /// The matching of `schema`'s events; nil when no signal, KPI or condition reads their kind.
    init?(pipeline: Pipeline, schema: EventSchema) {
        guard let stage = pipeline.eventStages[schema.kind] else { return nil }
        self.stage = stage
        fieldSlots = schema.fields.map { stage.declarations.slot(of: $0.name) ?? -1 }
        profileSlots = pipeline.profileFields.map { stage.declarations.slot(of: "profile." + $0) ?? -1 }
    }

    /// Appends the signals `event` raises to `matches`, in the order of their conditions, and adds
    /// the event to `kpis`. `profile` is its subject's, in ``Pipeline/profileFields`` order.
    mutating func match(_ event: Event, subject: Subject, profile: [Value?]?, kpis: inout KPITallies, into matches: inout [Match]) {
        withUnsafePointer(to: event) { event in
            match(UnsafeBufferPointer(start: event, count: 1), at: 0, subject: subject, profile: profile, kpis: &kpis, into: &matches)
        }
    }

    /// ``match(_:subject:profile:kpis:into:)`` for the event at `index` in `events`, read where it
    /// is: an event passed by value out of a batch was copied (a retain of each of its fields)
    /// for the call, twice per event.
    mutating func match(
        _ events: UnsafeBufferPointer<Event>, at index: Int, subject: Subject, profile: [Value?]?, kpis: inout KPITallies, into matches: inout [Match]
    ) {
        record.removeAll(keepingCapacity: true)
        record.append(contentsOf: repeatElement(nil, count: stage.declarations.count))
        record[0] = .string(events[index].kind)
        record[1] = .string(events[index].source)
        record[2] = .string(subject.id)
        record[3] = .timestamp(events[index].time)
        if let text = events[index].text { record[4] = .string(text) }
        for position in 0..<min(fieldSlots.count, events[index].fields.count) where fieldSlots[position] >= 0 {
            record[fieldSlots[position]] = events[index].fields[position]
        }
        if let profile {
            for (position, slot) in profileSlots.enumerated() where slot >= 0 { record[slot] = profile[position] }
        }
        if !stage.kpis.isEmpty { kpis.add(stage.kpis, record: record, seconds: events[index].time.seconds) }
        conditions.removeAll(keepingCapacity: true)
        stage.index.match(record, into: &conditions)
        // The signals' entries are read in place (a copy of one retained its strength's program).
        for condition in conditions {
            var strength = 1.0
            if stage.signals[condition].strength != nil {
                switch try? stage.signals[condition].strength!.evaluate(record) {
                case .double(let number)?: strength = number
                case .int(let number)?: strength = Double(number)
                default: break
                }
            }
            matches.append(Match(signal: stage.signals[condition].signal, strength: strength))
        }
    }
}
