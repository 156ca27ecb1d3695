/// How a KPI turns the events it reads into one number.
public enum KPIMeasure: String, Sendable, Hashable, CaseIterable {
    /// Net Promoter Score from a 0–10 `value`: % promoters (9–10) − % detractors (0–6), −100 … 100.
    case nps
    /// Customer satisfaction from a 1–5 `value`: % of answers that are 4 or 5.
    case csat
    /// The mean of a numeric `value` (CES, handle time, time to resolve, products per customer).
    case mean
    /// The % of events whose boolean `value` holds (first-contact resolution, churn, complaint rate).
    case share
    /// How many events there are.
    case count
    /// Hours from an insight's first delivery to a person acknowledging it (`xi ack`): from xi's
    /// own records, so the KPI has no `on`. Its window is wall time, ending now.
    case timeToAcknowledge = "time_to_acknowledge"

    /// Whether xi measures it from its own records rather than from events.
    public var isFromInsights: Bool { self == .timeToAcknowledge }

    /// The measure a metric's name implies when `measure` is not written: `nps`/`*_nps` and
    /// `csat`/`*_csat`, `count`/`*_count`, `time_to_acknowledge`; nil for other names (the value's type decides then).
    public static func implied(by metric: String) -> KPIMeasure? {
        if metric == "nps" || metric.hasSuffix("_nps") { return .nps }
        if metric == "csat" || metric.hasSuffix("_csat") { return .csat }
        if metric == "count" || metric.hasSuffix("_count") { return .count }
        if metric == "time_to_acknowledge" || metric.hasSuffix("_time_to_acknowledge") { return .timeToAcknowledge }
        return nil
    }
}
