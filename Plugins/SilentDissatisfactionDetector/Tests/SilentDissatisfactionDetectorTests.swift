import Foundation
import Testing
import XIExpression
import XIPluginAPI
import XIPluginTesting
import XISilentDissatisfactionDetector

/// Drops against the baseline, complaints that silence it, low scores, memory and options.
@Suite struct SilentDissatisfactionDetectorTests {
    let accounts = EventSchema(source: "accounts", kind: "profile", fields: [("monthly_spend", .double)])
    let surveys = EventSchema(source: "surveys", kind: "survey", fields: [("nps", .int)])
    let complaints = EventSchema(source: "complaints", kind: "complaint", fields: [])
    let day: Int64 = 86_400

    func event(_ id: String, _ schema: EventSchema, customer: String, day number: Int64, _ fields: [Value?] = []) -> Event {
        Event(
            id: id, source: schema.source, kind: schema.kind, subjects: [Subject(kind: "customer", id: customer)],
            time: TimestampValue(seconds: 1_767_225_600 + number * day)!, fields: fields,
            position: RecordPosition(file: schema.source, line: 1, offset: 0))
    }

    func spend(_ id: String, customer: String, day: Int64, _ amount: Double) -> Event {
        event(id, accounts, customer: customer, day: day, [.double(amount)])
    }

    @Test func aDropBelowTheBaselineRaisesTheSignalWithTheDropAsStrength() {
        let detector = SilentDissatisfactionDetector(signal: "spend_drop", metric: "monthly_spend")
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([
            spend("A1", customer: "A", day: 0, 1000), spend("B1", customer: "B", day: 0, 1000), spend("A2", customer: "A", day: 30, 1000),
            spend("B2", customer: "B", day: 30, 700), spend("A3", customer: "A", day: 60, 300),
        ], schema: accounts, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["A3"]])
        #expect(signals.first.map { abs($0.strength - 0.7) < 1e-9 } == true)
        #expect(signals.first?.subject == Subject(kind: "customer", id: "A"))
    }

    @Test func onlyValuesInsideTheBaselinePeriodCount() {
        let detector = SilentDissatisfactionDetector(signal: "spend_drop", metric: "monthly_spend", baseline: 30 * day)
        var state = DetectorState()
        var signals: [Signal] = []
        // The high value is 60 days old: the baseline is the 400 of day 50, and 300 is a 25 % drop.
        detector.detect([spend("A1", customer: "A", day: 0, 5000), spend("A2", customer: "A", day: 50, 400), spend("A3", customer: "A", day: 60, 300)],
                        schema: accounts, state: &state, into: &signals)
        #expect(signals.isEmpty)
    }

    @Test func aComplaintBeforeTheDropSilencesItAndOneLongBeforeDoesNot() {
        let detector = SilentDissatisfactionDetector(signal: "spend_drop", metric: "monthly_spend", within: 30 * day)
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([spend("A1", customer: "A", day: 0, 1000), spend("B1", customer: "B", day: 0, 1000)], schema: accounts, state: &state, into: &signals)
        detector.detect([event("KA", complaints, customer: "A", day: 40), event("KB", complaints, customer: "B", day: 5)], schema: complaints, state: &state, into: &signals)
        detector.detect([spend("A2", customer: "A", day: 45, 200), spend("B2", customer: "B", day: 45, 200)], schema: accounts, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["B2"]])
    }

    @Test func aLowScoreFromSomeoneWhoNeverComplainedCounts() {
        let detector = SilentDissatisfactionDetector(signal: "silent_detractor", scoreField: "nps", scoreAtMost: 6)
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([event("KB", complaints, customer: "B", day: 1)], schema: complaints, state: &state, into: &signals)
        detector.detect([
            event("S1", surveys, customer: "A", day: 2, [.int(0)]), event("S2", surveys, customer: "B", day: 2, [.int(3)]),
            event("S3", surveys, customer: "C", day: 2, [.int(6)]), event("S4", surveys, customer: "D", day: 2, [.int(9)]),
        ], schema: surveys, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["S1"], ["S3"]])
        #expect(signals.map(\.strength) == [1, 0.5])
    }

    @Test func passesTheDetectorConformanceCheck() {
        let events = [spend("A1", customer: "A", day: 0, 1000), spend("A2", customer: "A", day: 30, 100), spend("B1", customer: "B", day: 0, 50)]
        let failures = DetectorConformance.check(detector: SilentDissatisfactionDetector(signal: "spend_drop", metric: "monthly_spend"), events: events, schema: accounts)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func badOptionsSayWhatToDo() {
        func message(_ options: [String: ConfigurationValue]) -> String {
            thrownMessage { try SilentDissatisfactionDetector.make(PluginContext(name: "spend_drop", options: options, configurationFolder: "/tmp", stateFolder: "/tmp", environment: [:])) }
        }
        #expect(message([:]).contains("give metric"))
        #expect(message(["metric": .string("spend"), "drop": .number(1.5)]).contains("from 0 to 1"))
        #expect(message(["metric": .string("spend"), "baseline": .string("a quarter")]).contains("expected a duration"))
        #expect(message(["score_field": .string("nps"), "complaint_kinds": .list([.string("complaint"), .integer(3)])]).contains("must list text"))
        #expect(message(["metric": .string("spend"), "baseline": .string("30d"), "drop": .number(0.4), "within": .string("60d")]) == "no error")
    }
}
