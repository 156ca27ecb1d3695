import Foundation
import Testing
import XIExpression
import XIPluginAPI
import XIPluginTesting
import XIShareOfWalletDetector

/// Products closed, holdings elsewhere, money moved out, competitors named, memory and options.
@Suite struct ShareOfWalletDetectorTests {
    let accounts = EventSchema(source: "accounts", kind: "profile", fields: [("products", .list(.string)), ("balance", .double), ("elsewhere", .string)])
    let transfers = EventSchema(source: "payments", kind: "payment", fields: [("amount_out", .double), ("balance", .double)])
    let contacts = EventSchema(source: "contacts", kind: "contact", fields: [])
    let day: Int64 = 86_400

    func event(_ id: String, _ schema: EventSchema, customer: String, day number: Int64, _ fields: [Value?] = [], text: String? = nil) -> Event {
        Event(
            id: id, source: schema.source, kind: schema.kind, subjects: [Subject(kind: "customer", id: customer)],
            time: TimestampValue(seconds: 1_767_225_600 + number * day)!, text: text, fields: fields,
            position: RecordPosition(file: schema.source, line: 1, offset: 0))
    }

    func account(_ id: String, customer: String, day: Int64, _ products: [String], balance: Double, elsewhere: String? = nil) -> Event {
        event(id, accounts, customer: customer, day: day, [.list(products.map(Value.string)), .double(balance), elsewhere.map(Value.string)])
    }

    @Test func aClosedProductRaisesTheSignal() {
        let detector = ShareOfWalletDetector(signal: "products_moved_out", productsField: "products")
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([
            account("A1", customer: "A", day: 0, ["current_account", "savings", "credit_card"], balance: 100),
            account("B1", customer: "B", day: 0, ["current_account"], balance: 100),
            account("A2", customer: "A", day: 30, ["current_account"], balance: 100),
            account("B2", customer: "B", day: 30, ["current_account", "mortgage"], balance: 100),
        ], schema: accounts, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["A2"]])
        #expect(signals.first.map { abs($0.strength - 0.8) < 1e-9 } == true)
    }

    @Test func aBalanceFallAndAnOutflowCountAsTheShareMovedOut() {
        let detector = ShareOfWalletDetector(signal: "money_out", balanceField: "balance")
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([
            account("A1", customer: "A", day: 0, [], balance: 10_000), account("A2", customer: "A", day: 10, [], balance: 7_000),
            account("A3", customer: "A", day: 20, [], balance: 1_000),
        ], schema: accounts, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["A3"]])
        #expect(signals.first.map { abs($0.strength - 6.0 / 7) < 1e-9 } == true)

        let outflows = ShareOfWalletDetector(signal: "money_out", outflowField: "amount_out", balanceField: "balance")
        signals = []
        var fresh = DetectorState()
        outflows.detect([
            event("P1", transfers, customer: "C", day: 1, [.double(100), .double(9_900)]),
            event("P2", transfers, customer: "D", day: 1, [.double(6_000), .double(4_000)]),
        ], schema: transfers, state: &fresh, into: &signals)
        #expect(signals.map(\.evidence) == [["P2"]])
        #expect(signals.first?.strength == 0.6)
    }

    @Test func aNewProductHeldElsewhereCounts() {
        let detector = ShareOfWalletDetector(signal: "held_elsewhere", heldElsewhereField: "elsewhere")
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([
            account("A1", customer: "A", day: 0, [], balance: 1, elsewhere: "mortgage"), account("A2", customer: "A", day: 5, [], balance: 1, elsewhere: "mortgage"),
            account("A3", customer: "A", day: 9, [], balance: 1, elsewhere: "mortgage; savings"),
        ], schema: accounts, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["A1"], ["A3"]])
    }

    @Test func aCompetitorNamedWithAMoveIsStrongerThanANameAlone() {
        let detector = ShareOfWalletDetector(signal: "competitor_mention", competitorTerms: ["Revolut", "first direct"], threshold: 0.5)
        #expect(detector.competitorStrength(in: "I'm moving my savings to Revolut.") == 0.9)
        #expect(detector.competitorStrength(in: "My mortgage is with First Direct") == 0.6)
        #expect(detector.competitorStrength(in: "I want a direct debit set up first") == 0)
        #expect(detector.competitorStrength(in: "revolutionary service") == 0)
        #expect(detector.competitorStrength(in: "Revolut's app is better") == 0.6)
        #expect(detector.competitorStrength(in: "moving to First Direct's current account") == 0.9)
        #expect(!detector.remembersSubjects)
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([
            event("K1", contacts, customer: "A", day: 0, text: "Switching to revolut"), event("K2", contacts, customer: "B", day: 0, text: "Thanks"),
        ], schema: contacts, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["K1"]])
        #expect(state.subjects.isEmpty)
    }

    /// Real complaints (a CFPB sample, US banks as the competitors): the detector finds the same
    /// narratives as a regular-expression oracle, whole words in any case.
    @Test func findsCompetitorsInRealComplaintsAsAnOracleDoes() throws {
        var folder = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { folder.deleteLastPathComponent() }
        let text = try String(contentsOfFile: folder.appendingPathComponent("shared/data/complaints/cfpb-sample/complaints_sample.csv").path, encoding: .utf8)
        let rows = DelimitedText.rows(text, delimiter: ",").map(\.fields)
        let narrative = try #require(rows[0].firstIndex(of: "Consumer complaint narrative"))
        let terms = ["chase", "wells fargo", "bank of america", "capital one", "citibank", "discover", "synchrony", "navy federal", "td bank", "pnc"]
        let detector = ShareOfWalletDetector(signal: "competitor_mention", competitorTerms: terms)
        func oracle(_ text: String, _ words: [String]) -> Bool {
            words.contains { text.range(of: "\\b" + NSRegularExpression.escapedPattern(for: $0) + "\\b", options: [.regularExpression, .caseInsensitive]) != nil }
        }
        var named = 0, moving = 0, disagreements: [String] = []
        for row in rows.dropFirst() where narrative < row.count && !row[narrative].isEmpty {
            let strength = detector.competitorStrength(in: row[narrative])
            let expected = oracle(row[narrative], terms) ? (oracle(row[narrative], ShareOfWalletDetector.englishSwitchingTerms) ? 0.9 : 0.6) : 0
            if strength != expected { disagreements.append(String(row[narrative].prefix(120))) }
            if strength > 0 { named += 1 }
            if strength == 0.9 { moving += 1 }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) narratives differ, e.g. \(disagreements.prefix(3))")
        #expect(named > 150 && moving > 40, "named \(named), moving \(moving)")
    }

    @Test func passesTheDetectorConformanceCheck() {
        let events = [
            account("A1", customer: "A", day: 0, ["current_account", "savings"], balance: 500), account("A2", customer: "A", day: 3, ["current_account"], balance: 50),
        ]
        let stateful = ShareOfWalletDetector(signal: "moved", productsField: "products", balanceField: "balance")
        #expect(DetectorConformance.check(detector: stateful, events: events, schema: accounts).isEmpty)
        let mentions = [event("K1", contacts, customer: "A", day: 0, text: "Moving to Monzo"), event("K2", contacts, customer: "B", day: 1, text: "Monzo is nice")]
        let stateless = ShareOfWalletDetector(signal: "competitor_mention", competitorTerms: ["monzo"])
        let failures = DetectorConformance.check(detector: stateless, events: mentions, schema: contacts)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func badOptionsSayWhatToDo() {
        func message(_ options: [String: ConfigurationValue]) -> String {
            thrownMessage { try ShareOfWalletDetector.make(PluginContext(name: "wallet", options: options, configurationFolder: "/tmp", stateFolder: "/tmp", environment: [:])) }
        }
        #expect(message([:]).contains("nothing to look at"))
        #expect(message(["competitor_terms": .list([.string("monzo")]), "threshold": .number(2)]).contains("from 0 to 1"))
        #expect(message(["competitor_terms": .integer(3)]).contains("must be a list of text"))
        #expect(message(["products_field": .string("products"), "competitor_terms": .string("monzo")]) == "no error")
    }
}
