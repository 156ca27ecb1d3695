import Foundation
import Testing
import XIExpression
import XIPluginAPI
import XIPluginTesting
import XIEffortDetector

/// Effort cues one by one, their strength, bad options, and friction on real web sessions.
@Suite struct EffortDetectorTests {
    let schema = EventSchema(source: "contacts", kind: "contact", fields: [
        ("ces", .int), ("transfers", .int), ("hold_seconds", .int), ("zero_outs", .int), ("abandoned", .bool), ("outcome", .string),
    ])

    func event(_ id: String, ces: Int64? = nil, transfers: Int64 = 0, hold: Int64 = 0, zeroOuts: Int64 = 0, abandoned: Bool = false, outcome: String = "completed") -> Event {
        Event(
            id: id, source: "contacts", kind: "contact", subjects: [Subject(kind: "customer", id: "C-\(id)")],
            time: TimestampValue(seconds: 1_767_225_600)!,
            fields: [ces.map(Value.int), .int(transfers), .int(hold), .int(zeroOuts), .bool(abandoned), .string(outcome)],
            position: RecordPosition(file: "contacts.jsonl", line: 1, offset: 0))
    }

    func make(_ options: [String: ConfigurationValue]) throws -> EffortDetector {
        try EffortDetector.make(PluginContext(name: "high_effort", options: options, configurationFolder: "/tmp", stateFolder: "/tmp", environment: [:]))
    }

    @Test func eachCueCountsAndStrengthGrowsWithThem() throws {
        let detector = try make([
            "score_field": .string("ces"), "transfers_field": .string("transfers"), "wait_field": .string("hold_seconds"), "max_wait": .string("10m"),
            "limits": .mapping(["zero_outs": .integer(1)]), "flags": .list([.string("abandoned")]), "values": .mapping(["outcome": .list([.string("error")])]),
        ])
        #expect(detector.cues(of: event("1", ces: 5), schema: schema) == ["ces"])
        #expect(detector.cues(of: event("2", ces: 4), schema: schema).isEmpty)
        #expect(detector.cues(of: event("3", transfers: 2), schema: schema) == ["transfers"])
        #expect(detector.cues(of: event("4", hold: 601), schema: schema) == ["wait"])
        #expect(detector.cues(of: event("5", hold: 600), schema: schema).isEmpty)
        #expect(detector.cues(of: event("6", zeroOuts: 2, abandoned: true, outcome: "error"), schema: schema) == ["zero_outs", "abandoned", "outcome=error"])
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([event("1", ces: 6), event("2"), event("6", ces: 7, transfers: 3, zeroOuts: 2)], schema: schema, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["1"], ["6"]])
        #expect(signals.map(\.strength) == [0.5, 1])
    }

    @Test func passesTheDetectorConformanceCheck() throws {
        let detector = try make(["transfers_field": .string("transfers")])
        let failures = DetectorConformance.check(detector: detector, events: [event("1", transfers: 3), event("2"), event("3", transfers: 2)], schema: schema)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func badOptionsSayWhatToDo() {
        func message(_ options: [String: ConfigurationValue]) -> String {
            thrownMessage { try make(options) }
        }
        #expect(message([:]).contains("nothing to look at"))
        #expect(message(["score_field": .string("ces"), "threshold": .string("high")]).contains("expected a number"))
        #expect(message(["wait_field": .string("hold"), "max_wait": .string("long")]).contains("expected a duration"))
        #expect(message(["limits": .mapping(["errors": .string("many")])]).contains("'errors' must have a number"))
    }

    /// Real sessions of an online shop (UCI Online Shoppers): sessions whose exit rate or bounce
    /// rate is high — friction — end in a purchase far less often than the others.
    @Test func frictionOnRealWebSessionsGoesWithFewerPurchases() throws {
        var folder = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { folder.deleteLastPathComponent() }
        let text = try String(contentsOfFile: folder.appendingPathComponent("shared/data/web/online-shoppers/online_shoppers_intention.csv").path, encoding: .utf8)
        let rows = DelimitedText.rows(text, delimiter: ",").map(\.fields)
        let header = rows[0]
        let exit = try #require(header.firstIndex(of: "ExitRates"))
        let bounce = try #require(header.firstIndex(of: "BounceRates"))
        let revenue = try #require(header.firstIndex(of: "Revenue"))
        let schema = EventSchema(source: "web", kind: "web_session", fields: [("ExitRates", .double), ("BounceRates", .double)])
        let detector = try make(["limits": .mapping(["ExitRates": .number(0.05), "BounceRates": .number(0.05)])])
        var events: [Event] = []
        var bought: [String: Bool] = [:]
        for (index, row) in rows.dropFirst().enumerated() where row.count == header.count {
            let id = "S-\(index)"
            events.append(Event(
                id: id, source: "web", kind: "web_session", subjects: [Subject(kind: "customer", id: id)], time: TimestampValue(seconds: 0)!,
                fields: [Double(row[exit]).map(Value.double), Double(row[bounce]).map(Value.double)],
                position: RecordPosition(file: "online_shoppers_intention.csv", line: index + 2, offset: 0)))
            bought[id] = row[revenue] == "TRUE"
        }
        #expect(events.count == 12_330)
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect(events, schema: schema, state: &state, into: &signals)
        let flagged = Set(signals.flatMap(\.evidence))
        let flaggedRate = Double(flagged.filter { bought[$0]! }.count) / Double(flagged.count)
        let others = events.map(\.id).filter { !flagged.contains($0) }
        let otherRate = Double(others.filter { bought[$0]! }.count) / Double(others.count)
        print("web friction: \(flagged.count) sessions flagged, purchase rate \(flaggedRate) vs \(otherRate) for the \(others.count) others")
        #expect(flagged.count > 1_000 && others.count > 1_000)
        #expect(flaggedRate * 2 < otherRate)
    }
}
