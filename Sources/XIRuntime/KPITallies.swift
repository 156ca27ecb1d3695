import XIExpression

/// KPI tallies by KPI number and day of event time: what events add to the KPIs measured from
/// their kind, until a commit moves them into the store (``RunEngine/flushKPIs(into:)``).
///
/// Events come mostly in time order, so each KPI tallies into its current day, and a day moves
/// into the table only when the day changes: one hash per KPI and day, not per event. Tallies
/// made apart (a batch matched while it was read ahead) are added with ``add(_:)``: counts,
/// totals and the low and high counts are sums, so the order they are added in does not matter.
struct KPITallies: Sendable {
    /// A KPI number and a day of event time: where one event's tally goes.
    struct DayKey: Hashable, Sendable {
        let kpi: Int32
        let day: Int64
    }

    /// One KPI's tally for one day: events counted, the sum of their values, and how many were
    /// low and high (detractors and promoters for NPS; satisfied answers for CSAT).
    struct Tally: Sendable {
        var count = 0.0
        var total = 0.0
        var low = 0.0
        var high = 0.0

        mutating func add(_ other: Tally) {
            count += other.count
            total += other.total
            low += other.low
            high += other.high
        }
    }

    /// Per KPI number, the day being tallied and its tally so far.
    private var current: [(day: Int64, tally: Tally)]
    /// Finished days (and days tallied out of order).
    private var days: [DayKey: Tally] = [:]

    /// Empty tallies for `count` KPIs.
    init(count: Int) {
        current = Array(repeating: (Int64.min, Tally()), count: count)
    }

    /// Tallies one event (its `record` in the layout of the stage `kpis` belong to) at `seconds`.
    mutating func add(_ kpis: [Pipeline.KPIEntry], record: [Value?], seconds: Int64) {
        let day = RunEngine.day(of: seconds)
        // By index, the entries read in place: a `for kpi in` loop copied each entry (a retain
        // and a release of both its programs) for every event read.
        for index in kpis.indices {
            if kpis[index].when != nil {
                guard case .bool(true)? = try? kpis[index].when!.evaluate(record) else { continue }
            }
            var tally = Tally(count: 1)
            let measure = kpis[index].measure
            switch measure {
            case .count, .timeToAcknowledge:
                break
            case .share:
                // An event whose condition cannot be decided (a field absent) is not counted.
                guard case .bool(let holds)? = try? kpis[index].value?.evaluate(record) else { continue }
                tally.total = holds ? 1 : 0
            case .mean, .nps, .csat:
                guard let number = (try? kpis[index].value?.evaluate(record))?.number, number.isFinite else { continue }
                tally.total = number
                if measure == .nps {
                    tally.low = number <= 6 ? 1 : 0
                    tally.high = number >= 9 ? 1 : 0
                } else if measure == .csat {
                    tally.high = number >= 4 ? 1 : 0
                }
            }
            let number = kpis[index].number
            if current[number].day != day {
                finishCurrentDay(of: number)
                current[number].day = day
            }
            current[number].tally.add(tally)
        }
    }

    /// Adds tallies made apart.
    mutating func add(_ other: KPITallies) {
        for (key, tally) in other.days { days[key, default: Tally()].add(tally) }
        for number in other.current.indices where other.current[number].tally.count > 0 {
            let (day, tally) = other.current[number]
            if current[number].day != day {
                finishCurrentDay(of: number)
                current[number].day = day
            }
            current[number].tally.add(tally)
        }
    }

    /// Every day's tally, leaving none behind.
    mutating func take() -> [(key: DayKey, tally: Tally)] {
        for number in current.indices { finishCurrentDay(of: number) }
        let taken = days.map { (key: $0.key, tally: $0.value) }
        days.removeAll(keepingCapacity: true)
        return taken
    }

    /// Moves KPI `number`'s current day into ``days``.
    private mutating func finishCurrentDay(of number: Int) {
        let (day, tally) = current[number]
        guard tally.count > 0 else { return }
        days[DayKey(kpi: Int32(number), day: day), default: Tally()].add(tally)
        current[number].tally = Tally()
    }
}
