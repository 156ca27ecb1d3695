import XIExpression
import XIPluginAPI
import XIStore

extension RunEngine {
    /// A KPI number and a day of event time: where one event's tally goes.
    struct KPIDayKey: Hashable {
        let kpi: Int32
        let day: Int64
    }

    /// Tallies one event (its `record` in `stage`'s layout) into the KPIs measured from its kind.
    func tallyKPIs(_ stage: Pipeline.EventStage, record: [Value?], seconds: Int64) {
        let day = Self.day(of: seconds)
        for kpi in stage.kpis {
            if let when = kpi.when {
                guard case .bool(true)? = try? when.evaluate(record) else { continue }
            }
            var tally = (count: 1.0, total: 0.0, low: 0.0, high: 0.0)
            switch kpi.measure {
            case .count, .timeToAcknowledge:
                break
            case .share:
                // An event whose condition cannot be decided (a field absent) is not counted.
                guard case .bool(let holds)? = try? kpi.value?.evaluate(record) else { continue }
                tally.total = holds ? 1 : 0
            case .mean, .nps, .csat:
                guard let number = (try? kpi.value?.evaluate(record))?.number, number.isFinite else { continue }
                tally.total = number
                if kpi.measure == .nps {
                    tally.low = number <= 6 ? 1 : 0
                    tally.high = number >= 9 ? 1 : 0
                } else if kpi.measure == .csat {
                    tally.high = number >= 4 ? 1 : 0
                }
            }
            // Events come mostly in time order: tally into the KPI's current day, and move a day
            // into the table only when the day changes (one hash per KPI and day, not per event).
            if kpiCurrent[kpi.number].day != day {
                moveCurrentDay(of: kpi.number)
                kpiCurrent[kpi.number].day = day
            }
            kpiCurrent[kpi.number].count += tally.count
            kpiCurrent[kpi.number].total += tally.total
            kpiCurrent[kpi.number].low += tally.low
            kpiCurrent[kpi.number].high += tally.high
        }
    }

    /// Moves KPI `number`'s current day into ``kpiTallies``.
    func moveCurrentDay(of number: Int) {
        let current = kpiCurrent[number]
        guard current.count > 0 else { return }
        let key = KPIDayKey(kpi: Int32(number), day: current.day)
        var tally = kpiTallies[key] ?? (0, 0, 0, 0)
        tally.count += current.count
        tally.total += current.total
        tally.low += current.low
        tally.high += current.high
        kpiTallies[key] = tally
        kpiCurrent[number] = (current.day, 0, 0, 0, 0)
    }

    /// Moves the tallies gathered since the last commit into `changes`.
    func flushKPIs(into changes: inout StoreChanges) {
        for number in kpiCurrent.indices { moveCurrentDay(of: number) }
        guard !kpiTallies.isEmpty else { return }
        for (key, tally) in kpiTallies {
            let name = pipeline.kpiNames[Int(key.kpi)]
            changes.kpiDays.append(KPIDay(goal: name.goal, metric: name.metric, day: key.day, count: tally.count, total: tally.total, low: tally.low, high: tally.high))
        }
        kpiTallies.removeAll(keepingCapacity: true)
    }

    /// Evidence counted toward goal `goal` from signal `signal` on `seconds`' day.
    struct SignalDayKey: Hashable {
        let goal: Int32
        let signal: Int32
        let day: Int64
    }

    /// Days since 1970-01-01 (UTC) of a second.
    static func day(of seconds: Int64) -> Int64 {
        seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    /// Counts a batch's events per day of its source, for the report's coverage.
    func tallySource(_ events: [Event], source: String) {
        // Taken out of the table while counted, so it is changed in place, not copied.
        var days = sourceTallies.removeValue(forKey: source) ?? [:]
        for index in events.indices { days[Self.day(of: events[index].time.seconds), default: 0] += 1 }
        sourceTallies[source] = days
    }

    /// Moves the daily counts gathered since the last commit into `changes`.
    func flushDailyCounts(into changes: inout StoreChanges) {
        for (source, days) in sourceTallies {
            for (day, count) in days { changes.dailyCounts.append(("source", source, day, count)) }
        }
        sourceTallies.removeAll(keepingCapacity: true)
        for (key, count) in signalTallies {
            let name = pipeline.workspace.goals[Int(key.goal)].id + "/" + pipeline.signalNames[Int(key.signal)]
            changes.dailyCounts.append(("signal", name, key.day, count))
        }
        signalTallies.removeAll(keepingCapacity: true)
    }
}
