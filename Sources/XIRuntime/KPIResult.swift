import Foundation
import XIGoals
import XIStore

/// How a KPI stands against its target.
public enum KPIStatus: String, Sendable, CaseIterable {
    /// The target is met.
    case onTrack = "on track"
    /// The target is missed by at most a tenth of it (a tenth of one unit for targets near zero).
    case atRisk = "at risk"
    /// The target is missed by more.
    case offTrack = "off track"
    /// Measured, but no event counted in the window.
    case noData = "no data"
    /// Written for people only: the KPI has no `on`, so xi does not measure it.
    case notMeasured = "not measured"
}

/// One KPI of one goal, worked out over its window, with a trend.
public struct KPIResult: Sendable {
    /// The goal's id.
    public var goal: String
    /// The KPI as the goal declares it.
    public var kpi: KPI
    /// The window the value is over.
    public var window: TimeSpan
    /// The value over the window ending at ``end``; nil without data or measurement.
    public var value: Double?
    /// How many events counted toward the value.
    public var count: Double
    /// How the value stands against the target.
    public var status: KPIStatus
    /// The value over the window ending at each of a series of days (oldest first), for charts;
    /// nil where no event counted.
    public var trend: [(day: Int64, value: Double?)]
    /// The day (days since 1970-01-01) the window ends before: the day after the newest tally.
    public var end: Int64

    /// The value as people read it: `42.5`, `78.3%`, or `—`.
    public var formattedValue: String {
        guard let value else { return "—" }
        return Self.format(value) + (isPercentage ? "%" : "")
    }

    /// Whether the value is a percentage (NPS is a score, not a percentage).
    public var isPercentage: Bool {
        switch kpi.measurement?.measure {
        case .share?, .csat?: true
        default: kpi.target.isPercentage
        }
    }

    /// Two decimals below 10, one below 1,000, none above; no trailing zeros.
    public static func format(_ number: Double) -> String {
        let scale = abs(number) < 10 ? 100.0 : abs(number) < 1_000 ? 10.0 : 1.0
        let rounded = (number * scale).rounded() / scale
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}

extension KPIResult {
    /// How many of `results` have each status, in ``KPIStatus`` order, statuses none has left out.
    public static func statusCounts(_ results: [KPIResult]) -> [(status: KPIStatus, count: Int)] {
        let counts = Dictionary(grouping: results, by: \.status).mapValues(\.count)
        return KPIStatus.allCases.compactMap { status in counts[status].map { (status, $0) } }
    }

    /// `4 on track, 4 at risk, 8 off track`.
    public static func statusSummary(_ results: [KPIResult]) -> String {
        statusCounts(results).map { "\($0.count) \($0.status.rawValue)" }.joined(separator: ", ")
    }

    /// Every KPI of `goals`, from the stored `days`, over windows ending at `end` (default: the
    /// day after the newest tally of any KPI), with `points` trend points.
    /// `acknowledgements` are each goal's acknowledged insights (when, and seconds after their first
    /// delivery), for ``KPIMeasure/timeToAcknowledge``, over windows of wall time ending at `now`.
    public static func results(
        goals: [Goal], days: [KPIDay], end: Int64? = nil, points: Int = 12,
        acknowledgements: [String: [(acknowledged: Date, seconds: Double)]] = [:], now: Date = Date()
    ) -> [KPIResult] {
        var byKPI: [String: [KPIDay]] = [:]
        for day in days { byKPI[day.goal + "\u{1F}" + day.metric, default: []].append(day) }
        let end = end ?? ((days.map(\.day).max() ?? 0) + 1)
        var results: [KPIResult] = []
        for goal in goals {
            for kpi in goal.kpis {
                let window = kpi.window ?? goal.window
                let windowDays = Int64(max(1, (window.seconds + 86_399) / 86_400))
                let tallies = byKPI[goal.id + "\u{1F}" + kpi.metric] ?? []
                guard let measure = kpi.measurement?.measure else {
                    results.append(KPIResult(goal: goal.id, kpi: kpi, window: window, value: nil, count: 0, status: .notMeasured, trend: [], end: end))
                    continue
                }
                if measure == .timeToAcknowledge {
                    let delays = acknowledgements[goal.id] ?? []
                    let today = Int64((now.timeIntervalSince1970 / 86_400).rounded(.down)) + 1
                    func over(endingBefore last: Int64) -> (value: Double?, count: Double) {
                        let inside = delays.filter {
                            let day = Int64(($0.acknowledged.timeIntervalSince1970 / 86_400).rounded(.down))
                            return day < last && day >= last - windowDays
                        }
                        return (inside.isEmpty ? nil : inside.reduce(0) { $0 + $1.seconds } / Double(inside.count) / 3_600, Double(inside.count))
                    }
                    let (value, count) = over(endingBefore: today)
                    let step = max(1, windowDays / 6)
                    let trend = (0..<max(1, points)).reversed().map { back in (day: today - Int64(back) * step - 1, value: over(endingBefore: today - Int64(back) * step).value) }
                    results.append(KPIResult(goal: goal.id, kpi: kpi, window: window, value: value, count: count, status: status(of: value, target: kpi.target), trend: trend, end: today))
                    continue
                }
                func over(endingBefore last: Int64) -> (value: Double?, count: Double) {
                    var sum = KPIDay(goal: goal.id, metric: kpi.metric, day: last)
                    for tally in tallies where tally.day < last && tally.day >= last - windowDays { sum.add(tally) }
                    return (KPIResult.value(of: sum, measure: measure), sum.count)
                }
                let (value, count) = over(endingBefore: end)
                // Points a step apart, ending at `end`, none whose window ends before the first tally.
                let step = max(1, windowDays / 6)
                let firstDay = tallies.map(\.day).min() ?? end - 1
                let trend = (0..<max(1, points)).reversed().compactMap { back -> (day: Int64, value: Double?)? in
                    let last = end - Int64(back) * step
                    guard last > firstDay || back == 0 else { return nil }
                    return (last - 1, over(endingBefore: last).value)
                }
                results.append(KPIResult(
                    goal: goal.id, kpi: kpi, window: window, value: value, count: count, status: status(of: value, target: kpi.target),
                    trend: trend, end: end))
            }
        }
        return results
    }

    /// A measure's value from summed tallies; nil when nothing counted.
    public static func value(of tally: KPIDay, measure: KPIMeasure) -> Double? {
        if measure == .count { return tally.count }
        guard tally.count > 0 else { return nil }
        switch measure {
        case .nps: return 100 * (tally.high - tally.low) / tally.count
        case .csat: return 100 * tally.high / tally.count
        case .share: return 100 * tally.total / tally.count
        case .mean: return tally.total / tally.count
        case .count: return tally.count
        case .timeToAcknowledge: return nil
        }
    }

    /// On track when the target is met; at risk when missed by at most a tenth of the target
    /// (at least 0.1 of a unit); off track otherwise.
    public static func status(of value: Double?, target: KPITarget) -> KPIStatus {
        guard let value else { return .noData }
        if target.isMet(by: value) { return .onTrack }
        let miss: Double
        switch target.comparison {
        case .lessThan, .lessThanOrEqual: miss = value - target.value
        case .greaterThan, .greaterThanOrEqual: miss = target.value - value
        case .equal, .notEqual: miss = abs(value - target.value)
        }
        return miss <= max(abs(target.value) * 0.1, 0.1) ? .atRisk : .offTrack
    }
}
