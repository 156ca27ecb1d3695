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
    ])
    func quotesAField(text: String, expected: String) {
        #expect(InboxFormat.csvField(text) == expected)
    }
}
