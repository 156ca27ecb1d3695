import XIExpression
import XIPluginAPI
import XIStore

extension RunEngine {
    /// Moves the KPI tallies gathered since the last commit into `changes`.
    func flushKPIs(into changes: inout StoreChanges) {
        for (key, tally) in kpis.take() {
            let name = pipeline.kpiNames[Int(key.kpi)]
            changes.kpiDays.append(
                KPIDay(goal: name.goal, metric: name.metric, day: key.day, count: tally.count, total: tally.total, low: tally.low, high: tally.high))
        }
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
