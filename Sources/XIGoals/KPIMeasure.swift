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

    /// The measure a metric's name implies when `measure` is not written: `nps`/`*_nps` and
    /// `csat`/`*_csat`; nil for other names (the value's type decides then).
    public static func implied(by metric: String) -> KPIMeasure? {
        if metric == "nps" || metric.hasSuffix("_nps") { return .nps }
        if metric == "csat" || metric.hasSuffix("_csat") { return .csat }
        if metric == "count" || metric.hasSuffix("_count") { return .count }
        return nil
    }
}
