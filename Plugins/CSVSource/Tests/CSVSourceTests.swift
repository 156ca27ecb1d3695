import Foundation
import Testing
import XIExpression
import XIPluginAPI
import XIPluginTesting
import XICSVSource

@Suite("CSV source")
struct CSVSourceTests {
    let header = "response_id,customer_id,agent_id,submitted_at,survey,nps,csat,ces,channel,product,comment,ignored\n"

    func source(_ folder: TestFolder, path: String = "surveys.csv", options: [String: ConfigurationValue] = [:], settings: SourceSettings = surveySettings()) throws -> CSVSource {
        var all = options
        all["path"] = .string(path)
        return try CSVSource(context: folder.context(all), settings: settings)
    }

    @Test("maps subjects, time, text, id and typed fields; empty cells are absent; other columns are ignored")
    func mapping() async throws {
        let folder = TestFolder()
        folder.write("surveys.csv", header + """
            R-1,C-1,A-7,2026-03-01T10:15:00Z,post_call,3,2,6,phone,current_account,"Waited ages, then cut off",x
            R-2,C-2,,2026-03-02,relationship,,4,,app,,,y

            """)
        let adapter = try source(folder)
        let result = try await readAll(adapter)
        #expect(result.rejected.isEmpty)
        #expect(result.events.count == 2)
        let first = result.events[0]
        #expect(first.id == "R-1")
        #expect(first.kind == "survey")
        #expect(first.source == "surveys")
        #expect(first.subjects == [Subject(kind: "customer", id: "C-1"), Subject(kind: "agent", id: "A-7")])
        #expect(first.time == TimestampValue(parsing: "2026-03-01T10:15:00Z"))
        #expect(first.text == "Waited ages, then cut off")
        #expect(result.value(0, "nps", adapter.schema)?.int == 3)
        #expect(result.value(0, "ces", adapter.schema)?.int == 6)
        #expect(result.value(0, "product", adapter.schema)?.string == "current_account")
        #expect(first.position == RecordPosition(file: "surveys.csv", line: 2, offset: Int64(header.utf8.count)))
        let second = result.events[1]
        #expect(second.subjects == [Subject(kind: "customer", id: "C-2")])
        #expect(second.time == TimestampValue(parsing: "2026-03-02T00:00:00Z"))
        #expect(result.value(1, "nps", adapter.schema) == nil)
        #expect(result.value(1, "product", adapter.schema) == nil)
        #expect(second.text == nil)
    }

    @Test("types: double, bool, list(string) split on ; or |, timestamp, duration")
    func types() async throws {
        let folder = TestFolder()
        folder.write("accounts.csv", """
            customer_id,updated_at,balance,vulnerable,products,opened,tenure,limit
            C-1,2026-03-01 08:00:00,1234.5,yes,current_account;savings | credit_card,2019-05-01T00:00:00Z,90d,
            C-2,2026-03-01 09:30:00,-3,FALSE,,2020-01-01,1h30m,7

            """)
        let settings = SourceSettings(
            name: "accounts", eventKind: "profile", subjectFields: [("customer", "customer_id")], timeField: "updated_at",
            timeFormat: "yyyy-MM-dd HH:mm:ss", textField: nil, idField: nil,
            schema: EventSchema(source: "accounts", kind: "profile", fields: [
                ("balance", .double), ("vulnerable", .bool), ("products", .list(.string)), ("opened", .timestamp),
                ("tenure", .duration), ("limit", .int),
            ]))
        let adapter = try source(folder, path: "accounts.csv", settings: settings)
        let result = try await readAll(adapter)
        #expect(result.rejected.map(\.reason) == [])
        let schema = adapter.schema
        #expect(result.value(0, "balance", schema)?.double == 1234.5)
        #expect(result.value(0, "vulnerable", schema)?.bool == true)
        #expect(result.value(0, "products", schema)?.strings == ["current_account", "savings", "credit_card"])
        #expect(result.value(0, "tenure", schema).map { if case .duration(let value) = $0 { value.seconds } else { -1 } } == 90 * 86_400)
        #expect(result.value(0, "limit", schema) == nil)
        #expect(result.value(1, "balance", schema)?.double == -3)
        #expect(result.value(1, "vulnerable", schema)?.bool == false)
        #expect(result.value(1, "products", schema) == nil)
        #expect(result.events[1].time == TimestampValue(parsing: "2026-03-01T09:30:00Z"))
        #expect(result.events[0].id == "accounts:accounts.csv:2")
        #expect(result.events[1].id == "accounts:accounts.csv:3")
    }

    @Test("quoting: doubled quotes, delimiters and newlines inside quotes, CRLF, BOM, a custom delimiter")
    func quoting() async throws {
        let folder = TestFolder()
        let text = "\u{FEFF}response_id;customer_id;submitted_at;comment\r\n"
            + "R-1;C-1;2026-03-01T10:00:00Z;\"She said \"\"fine\"\"; then; hung up\"\r\n"
            + "R-2;C-2;2026-03-01T11:00:00Z;\"line one\r\nline two\nline three\"\r\n"
            + "R-3;C-3;2026-03-01T12:00:00Z;\"\"\r\n"
            + "R-4;C-4;2026-03-01T13:00:00Z;plain\r\n"
        folder.write("surveys.csv", text)
        let adapter = try source(folder, options: ["delimiter": .string(";")])
        let result = try await readAll(adapter)
        #expect(result.rejected.isEmpty)
        #expect(result.events.map(\.text) == ["She said \"fine\"; then; hung up", "line one\r\nline two\nline three", nil, "plain"])
        #expect(result.events.map(\.position.line) == [2, 3, 6, 7])
        #expect(result.events[0].position.offset == Int64(Array("\u{FEFF}response_id;customer_id;submitted_at;comment\r\n".utf8).count))
        #expect(result.events[3].id == "R-4")
    }

    @Test("malformed records are rejected with position and reason, and the read goes on")
    func malformed() async throws {
        let folder = TestFolder()
        var bytes = Array((header + """
            R-1,C-1,,2026-03-01T10:00:00Z,relationship,ten,,,web,,fine,
            R-2,,,2026-03-01T10:00:00Z,relationship,9,,,web,,fine,
            R-3,C-3,,yesterday,relationship,9,,,web,,fine,
            R-4,C-4,,2026-03-01T10:00:00Z,relationship,8,,,web,,"bad "quote",
            R-5,C-5,,2026-03-01T10:00:00Z,relationship,10,,,web,,ok,

            """).utf8)
        bytes += Array("R-6,C-6,,2026-03-01T10:00:00Z,relationship,7,,,web,,caf".utf8) + [0xC3, 0x28] + Array(",\n".utf8)
        bytes += Array("R-7,C-7,,2026-03-01T10:00:00Z,relationship,7,,,web,,\"never closed".utf8)
        folder.write("surveys.csv", bytes: bytes)
        let adapter = try source(folder)
        let result = try await readAll(adapter)
        #expect(result.events.map(\.id) == ["R-5"])
        let reasons = result.rejected.map(\.reason)
        #expect(reasons.count == 6)
        #expect(reasons[0] == "field 'nps': 'ten' is not an int")
        #expect(reasons[1] == "missing subject field 'customer_id'")
        #expect(reasons[2] == "field 'submitted_at': 'yesterday' is not a time in rfc3339 format")
        #expect(reasons[3].hasPrefix("unexpected text after the closing quote in column 11"))
        #expect(reasons[4] == "the record is not valid UTF-8; save the file as UTF-8")
        #expect(reasons[5].hasPrefix("truncated last line (no newline at the end of the file): unterminated quoted field in column 11"))
        #expect(result.rejected.map(\.position.line) == [2, 3, 4, 5, 7, 8])
        let offsetOfLine3 = header.utf8.count + "R-1,C-1,,2026-03-01T10:00:00Z,relationship,ten,,,web,,fine,\n".utf8.count
        #expect(result.rejected[1].position == RecordPosition(file: "surveys.csv", line: 3, offset: Int64(offsetOfLine3)))
        #expect(result.rejected[0].excerpt == "R-1,C-1,,2026-03-01T10:00:00Z,relationship,ten,,,web,,fine,")
        #expect(result.rejected.allSatisfy { $0.source == "surveys" })
        // The unterminated last record is not consumed: the checkpoint stops before it.
        let checkpoint = FileCheckpoint(result.checkpoint)
        #expect(checkpoint.files.first?.offset == Int64(bytes.count - "R-7,C-7,,2026-03-01T10:00:00Z,relationship,7,,,web,,\"never closed".utf8.count))
    }

    @Test("a rerun reads only appended rows; a completed last line is read then")
    func resume() async throws {
        let folder = TestFolder()
        folder.write("surveys.csv", header + "R-1,C-1,,2026-03-01T10:00:00Z,relationship,9,,,web,,,\nR-2,C-2,,2026-03-01T10:00:00Z,relationship,3,,,web,,,\nR-3,C-3,,2026-03-01")
        let adapter = try source(folder)
        let first = try await readAll(adapter)
        #expect(first.events.map(\.id) == ["R-1", "R-2"])
        #expect(first.rejected.count == 1)
        let unchanged = try await readAll(adapter, from: first.checkpoint)
        #expect(unchanged.batches.isEmpty || unchanged.events.isEmpty)
        folder.append("surveys.csv", "T10:00:00Z,relationship,5,,,web,,,\nR-4,C-4,,2026-03-02T10:00:00Z,relationship,10,,,web,,,\n")
        let second = try await readAll(adapter, from: first.checkpoint)
        #expect(second.rejected.isEmpty)
        #expect(second.events.map(\.id) == ["R-3", "R-4"])
        #expect(second.events.map(\.position.line) == [4, 5])
        let third = try await readAll(adapter, from: second.checkpoint)
        #expect(third.events.isEmpty && third.rejected.isEmpty)
    }

    @Test("a replaced or truncated file is read again from the start")
    func replaced() async throws {
        let folder = TestFolder()
        folder.write("surveys.csv", header + "R-1,C-1,,2026-03-01T10:00:00Z,relationship,9,,,web,,,\nR-2,C-2,,2026-03-01T10:00:00Z,relationship,3,,,web,,,\n")
        let adapter = try source(folder)
        let first = try await readAll(adapter)
        #expect(first.events.count == 2)
        // The same header (the same first 64 bytes), other rows, longer: a replacement.
        folder.write("surveys.csv", header + "R-9,C-9,,2026-03-05T10:00:00Z,relationship,1,,,web,,,\nR-8,C-8,,2026-03-05T10:00:00Z,relationship,2,,,web,,,\nR-7,C-7,,2026-03-05T10:00:00Z,relationship,2,,,web,,,\n")
        let second = try await readAll(adapter, from: first.checkpoint)
        #expect(second.events.map(\.id) == ["R-9", "R-8", "R-7"])
        // Truncated: shorter than the checkpoint's offset.
        folder.write("surveys.csv", header + "R-5,C-5,,2026-03-06T10:00:00Z,relationship,1,,,web,,,\n")
        let third = try await readAll(adapter, from: second.checkpoint)
        #expect(third.events.map(\.id) == ["R-5"])
    }

    @Test("a folder reads its *.csv files sorted; a glob reads the files it matches")
    func folderAndGlob() async throws {
        let folder = TestFolder()
        folder.write("data/b.csv", header + "R-B,C-2,,2026-03-01T10:00:00Z,relationship,9,,,web,,,\n")
        folder.write("data/a.csv", header + "R-A,C-1,,2026-03-01T10:00:00Z,relationship,9,,,web,,,\n")
        folder.write("data/c.txt", "not csv")
        folder.write("data/other-2.csv", header + "R-O,C-3,,2026-03-01T10:00:00Z,relationship,9,,,web,,,\n")
        let whole = try await readAll(try source(folder, path: "data"))
        #expect(whole.events.map(\.id) == ["R-A", "R-B", "R-O"])
        #expect(whole.events.map(\.position.file) == ["data/a.csv", "data/b.csv", "data/other-2.csv"])
        let globbed = try await readAll(try source(folder, path: "data/?.csv"))
        #expect(globbed.events.map(\.id) == ["R-A", "R-B"])
        #expect(FileCheckpoint(globbed.checkpoint).files.map(\.path) == ["data/a.csv", "data/b.csv"])
        #expect(throws: PluginError.self) { try source(folder, path: "data/*.xlsx").makeReader(from: nil) }
        #expect(throws: PluginError.self) { try source(folder, path: "missing.csv").makeReader(from: nil) }
    }

    @Test("a 10 MB line is skipped and reported without stopping the read")
    func hugeLine() async throws {
        let folder = TestFolder()
        let huge = "R-2,C-2,,2026-03-01T10:00:00Z,relationship,9,,,web,,\"" + String(repeating: "x", count: 10 << 20) + "\",\n"
        folder.write("surveys.csv", header + "R-1,C-1,,2026-03-01T10:00:00Z,relationship,9,,,web,,,\n" + huge + "R-3,C-3,,2026-03-01T10:00:00Z,relationship,9,,,web,,,\n")
        let result = try await readAll(try source(folder))
        #expect(result.events.map(\.id) == ["R-1", "R-3"])
        #expect(result.rejected.count == 1)
        #expect(result.rejected[0].reason.hasPrefix("record of \(huge.utf8.count - 1) bytes is over the limit of 1048576 bytes"))
        #expect(result.rejected[0].position.line == 3)
        #expect(result.rejected[0].excerpt.utf8.count == 2048)
        #expect(result.events[1].position.line == 4)
    }

    @Test("200,000 rows stream in batches of at most batch_size")
    func streaming() async throws {
        let folder = TestFolder()
        var text = header
        text.reserveCapacity(200_000 * 100)
        for row in 0..<200_000 {
            text += "R-\(row),C-\(row % 400),A-\(row % 30),2026-03-01T10:\(String(format: "%02d", row % 60)):00Z,post_call,\(row % 11),\(row % 5 + 1),\(row % 7 + 1),phone,current_account,\"Fine, thanks\",\n"
        }
        folder.write("surveys.csv", text)
        let adapter = try source(folder, options: ["batch_size": .integer(5000)])
        let measure = try await readStreaming(adapter)
        #expect(measure.records == 200_000)
        #expect(measure.largestBatch <= 5000)
        print("CSV: 200000 rows (\(text.utf8.count) bytes) in \(String(format: "%.2f", measure.seconds)) s: \(measure.rate) records/s; resident \(measure.residentBefore >> 20) MB before, peak \(measure.residentPeak >> 20) MB")
    }

    @Test("the CFPB complaints sample: every row becomes an event or a rejection")
    func complaintsSample() async throws {
        guard let shared = sharedFolder() else { return }
        let file = shared + "/data/complaints/cfpb-sample/complaints_sample.csv"
        guard FileManager.default.fileExists(atPath: file) else { return }
        let settings = SourceSettings(
            name: "cfpb", eventKind: "complaint", subjectFields: [("customer", "Complaint ID"), ("product", "Product")],
            timeField: "Date received", textField: "Consumer complaint narrative", idField: "Complaint ID",
            schema: EventSchema(source: "cfpb", kind: "complaint", fields: [
                ("Product", .string), ("Issue", .string), ("Company", .string), ("State", .string),
                ("Submitted via", .string), ("Timely response?", .bool), ("Consumer disputed?", .string), ("Date sent to company", .timestamp),
            ]))
        let context = PluginContext(name: "cfpb", options: ["path": .string(file)], configurationFolder: "/", stateFolder: "/tmp", environment: [:])
        let adapter = try CSVSource(context: context, settings: settings)
        let result = try await readAll(adapter)
        // SOURCE.txt: 6,623 complaints, narratives present 1,532, Timely response? Yes 6,529 / No 94.
        #expect(result.events.count + result.rejected.count == 6623)
        #expect(result.rejected.isEmpty, "\(result.rejected.prefix(3).map(\.reason))")
        #expect(result.events.filter { $0.text != nil }.count == 1532)
        let timely = adapter.schema.position(of: "Timely response?")!
        #expect(result.events.filter { $0.fields[timely]?.bool == true }.count == 6529)
        #expect(result.events.filter { $0.fields[timely]?.bool == false }.count == 94)
        #expect(Set(result.events.map(\.id)).count == 6623)
    }

    @Test("the factory describes its options and makes the source")
    func factory() throws {
        let names = CSVSource.factory.descriptor.options.map(\.name)
        #expect(Set(["path", "delimiter", "quote", "time_format", "batch_size", "max_record_bytes"]).isSubset(of: Set(names)))
        #expect(CSVSource.factory.descriptor.kind == "csv")
        let folder = TestFolder()
        let plugin = try CSVSource.factory.make(folder.context(["path": .string("surveys.csv")]), surveySettings())
        guard case .source(let source) = plugin else { Issue.record("not a source"); return }
        #expect(source.schema.kind == "survey")
        #expect(throws: PluginError.self) { try CSVSource.factory.make(folder.context(["path": .string("a.csv"), "delimiter": .string(";;")]), surveySettings()) }
        #expect(throws: PluginError.self) { try CSVSource.factory.make(folder.context(["path": .string("a.csv"), "batch_size": .integer(0)]), surveySettings()) }
        #expect(throws: PluginError.self) { try CSVSource.factory.make(folder.context(["path": .string("a.csv"), "time_format": .string("HH:mm")]), surveySettings()) }
    }
}
