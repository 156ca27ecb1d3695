import Testing
import XIGoals

/// KPIs measured from events: `on`, `measure`, `value` and `when`, and the errors a user can make.
@Suite("KPI definitions")
struct KPIDefinitionTests {
    /// The fixture's goal with `kpis` appended.
    static func load(_ kpis: String) -> ConfigurationLoadResult {
        Fixture.withGoal(Fixture.goal + "\nkpis:\n" + kpis).load()
    }

    @Test("the measure comes from `measure`, the metric's name, or the value's type")
    func measures() throws {
        let result = Self.load("""
              - { metric: nps, on: survey, value: nps, target: ">= 40" }
              - { metric: detractor_share, on: survey, value: "nps <= 6", target: "< 20%" }
              - { metric: mean_score, on: survey, value: nps, window: 7d, target: ">= 7" }
              - { metric: surveys, on: survey, measure: count, when: "channel == 'web'", target: ">= 10" }
              - { metric: main_account_share, target: ">= 60%" }
              - { metric: time_to_acknowledge, window: 7d, target: "<= 24" }
              - { metric: survey_share, on: [survey, profile], value: "kind == 'survey'", target: "< 50%" }
            """)
        #expect(result.errors.isEmpty, "\(result.errors)")
        let kpis = try #require(result.workspace.goals.first?.kpis)
        #expect(kpis.map { $0.measurement?.measure } == [.nps, .share, .mean, .count, nil, .timeToAcknowledge, .share])
        #expect(kpis[5].measurement?.readings.isEmpty == true)
        #expect(kpis[6].measurement?.measure == .share)
        #expect(kpis[6].measurement?.readings.map(\.eventKind) == ["survey", "profile"])
        #expect(kpis[3].measurement?.readings.first?.when?.source == "channel == 'web'")
        #expect(result.warnings.contains { $0.message.contains("KPI 'main_account_share' is not measured") })
    }

    @Test("mistakes are reported where they are")
    func mistakes() {
        expectSingleError(Self.load(#"  - { metric: nps, on: call, value: nps, target: ">= 40" }"#), "Goals/retention.yaml", 12, 24, "unknown event kind 'call'")
        expectSingleError(Self.load(#"  - { metric: fcr, on: survey, measure: share, target: ">= 40%" }"#), "Goals/retention.yaml", 12, 5, "needs 'value'")
        expectSingleError(Self.load(#"  - { metric: nps, on: survey, value: "channel", target: ">= 40" }"#), "Goals/retention.yaml", 12, 40, "must be a number")
        expectSingleError(Self.load(#"  - { metric: nps, value: nps, target: ">= 40" }"#), "Goals/retention.yaml", 12, 20, "needs 'on'")
        expectSingleError(Self.load(#"  - { metric: x, on: survey, measure: median, value: nps, target: ">= 1" }"#), "Goals/retention.yaml", 12, 39, "unknown KPI measure 'median'")
        expectSingleError(
            Self.load(#"  - { metric: mean_nps, on: [survey, profile], value: nps, target: ">= 1" }"#), "Goals/retention.yaml", 12, 55,
            "in 'value' of KPI 'mean_nps' on profile events: undeclared reference to 'nps'")
        expectSingleError(Self.load(#"  - { metric: time_to_acknowledge, on: survey, target: "<= 24" }"#), "Goals/retention.yaml", 12, 36, "from xi's own records; it takes no 'on'")
    }
}
