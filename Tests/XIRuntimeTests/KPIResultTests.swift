import Testing
import XIGoals
import XIRuntime
import XIStore

/// KPI values from day tallies, windows, trends and statuses.
@Suite struct KPIResultTests {
    func goal(_ kpis: [KPI]) -> Goal {
        Goal(
            id: "g", name: "G", owner: "o@example.com", objective: .retention, kpis: kpis, signals: [], window: TimeSpan("30d")!, threshold: 1,
            position: SourcePosition(file: "g.yaml", line: 1, column: 1))
    }

    @Test func measuresTurnTalliesIntoValues() {
        let tally = KPIDay(goal: "g", metric: "m", day: 0, count: 10, total: 7, low: 2, high: 5)
        #expect(KPIResult.value(of: tally, measure: .nps) == 30)
        #expect(KPIResult.value(of: tally, measure: .csat) == 50)
        #expect(KPIResult.value(of: tally, measure: .share) == 70)
        #expect(KPIResult.value(of: tally, measure: .mean) == 0.7)
        #expect(KPIResult.value(of: tally, measure: .count) == 10)
        #expect(KPIResult.value(of: KPIDay(goal: "g", metric: "m", day: 0), measure: .mean) == nil)
    }

    @Test func statusIsOnTrackAtRiskWithinATenthOrOffTrack() {
        let atLeast40 = KPITarget(">= 40")!
        #expect(KPIResult.status(of: 41, target: atLeast40) == .onTrack)
        #expect(KPIResult.status(of: 36.5, target: atLeast40) == .atRisk)
        #expect(KPIResult.status(of: 30, target: atLeast40) == .offTrack)
        #expect(KPIResult.status(of: nil, target: atLeast40) == .noData)
        let below5 = KPITarget("< 5%")!
        #expect(KPIResult.status(of: 5.4, target: below5) == .atRisk)
        #expect(KPIResult.status(of: 6, target: below5) == .offTrack)
        #expect(KPIResult.status(of: 0.05, target: KPITarget("<= 0")!) == .atRisk)
    }

    @Test func onlyDaysInsideTheWindowCountAndTheTrendSlides() {
        let measured = KPI(
            metric: "fcr", window: TimeSpan("7d")!, target: KPITarget(">= 50%")!,
            measurement: KPI.Measurement(measure: .share, readings: [KPI.Reading(eventKind: "contact", value: nil, when: nil)]))
        let days = [
            KPIDay(goal: "g", metric: "fcr", day: 100, count: 10, total: 10),  // outside the window ending at 110
            KPIDay(goal: "g", metric: "fcr", day: 105, count: 10, total: 2),
            KPIDay(goal: "g", metric: "fcr", day: 109, count: 10, total: 6),
        ]
        let unmeasured = KPI(metric: "main_account_share", window: nil, target: KPITarget(">= 60%")!)
        let results = KPIResult.results(goals: [goal([measured, unmeasured])], days: days, points: 3)
        #expect(results.count == 2)
        #expect(results[0].end == 110)
        #expect(results[0].value == 40)
        #expect(results[0].count == 20)
        #expect(results[0].status == .offTrack)
        #expect(results[0].trend.map(\.day) == [107, 108, 109])
        #expect(results[0].trend.last?.value == 40)
        #expect(results[1].status == .notMeasured)
        #expect(results[1].window.text == "30d")
    }
}
