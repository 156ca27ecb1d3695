import Foundation
import Testing
import XIExpression
import XIPluginAPI
import XIPluginTesting
import XIRepeatContactDetector

/// Repeats inside and outside the period, the same reason, memory across batches, and reading again.
@Suite struct RepeatContactDetectorTests {
    let schema = EventSchema(source: "contacts", kind: "contact", fields: [("reason", .string)])
    let day: Int64 = 86_400

    func contact(_ id: String, customer: String, day number: Int64, reason: String = "card") -> Event {
        Event(
            id: id, source: "contacts", kind: "contact", subjects: [Subject(kind: "customer", id: customer)],
            time: TimestampValue(seconds: 1_767_225_600 + number * day)!, fields: [.string(reason)],
            position: RecordPosition(file: "contacts.jsonl", line: 1, offset: 0))
    }

    @Test func aSecondContactWithinThePeriodRaisesTheSignal() {
        let detector = RepeatContactDetector(signal: "repeat_contact", within: 7 * day)
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([
            contact("K1", customer: "A", day: 0), contact("K2", customer: "B", day: 1), contact("K3", customer: "A", day: 3),
            contact("K4", customer: "B", day: 9), contact("K5", customer: "A", day: 12),
        ], schema: schema, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["K1", "K3"]])
        #expect(signals.first?.subject == Subject(kind: "customer", id: "A"))
        #expect(signals.first?.time == TimestampValue(seconds: 1_767_225_600 + 3 * day))
    }

    @Test func onlyTheSameReasonCountsWhenAsked() {
        let detector = RepeatContactDetector(signal: "repeat_contact", sameField: "reason")
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([
            contact("K1", customer: "A", day: 0, reason: "card"), contact("K2", customer: "A", day: 1, reason: "address"),
            contact("K3", customer: "A", day: 2, reason: "card"),
        ], schema: schema, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["K1", "K3"]])
    }

    @Test func memoryCarriesAcrossBatchesAndReadingAgainRaisesNothing() {
        let detector = RepeatContactDetector(signal: "repeat_contact", count: 3)
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([contact("K1", customer: "A", day: 0), contact("K2", customer: "A", day: 1)], schema: schema, state: &state, into: &signals)
        #expect(signals.isEmpty)
        #expect(Set(state.takeChanges().map(\.subject)) == [Subject(kind: "customer", id: "A")])
        let third = [contact("K3", customer: "A", day: 2)]
        detector.detect(third, schema: schema, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["K1", "K2", "K3"]])
        #expect(signals.first?.strength == 1 - 1.0 / 3 || (signals.first?.strength ?? 0) >= 0.5)
        detector.detect(third, schema: schema, state: &state, into: &signals)
        #expect(signals.count == 1)
    }

    @Test func passesTheDetectorConformanceCheck() {
        let events = [
            contact("K1", customer: "A", day: 0), contact("K2", customer: "A", day: 1), contact("K3", customer: "B", day: 1),
            contact("K4", customer: "B", day: 2),
        ]
        let failures = DetectorConformance.check(detector: RepeatContactDetector(signal: "repeat_contact"), events: events, schema: schema)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func badOptionsSayWhatToDo() {
        func message(_ options: [String: ConfigurationValue]) -> String {
            thrownMessage { try RepeatContactDetector.make(PluginContext(name: "repeat", options: options, configurationFolder: "/tmp", stateFolder: "/tmp", environment: [:])) }
        }
        #expect(message(["within": .string("a week")]).contains("expected a duration"))
        #expect(message(["count": .integer(1)]).contains("2 or more"))
        #expect(message(["within": .string("14d"), "count": .integer(3), "same_field": .string("reason")]) == "no error")
    }
}
