import XIExpression
import XIPluginAPI
import XIPluginTesting

/// Events and sources shared by the tests.
enum Fixtures {
    static let schema = EventSchema(source: "survey", kind: "survey", fields: [("nps", .int), ("comment", .string)])

    static func event(_ number: Int) -> Event {
        Event(
            id: "survey:\(number)", source: "survey", kind: "survey", subjects: [Subject(kind: "customer", id: "C-\(number % 7)")],
            time: TimestampValue(seconds: 1_777_000_000 + Int64(number))!, text: "comment \(number)",
            fields: [.int(Int64(number % 11)), .string("comment \(number)")],
            position: RecordPosition(file: "survey.csv", line: number + 1, offset: Int64(number * 40)))
    }

    static func rejected(_ number: Int) -> RejectedRecord {
        RejectedRecord(
            source: "survey", position: RecordPosition(file: "survey.csv", line: number + 1, offset: Int64(number * 40)),
            reason: "field 'nps': 'ten' is not an int", excerpt: "C-1,ten")
    }

    /// 25 records, every fifth rejected.
    static let records: [InMemorySource.Record] = (0..<25).map { $0 % 5 == 4 ? .rejected(rejected($0)) : .event(event($0)) }
}

/// An action that takes effect on every call, even a repeat: not idempotent.
actor DuplicatingAction: Action {
    private(set) var counts: [String: Int] = [:]

    func deliver(_ delivery: Delivery) async -> Receipt {
        counts[delivery.id, default: 0] += 1
        return .delivered(reference: nil)
    }

    func count(_ id: String) -> Int { counts[id, default: 0] }
}

/// A source whose ids change on every read and whose checkpoints are ignored.
struct ForgetfulSource: SourceAdapter {
    final class Counter: @unchecked Sendable {
        var reads = 0
    }

    let counter = Counter()
    var schema: EventSchema { Fixtures.schema }

    func makeReader(from checkpoint: SourceCheckpoint?) throws -> InMemorySource.Reader {
        counter.reads += 1
        let events = (0..<6).map { number -> Event in
            var event = Fixtures.event(number)
            event.id = "read-\(counter.reads)-\(number)"
            return event
        }
        return try InMemorySource(schema: schema, events: events, batchSize: 2).makeReader(from: nil)
    }
}
