import Foundation
import Testing
import XIExpression
import XIPluginAPI
import XIPluginTesting
import XIJSONLinesSource

@Suite("JSON lines source")
struct JSONLinesSourceTests {
    static let contactSettings = SourceSettings(
        name: "contacts", eventKind: "contact", subjectFields: [("customer", "customer_id"), ("agent", "agent_id")],
        timeField: "started_at", textField: "transcript", idField: "contact_id",
        schema: EventSchema(source: "contacts", kind: "contact", fields: [
            ("channel", .string), ("reason", .string), ("duration_seconds", .int), ("hold_seconds", .int),
            ("transfers", .int), ("resolved", .bool), ("product", .string), ("score", .double), ("tags", .list(.string)),
            ("extra", .dyn),
        ]))

    func source(_ folder: TestFolder, path: String = "contacts.jsonl", options: [String: ConfigurationValue] = [:], settings: SourceSettings = contactSettings) throws -> JSONLinesSource {
        var all = options
        all["path"] = .string(path)
        return try JSONLinesSource(context: folder.context(all, name: "contacts"), settings: settings)
    }

    @Test("maps members to subjects, time, text, id and typed fields; integers are int, fractions double")
    func mapping() async throws {
        let folder = TestFolder()
        folder.write("contacts.jsonl", """
            {"contact_id":"K-1","customer_id":"C-1","agent_id":"A-2","started_at":"2026-03-01T09:00:00+01:00","channel":"phone","reason":"card_status","duration_seconds":300,"hold_seconds":420,"transfers":2,"resolved":false,"score":3,"tags":["card","late"],"extra":{"a":[1,2.5,null]},"unused":{"deep":[{"x":"\\u00e9"}]},"transcript":"My card still hasn't come \\"again\\"\\n\\u2014 third call"}
            {"customer_id":1042,"started_at":"2026-03-02","score":2.5,"tags":"a;b","product":null,"resolved":"yes"}

            """)
        let adapter = try source(folder)
        let result = try await readAll(adapter)
        #expect(result.rejected.map(\.reason) == [])
        #expect(result.events.count == 2)
        let schema = adapter.schema
        let first = result.events[0]
        #expect(first.id == "K-1")
        #expect(first.subjects == [Subject(kind: "customer", id: "C-1"), Subject(kind: "agent", id: "A-2")])
        #expect(first.time == TimestampValue(parsing: "2026-03-01T08:00:00Z"))
        #expect(first.text == "My card still hasn't come \"again\"\n\u{2014} third call")
        #expect(result.value(0, "hold_seconds", schema)?.int == 420)
        #expect(result.value(0, "resolved", schema)?.bool == false)
        #expect(result.value(0, "score", schema)?.double == 3)
        #expect(result.value(0, "tags", schema)?.strings == ["card", "late"])
        if case .map(let map) = result.value(0, "extra", schema) {
            #expect(map.count == 1)
        } else {
            Issue.record("extra is not a map")
        }
        let second = result.events[1]
        #expect(second.id == "contacts:contacts.jsonl:2")
        #expect(second.subjects == [Subject(kind: "customer", id: "1042")])
        #expect(result.value(1, "score", schema)?.double == 2.5)
        #expect(result.value(1, "tags", schema)?.strings == ["a", "b"])
        #expect(result.value(1, "product", schema) == nil)
        #expect(result.value(1, "resolved", schema)?.bool == true)
        #expect(second.position == RecordPosition(file: "contacts.jsonl", line: 2, offset: Int64(Array(folder.read("contacts.jsonl").split(separator: 10, omittingEmptySubsequences: false)[0]).count + 1)))
    }

    @Test("malformed lines are rejected with position and reason, and the read goes on")
    func malformed() async throws {
        let folder = TestFolder()
        var bytes: [UInt8] = []
        let lines = [
            #"{"customer_id":"C-1","started_at":"2026-03-01T10:00:00Z","duration_seconds":"ten"}"#,
            #"{"started_at":"2026-03-01T10:00:00Z"}"#,
            #"{"customer_id":"C-3","started_at":"last tuesday"}"#,
            #"{"customer_id":"C-4","started_at":"2026-03-01T10:00:00Z","transfers":1.5}"#,
            #"[1,2]"#,
            #"{"customer_id":"C-6" "started_at":"2026-03-01T10:00:00Z"}"#,
            #"{"customer_id":"C-7","started_at":"2026-03-01T10:00:00Z"} trailing"#,
            #"{"customer_id":"C-8","started_at":"2026-03-01T10:00:00Z","resolved":"perhaps"}"#,
            #"{"customer_id":"C-9","started_at":"2026-03-01T10:00:00Z"}"#,
        ]
        for line in lines { bytes += Array(line.utf8) + [10] }
        let invalidOffset = bytes.count
        bytes += Array(#"{"customer_id":"C-10","started_at":"2026-03-01T10:00:00Z","transcript":"caf"#.utf8) + [0xE9] + Array("\"}\n".utf8)
        let truncatedOffset = bytes.count
        bytes += Array(#"{"customer_id":"C-11","started_at":"2026-03-01T10:00:00Z","transcript":"cut he"#.utf8)
        folder.write("contacts.jsonl", bytes: bytes)
        let result = try await readAll(try source(folder))
        #expect(result.events.map(\.subject?.id) == ["C-9"])
        let reasons = result.rejected.map(\.reason)
        #expect(reasons == [
            "field 'duration_seconds': 'ten' is not an int",
            "missing subject field 'customer_id'",
            "field 'started_at': 'last tuesday' is not a time in rfc3339 format",
            "field 'transfers': 1.5 is not an int",
            "not a JSON object: a line must start with '{' (column 1)",
            "invalid JSON at column 22: expected ',' or '}'",
            "unexpected text after the JSON object at column 59",
            "field 'resolved': 'perhaps' is not a bool (true or false)",
            "the record is not valid UTF-8; save the file as UTF-8",
            "truncated last line (no newline at the end of the file): invalid JSON: the line ends where the closing quote of a string should be (is the object cut short?); it is read again once the line is complete",
        ])
        #expect(result.rejected.map(\.position.line) == [1, 2, 3, 4, 5, 6, 7, 8, 10, 11])
        #expect(result.rejected[8].position.offset == Int64(invalidOffset))
        #expect(result.rejected[9].position == RecordPosition(file: "contacts.jsonl", line: 11, offset: Int64(truncatedOffset)))
        #expect(FileCheckpoint(result.checkpoint).files.first?.offset == Int64(truncatedOffset))
    }

    @Test("a completed last line is read on the next run; only new lines are read")
    func resume() async throws {
        let folder = TestFolder()
        folder.write("contacts.jsonl", """
            {"contact_id":"K-1","customer_id":"C-1","started_at":"2026-03-01T10:00:00Z"}
            {"contact_id":"K-2","customer_id":"C-2","started_at":"2026-03-01T10:00:00Z"}
            {"contact_id":"K-3","customer_id":"C-3","star
            """)
        let adapter = try source(folder)
        let first = try await readAll(adapter)
        #expect(first.events.map(\.id) == ["K-1", "K-2"])
        #expect(first.rejected.count == 1)
        folder.append("contacts.jsonl", "ted_at\":\"2026-03-01T11:00:00Z\"}\n{\"contact_id\":\"K-4\",\"customer_id\":\"C-4\",\"started_at\":\"2026-03-02T10:00:00Z\"}")
        let second = try await readAll(adapter, from: first.checkpoint)
        #expect(second.rejected.isEmpty)
        // K-4 has no newline yet but is a complete object: read, and read again next time.
        #expect(second.events.map(\.id) == ["K-3", "K-4"])
        #expect(second.events.map(\.position.line) == [3, 4])
        folder.append("contacts.jsonl", "\n{\"contact_id\":\"K-5\",\"customer_id\":\"C-5\",\"started_at\":\"2026-03-03T10:00:00Z\"}\n")
        let third = try await readAll(adapter, from: second.checkpoint)
        #expect(third.events.map(\.id) == ["K-4", "K-5"])
        let fourth = try await readAll(adapter, from: third.checkpoint)
        #expect(fourth.events.isEmpty && fourth.rejected.isEmpty)
        // Replaced by a shorter file: read from the start.
        folder.write("contacts.jsonl", "{\"contact_id\":\"K-9\",\"customer_id\":\"C-9\",\"started_at\":\"2026-03-04T10:00:00Z\"}\n")
        let fifth = try await readAll(adapter, from: third.checkpoint)
        #expect(fifth.events.map(\.id) == ["K-9"])
    }

    /// Before file names in checkpoints were canonical, a run given the folder as `.` stored
    /// absolute names for files whose configured paths were absolute; such a position still counts.
    @Test("a position stored under another absolute name of the same file is taken; one of another file is not")
    func positionUnderAnOlderName() async throws {
        let folder = TestFolder()
        folder.write("contacts.jsonl", "{\"contact_id\":\"K-1\",\"customer_id\":\"C-1\",\"started_at\":\"2026-03-01T10:00:00Z\"}\n")
        let adapter = try source(folder)
        let first = try await readAll(adapter)
        var stored = FileCheckpoint(first.checkpoint)
        #expect(stored.files.map(\.path) == ["contacts.jsonl"])
        stored.files[0].path = folder.path + "/./contacts.jsonl"
        stored.files.append(.init(path: "/elsewhere/contacts.jsonl", offset: 5, line: 2, size: 5, prefixLength: 5, prefixHash: "0"))
        let second = try await readAll(adapter, from: stored.sourceCheckpoint)
        #expect(second.events.isEmpty)
        #expect(FileCheckpoint(second.checkpoint).files.map(\.path) == ["contacts.jsonl"])
        folder.append("contacts.jsonl", "{\"contact_id\":\"K-2\",\"customer_id\":\"C-2\",\"started_at\":\"2026-03-01T11:00:00Z\"}\n")
        #expect(try await readAll(adapter, from: stored.sourceCheckpoint).events.map(\.id) == ["K-2"])
    }

    @Test("time formats: unix, unix_ms, patterns")
    func timeFormats() async throws {
        let folder = TestFolder()
        folder.write("unix.jsonl", "{\"customer_id\":\"C-1\",\"started_at\":1772359200}\n{\"customer_id\":\"C-2\",\"started_at\":\"1772359200.5\"}\n")
        folder.write("ms.jsonl", "{\"customer_id\":\"C-1\",\"started_at\":1772359200250}\n")
        folder.write("pattern.jsonl", "{\"customer_id\":\"C-1\",\"started_at\":\"01/03/2026 10:00\"}\n{\"customer_id\":\"C-1\",\"started_at\":\"2026-03-01\"}\n")
        let unix = try await readAll(try source(folder, path: "unix.jsonl", options: ["time_format": .string("unix")]))
        #expect(unix.events.map(\.time) == [TimestampValue(parsing: "2026-03-01T10:00:00Z"), TimestampValue(parsing: "2026-03-01T10:00:00.5Z")])
        let milliseconds = try await readAll(try source(folder, path: "ms.jsonl", options: ["time_format": .string("unix_ms")]))
        #expect(milliseconds.events.map(\.time) == [TimestampValue(parsing: "2026-03-01T10:00:00.25Z")])
        let pattern = try await readAll(try source(folder, path: "pattern.jsonl", options: ["time_format": .string("dd/MM/yyyy HH:mm")]))
        #expect(pattern.events.map(\.time) == [TimestampValue(parsing: "2026-03-01T10:00:00Z")])
        #expect(pattern.rejected.map(\.reason) == ["field 'started_at': '2026-03-01' is not a time in dd/MM/yyyy HH:mm format"])
        let format = try EventBuilder.TimeFormat("rfc3339")
        #expect(format.parse("2026-03-01T10:00:00.123456789-05:30") == TimestampValue(parsing: "2026-03-01T15:30:00.123456789Z"))
        #expect(format.parse("2026-03-01 10:00:00") == TimestampValue(parsing: "2026-03-01T10:00:00Z"))
        #expect(format.parse("2026-02-30") == nil)
        #expect(format.parse("2026-03-01T25:00:00Z") == nil)
    }

    @Test("a time is read alike where it lies and as a value: escaped, repeated, or shared with a declared field")
    func timeInPlace() async throws {
        let folder = TestFolder()
        folder.write("contacts.jsonl", """
            {"customer_id":"C-1","started_at":"2026-03-01T10:00:00Z"}
            {"customer_id":"C-2","started_at":"2026-03-01T10:00:00\\u005A"}
            {"customer_id":"C-3","started_at":"last tuesday","started_at":"2026-03-01T10:00:00Z"}
            {"customer_id":"C-4","started_at":"2026-03-01T10:00:00Z","started_at":"last tuesday"}
            {"customer_id":"C-5","started_at":null}

            """)
        let result = try await readAll(try source(folder))
        #expect(result.events.map(\.subject?.id) == ["C-1", "C-2", "C-3"])
        #expect(result.events.map(\.time) == Array(repeating: TimestampValue(parsing: "2026-03-01T10:00:00Z"), count: 3))
        #expect(result.rejected.map(\.reason) == [
            "field 'started_at': 'last tuesday' is not a time in rfc3339 format", "missing time field 'started_at'",
        ])
        // The time field also declared as a field: both read it.
        let shared = SourceSettings(
            name: "contacts", eventKind: "contact", subjectFields: [("customer", "customer_id")], timeField: "started_at", textField: nil, idField: nil,
            schema: EventSchema(source: "contacts", kind: "contact", fields: [("started_at", .string)]))
        let both = try await readAll(try source(folder, settings: shared))
        #expect(both.events.map(\.time) == Array(repeating: TimestampValue(parsing: "2026-03-01T10:00:00Z"), count: 3))
        #expect(both.value(0, "started_at", shared.schema)?.string == "2026-03-01T10:00:00Z")
    }

    @Test("a 10 MB line is skipped and reported; the next lines are read")
    func hugeLine() async throws {
        let folder = TestFolder()
        let huge = "{\"customer_id\":\"C-2\",\"started_at\":\"2026-03-01T10:00:00Z\",\"transcript\":\"" + String(repeating: "é", count: 5 << 20) + "\"}\n"
        folder.write("contacts.jsonl", "{\"customer_id\":\"C-1\",\"started_at\":\"2026-03-01T10:00:00Z\"}\n" + huge + "{\"customer_id\":\"C-3\",\"started_at\":\"2026-03-01T10:00:00Z\"}\n")
        let result = try await readAll(try source(folder))
        #expect(result.events.map(\.subject?.id) == ["C-1", "C-3"])
        #expect(result.rejected.count == 1)
        #expect(result.rejected.first?.reason.hasPrefix("record of \(huge.utf8.count - 1) bytes is over the limit of 1048576 bytes") == true)
        #expect(result.rejected.first?.position.line == 2)
        #expect((result.rejected.first?.excerpt.utf8.count ?? 0) <= 2048 + 3)
        #expect(result.events.last?.position.line == 3)
        let limited = try await readAll(try source(folder, options: ["max_record_bytes": .integer(40)]))
        #expect(limited.events.isEmpty)
        #expect(limited.rejected.count == 3)
    }

    @Test("200,000 lines stream in batches of at most batch_size")
    func streaming() async throws {
        let folder = TestFolder()
        var text = ""
        text.reserveCapacity(200_000 * 200)
        for line in 0..<200_000 {
            text += "{\"contact_id\":\"K-\(line)\",\"customer_id\":\"C-\(line % 400)\",\"agent_id\":\"A-\(line % 30)\",\"started_at\":\"2026-03-01T10:00:00Z\",\"channel\":\"phone\",\"reason\":\"card_status\",\"duration_seconds\":\(line % 900),\"hold_seconds\":\(line % 400),\"transfers\":\(line % 3),\"resolved\":\(line % 2 == 0),\"product\":\"credit_card\",\"transcript\":\"Card has not arrived\"}\n"
        }
        folder.write("contacts.jsonl", text)
        let adapter = try source(folder, options: ["batch_size": .integer(5000)])
        let measure = try await readStreaming(adapter)
        #expect(measure.records == 200_000)
        #expect(measure.largestBatch <= 5000)
        print("JSONL: 200000 lines (\(text.utf8.count) bytes) in \(String(format: "%.2f", measure.seconds)) s: \(measure.rate) records/s; resident \(measure.residentBefore >> 20) MB before, peak \(measure.residentPeak >> 20) MB")
    }

    @Test("the factory describes its options and makes the source")
    func factory() throws {
        #expect(JSONLinesSource.factory.descriptor.kind == "jsonl")
        #expect(Set(["path", "time_format", "batch_size", "max_record_bytes"]).isSubset(of: Set(JSONLinesSource.factory.descriptor.options.map(\.name))))
        let folder = TestFolder()
        guard case .source(let made) = try JSONLinesSource.factory.make(folder.context(["path": .string("x.jsonl")]), Self.contactSettings) else {
            Issue.record("not a source")
            return
        }
        #expect(made.schema.kind == "contact")
        #expect(throws: PluginError.self) { try JSONLinesSource.factory.make(folder.context([:]), Self.contactSettings) }
        #expect(throws: PluginError.self) { try JSONLinesSource.factory.make(folder.context(["path": .string("x.jsonl")]), nil) }
    }
}

@Test("the example's contacts.jsonl: 777 events and the 5 deliberately malformed lines")
func exampleContacts() async throws {
    guard let shared = sharedFolder() else { return }
    let file = (shared as NSString).deletingLastPathComponent + "/main/Examples/data/contacts.jsonl"
    guard FileManager.default.fileExists(atPath: file) else { return }
    let context = PluginContext(name: "contacts", options: ["path": .string(file)], configurationFolder: "/", stateFolder: "/tmp", environment: [:])
    let result = try await readAll(try JSONLinesSource(context: context, settings: JSONLinesSourceTests.contactSettings))
    #expect(result.events.count == 777)
    #expect(result.rejected.map { $0.excerpt.prefix(25) }.count == 5)
    #expect(result.rejected.allSatisfy { $0.excerpt.contains("K-BAD-") })
}
