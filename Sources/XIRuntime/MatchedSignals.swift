import XIExpression
import XIPluginAPI

/// The declarative signals a batch's events raised, and the KPI tallies they make, worked out
/// on the thread that reads the batch ahead — while the engine processes the batch before it —
/// rather than on the engine's thread.
///
/// Only possible once profiles no longer change: conditions read `profile.*`, and profile
/// sources are read whole before the others (``Runtime/run()``), so from then on the profiles
/// the engine holds are the ones every later event sees. Matching depends on nothing else the
/// engine keeps, so an event matched here raises what it would raise on the engine's thread.
struct MatchedSignals: Sendable {
    /// The signals raised, event after event.
    private var matches: [EventMatching.Match] = []
    /// Per event position, where its signals end in ``matches`` (they start where the last event's end).
    private var ends: [Int32] = []
    /// The KPI tallies of the batch's events.
    private(set) var kpis: KPITallies

    /// Matches `events` of `schema` against their kind's signals, with `profiles` as they stand
    /// for the rest of the run; nil when no signal, KPI or condition reads their kind.
    static func match(_ events: [Event], schema: EventSchema, pipeline: Pipeline, profiles: [Subject: [Value?]]) -> MatchedSignals? {
        guard var matching = EventMatching(pipeline: pipeline, schema: schema) else { return nil }
        var matched = MatchedSignals(kpis: KPITallies(count: pipeline.kpiNames.count))
        matched.ends.reserveCapacity(events.count)
        events.withUnsafeBufferPointer { events in
            for index in events.indices {
                if let subject = events[index].subject {
                    matching.match(events, at: index, subject: subject, profile: profiles[subject], kpis: &matched.kpis, into: &matched.matches)
                }
                matched.ends.append(Int32(matched.matches.count))
            }
        }
        return matched
    }

    /// Appends the signals the event at `position` raised to `found`, in the order of their conditions.
    func signals(at position: Int, into found: inout [EventMatching.Match]) {
        let start = position == 0 ? 0 : Int(ends[position - 1])
        found.append(contentsOf: matches[start..<Int(ends[position])])
    }
}
