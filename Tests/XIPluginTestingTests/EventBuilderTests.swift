import Testing
import XIExpression
import XIPluginAPI

/// ``EventBuilder``'s two ways of making an event: returned (`build(_:position:fileName:)`, for a
/// plugin that handles one record at a time) and appended where a batch keeps it
/// (`build(_:position:fileName:appendingTo:)`, what file sources use). They must agree on every record.
@Suite("Event builder")
struct EventBuilderTests {
    static let builder = try! EventBuilder(settings: SourceSettings(
        name: "surveys", eventKind: "survey", subjectFields: [(kind: "customer", field: "customer_id"), (kind: "agent", field: "agent_id")],
        timeField: "at", textField: "comment", idField: "response_id",
        schema: EventSchema(source: "surveys", kind: "survey", fields: [(name: "nps", type: .int), (name: "channel", type: .string), (name: "customer_id", type: .string)])))

    /// Fields of one record, by field name (the builder's slots).
    static func fields(_ values: [String: RecordValue]) -> RecordFields {
        var fields = builder.makeFields()
        for (name, value) in values { fields[builder.slot(named: name)!] = value }
        return fields
    }

    static let position = RecordPosition(file: "surveys.jsonl", line: 7, offset: 120)

    static let valid = fields([
        "response_id": .text("S-1"), "customer_id": .text("C-1"), "agent_id": .text("A-1"), "at": .text("2026-01-05T10:00:00Z"),
        "comment": .text("A long comment, long enough not to fit in a small string's sixteen bytes"), "nps": .int(3), "channel": .text("phone"),
    ])

    @Test("appending makes the event building returns, after the events already there")
    func appendingAgreesWithReturning() throws {
        var events: [Event] = []
        #expect(Self.builder.build(Self.valid, position: Self.position, fileName: "surveys.jsonl", appendingTo: &events) == nil)
        #expect(Self.builder.build(Self.valid, position: Self.position, fileName: "surveys.jsonl", appendingTo: &events) == nil)
        let returned = try Self.builder.build(Self.valid, position: Self.position, fileName: "surveys.jsonl").get()
        #expect(events.count == 2)
        for event in events {
            #expect(event.id == "S-1" && returned.id == "S-1")
            #expect(event.subjects == returned.subjects)
            #expect(event.subjects == [Subject(kind: "customer", id: "C-1"), Subject(kind: "agent", id: "A-1")])
            #expect(event.time == returned.time)
            #expect(event.text == returned.text)
            // Values compare as CEL literals (`Value` has CEL's equality, not `Equatable`).
            #expect(event.fields.map { $0?.celLiteral } == returned.fields.map { $0?.celLiteral })
            #expect(event.fields.map { $0?.celLiteral } == ["3", "'phone'", "'C-1'"])
            #expect(event.position == returned.position)
        }
    }

    @Test("a record that cannot be an event appends nothing, and says why as building does")
    func rejectionAppendsNothing() {
        let records: [(RecordFields, String)] = [
            (Self.fields(["customer_id": .text("C-1"), "at": .text("2026-01-05T10:00:00Z"), "nps": .text("ten")]), "field 'nps': 'ten' is not an int"),
            (Self.fields(["at": .text("2026-01-05T10:00:00Z")]), "missing subject field 'customer_id'"),
            (Self.fields(["customer_id": .text("C-1"), "at": .text("yesterday")]), "is not a time"),
        ]
        for (fields, reason) in records {
            var events: [Event] = []
            #expect(Self.builder.build(Self.valid, position: Self.position, fileName: "surveys.jsonl", appendingTo: &events) == nil)
            let rejection = Self.builder.build(fields, position: Self.position, fileName: "surveys.jsonl", appendingTo: &events)
            #expect(rejection?.reason.contains(reason) == true, "\(String(describing: rejection))")
            #expect(events.count == 1 && events[0].id == "S-1")
            guard case .failure(let returned) = Self.builder.build(fields, position: Self.position, fileName: "surveys.jsonl") else {
                Issue.record("building accepted what appending rejected")
                continue
            }
            #expect(returned == rejection)
        }
    }
}
