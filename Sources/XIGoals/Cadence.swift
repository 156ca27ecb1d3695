/// When a subscription's insights are delivered.
public enum Cadence: String, Sendable, Hashable, CaseIterable {
    /// One delivery per insight, as soon as it is raised (the default).
    case immediate
    /// A digest every hour.
    case hourly
    /// A digest every day.
    case daily
    /// A digest every week.
    case weekly
}
