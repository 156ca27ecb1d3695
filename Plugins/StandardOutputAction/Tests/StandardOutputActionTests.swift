import Foundation
import Testing
import XIPluginAPI
import XIPluginTesting
import XIStandardOutputAction

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct StandardOutputActionTests {
    let delivery = Delivery(
        id: "ins-1/retention-team/0-stdout", audience: "retention-team", action: "retention-team/0-stdout",
        kind: .insight, insights: ["ins-1"], body: "{\n  \"goal\": \"retention\"\n}")

    /// What the action prints to a pipe for `deliveries`.
    func printed(_ format: StandardOutputAction.Format, _ deliveries: [Delivery]) async throws -> [String] {
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        let action = StandardOutputAction(format: format, fileDescriptor: descriptors[1], now: { Date(timeIntervalSince1970: 1_777_000_000) })
        for delivery in deliveries {
            #expect(await action.deliver(delivery) == .delivered(reference: nil))
        }
        close(descriptors[1])
        let reading = FileHandle(fileDescriptor: descriptors[0], closeOnDealloc: true)
        let text = String(decoding: try reading.readToEnd() ?? Data(), as: UTF8.self)
        #expect(text.hasSuffix("\n"))
        return text.split(separator: "\n").map(String.init)
    }

    @Test func printsTheJSONEnvelope() async throws {
        let lines = try await printed(.json, [delivery])
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["id"] as? String == delivery.id)
        #expect(object["audience"] as? String == "retention-team")
        #expect(object["delivered_at"] as? String == "2026-04-24T03:06:40.000Z")
        #expect((object["body"] as? [String: Any])?["goal"] as? String == "retention")
    }

    @Test func printsAHumanOneLiner() async throws {
        let lines = try await printed(.text, [delivery])
        #expect(lines == [#"2026-04-24T03:06:40.000Z retention-team insight ins-1 ins-1/retention-team/0-stdout {   "goal": "retention" }"#])
    }

    @Test func printsABodyThatIsNotJSONAsAString() async throws {
        var broken = delivery
        broken.body = "line one\nline two"
        let lines = try await printed(.json, [broken])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["body"] as? String == "line one\nline two")
        #expect(try await printed(.text, [broken]).count == 1)
    }

    @Test func passesTheActionConformanceCheck() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xi-stdout-\(UUID().uuidString).jsonl").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(descriptor >= 0)
        defer {
            close(descriptor)
            try? FileManager.default.removeItem(atPath: path)
        }
        // It cannot see what it printed before, so there are no effects to count.
        let failures = await ActionConformance.check(makeAction: { StandardOutputAction(format: .json, fileDescriptor: descriptor) })
        #expect(failures.isEmpty, "\(failures)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        // 3 samples twice, one after the restart, 100 concurrent, 3 bodies: each a whole JSON line.
        let expected: Int = 3 * 2 + 1 + 100 + 29 + 3
        #expect(lines.count == expected)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
        }
    }

    @Test func factoryReadsTheFormat() throws {
        func make(_ options: [String: ConfigurationValue]) throws -> StandardOutputAction {
            try StandardOutputAction.make(PluginContext(name: "team/0-stdout", options: options, configurationFolder: "/", stateFolder: "/", environment: [:]))
        }
        #expect(try make([:]).format == .text)
        #expect(try make(["format": .string("json")]).format == .json)
        #expect(try make(["format": .string("jsonl")]).format == .json)
        #expect(throws: PluginError.self) { try make(["format": .string("yaml")]) }
        #expect(StandardOutputAction.factory.descriptor.kind == "stdout")
    }
}
