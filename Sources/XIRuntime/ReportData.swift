import Foundation
import XIGoals
import XIStore

/// What `xi report` shows, read from the store in a few grouped queries (no insight is decoded),
/// so it takes about as long on a million-event store as on the example's.
public struct ReportData: Sendable {
    /// The configuration.
    public var workspace: Workspace
    /// The folder of `xi.yaml`.
    public var folder: String
    /// Every KPI of every goal, with trends.
    public var kpis: [KPIResult]
    /// Insights per goal, status and priority.
    public var insightCounts: [(goal: String, status: String, priority: String, count: Int)]
    /// Insights opened per goal and day.
    public var insightsOpened: [(goal: String, day: Int64, count: Int)]
    /// Deliveries per audience and day (UTC date): immediate ones by the day their insight opened,
    /// digests by their period's day.
    public var deliveries: [(day: String, audience: String, insights: Int, digests: Int)]
    /// Evidence per `goal/signal` and day.
    public var evidence: [(key: String, day: Int64, count: Int)]
    /// Events per source and day.
    public var sourceEvents: [(key: String, day: Int64, count: Int)]
    /// Records rejected per source.
    public var rejected: [String: Int]
}

extension Runtime {
    /// The report's data, from the store; `now` is the wall time wall-time KPIs end at.
    public func reportData(now: Date = Date()) throws -> ReportData {
        ReportData(
            workspace: workspace, folder: folder, kpis: try kpiResults(now: now), insightCounts: try store.insightCounts(),
            insightsOpened: try store.insightsOpenedByDay(), deliveries: try store.deliveriesByDay(), evidence: try store.dailyCounts("signal"),
            sourceEvents: try store.dailyCounts("source"), rejected: try store.rejectedCounts())
    }
}
