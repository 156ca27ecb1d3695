import Foundation
import Testing
@testable import XIFileInboxAction
import XIPluginAPI
import XIPluginTesting

@Suite struct FileInboxActionCSVTests {
    @Test func writesCSVWithAHeaderAndTheSameIdempotency() async throws {
        let scratch = TestFolder()
        defer { withExtendedLifetime(scratch) {} }
        let folder = scratch.path
        func delivery(_ id: String, body: String = #"{"goal":"retention"}"#) -> Delivery {
            Delivery(id: id, audience: "compliance", action: "compliance/0-file", kind: .insight, insights: ["ins-\(id)"], body: body)
        }
        let action = FileInboxAction(folder: folder, format: .csv)
        #expect(await action.deliver(delivery("d,1", body: "{\n \"goal\": \"retention\"\n}")).isDelivered)
        #expect(await action.deliver(delivery("d-2")).isDelivered)
        let restarted = FileInboxAction(folder: folder, format: .csv)
        #expect(await restarted.deliver(delivery("d,1")).isDelivered)
        let text = try String(contentsOfFile: folder + "/compliance.csv", encoding: .utf8)
        let rows = text.split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows.first == "id,audience,kind,insights,delivered_at,body")
        #expect(rows[1].hasPrefix(#""d,1",compliance,insight,"ins-d,1","#))
        #expect(rows[1].hasSuffix(#","{  ""goal"": ""retention"" }""#))
        #expect(try await restarted.deliveredIDs(audience: "compliance") == ["d,1", "d-2"])
    }

    /// A digest's line of megabytes is written from where it is, between short lines gathered
    /// around it: the file holds the header once and every line whole, in order, each id once.
    @Test(arguments: [InboxFormat.csv, .jsonl])
    func writesALongLineAmongShortOnes(format: InboxFormat) async throws {
        let scratch = TestFolder()
        defer { withExtendedLifetime(scratch) {} }
        let insights = (0..<30_000).map { #"{"id":"ins-\#($0)","goal":"duty_consumer_support","score":1.5}"# }
        let long = "{\"insights\":[" + insights.joined(separator: ",") + "]}"
        #expect(long.utf8.count > InboxFile.longLine * 4)
        func delivery(_ id: String, body: String) -> Delivery {
            Delivery(id: id, audience: "compliance", action: "compliance/0-file", kind: .digest, insights: [id], body: body)
        }
        let action = FileInboxAction(folder: scratch.path, format: format)
        let batch = [delivery("a", body: "{}"), delivery("long", body: long), delivery("b", body: "{}"), delivery("a", body: "{}")]
        let receipts = await action.deliver(batch: batch)
        #expect(receipts.allSatisfy { $0.isDelivered }, "\(receipts)")
        #expect(await action.deliver(batch: [delivery("long", body: long), delivery("c", body: "{}")]).allSatisfy { $0.isDelivered })
        let text = try String(contentsOfFile: scratch.path + "/compliance.digest.\(format.rawValue)", encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        let rows = format == .csv ? Array(lines.dropLast().dropFirst()) : Array(lines.dropLast())
        if format == .csv { #expect(lines.first == "id,audience,kind,insights,delivered_at,body") }
        #expect(rows.count == 4)
        let ids = rows.map { format.id(inLine: Array($0.utf8)) }
        #expect(ids == ["a", "long", "b", "c"])
        let longRow = String(rows[1])
        #expect(longRow.contains(format == .csv ? #"""id"":""ins-29999"""# : #""id":"ins-29999""#))
        #expect(longRow.hasSuffix(format == .csv ? #"]}""# : "]}}"))
    }

    /// Quotes are doubled wherever they are (the runs between them are copied whole), and a field
    /// is quoted only when it holds a comma, a quote or a line break.
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", #""a,b""#),
        (#"a"b"c"#, #""a""b""c""#),
        (#"""#, #""""""#),
        (#""start"#, #""""start""#),
        (#"end""#, #""end""""#),
        (#"""""#, #""""""""""#),
        (#"é"ü 🙂"#, #""é""ü 🙂""#),
        ("line\nbreak, \"q\"", #""line break, ""q""""#),
        ("crlf\r\nis one, cr\rtoo", #""crlf is one, cr too""#),
        ("vt\u{0B}ff\u{0C}nel\u{85}ls\u{2028}ps\u{2029}end", "vt ff nel ls ps end"),
        ("not breaks: \u{C5}\u{E8}\u{2027}\u{202A}", "not breaks: \u{C5}\u{E8}\u{2027}\u{202A}"),
    ])
    func quotesAField(text: String, expected: String) {
        #expect(InboxFormat.csvField(text) == expected)
    }

    /// Long fields (a digest's body), against the rule written plainly: line breaks become spaces,
    /// and a field with a comma or a quote is quoted, its quotes doubled.
    @Test("long fields are quoted as the plain rule says")
    func quotesLongFields() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["{\"id\":\"ins_1\"", ",", "\"", "plain text ", "é", "\n", "\r\n", "\u{2028}", "🙂", "]}", "a"]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...200, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let flat = String(text.map { $0.isNewline ? " " : $0 })
            let expected = flat.contains(",") || flat.contains("\"") ? "\"" + flat.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : flat
            #expect(InboxFormat.csvField(text) == expected, "\(text.debugDescription)")
        }
    }
}
