import Foundation
import Testing
import XIExpression
import XIPluginAPI
import XIPluginTesting
import XISentimentDetector

/// The detector as the runtime uses it: options, signals, the text field.
@Suite struct SentimentDetectorTests {
    let schema = EventSchema(source: "surveys", kind: "survey", fields: [("comment", .string), ("score", .int)])

    func event(_ id: String, text: String?, comment: String? = nil) -> Event {
        Event(
            id: id, source: "surveys", kind: "survey", subjects: [Subject(kind: "customer", id: "C-\(id)")],
            time: TimestampValue(seconds: 1_700_000_000)!, text: text, fields: [comment.map(Value.string), .int(3)],
            position: RecordPosition(file: "surveys.csv", line: 2, offset: 0))
    }

    func make(_ options: [String: ConfigurationValue], folder: String = "/tmp") throws -> SentimentDetector {
        try SentimentDetector.make(PluginContext(name: "negative_sentiment", options: options, configurationFolder: folder, stateFolder: folder + "/.xi", environment: [:]))
    }

    @Test func raisesItsSignalOnNegativeTextOnly() throws {
        let detector = try make(["threshold": .number(0.5)])
        var state = DetectorState()
        var signals: [Signal] = []
        let events = [
            event("1", text: "Awful service, the agent was rude and I waited an hour"),
            event("2", text: "Great help, thank you"),
            event("3", text: nil),
            event("4", text: ""),
        ]
        detector.detect(events, schema: schema, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["1"]])
        #expect(signals.first?.name == "negative_sentiment")
        #expect(signals.first?.subject == Subject(kind: "customer", id: "C-1"))
        #expect((signals.first?.strength ?? 0) >= 0.5)
        let analysis = detector.analyze(events[1], schema: schema)
        #expect(analysis?.first?.name == "sentiment")
        if case .double(let score)? = analysis?.first?.value { #expect(score > 0) } else { Issue.record("no score") }
    }

    @Test func passesTheDetectorConformanceCheck() throws {
        let texts = ["Awful, rude and slow", "Lovely staff", "still waiting :(", "", "I will never come back!"]
        let events = texts.enumerated().map { index, text in event("\(index)", text: text) }
        let failures = DetectorConformance.check(detector: try make([:]), events: events, schema: schema)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func positivePolarityAndAFieldOtherThanTheText() throws {
        let detector = try make(["polarity": .string("positive"), "threshold": .number(0.3), "field": .string("comment")])
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([event("1", text: "awful", comment: "Lovely, thanks!"), event("2", text: "great", comment: nil)], schema: schema, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["1"]])
    }

    @Test func badOptionsSayWhatToDo() throws {
        #expect(message { try make(["polarity": .string("sideways")]) }.contains("expected negative or positive"))
        #expect(message { try make(["threshold": .number(2)]) }.contains("from 0 to 1"))
        let missing = message { try make(["language": .string("hu")]) }
        #expect(missing.contains("Models/sentiment-hu.model") && missing.contains("xi train sentiment"))
        #expect(message { try make(["model": .string("/nonexistent.model")]) }.contains("does not exist"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xi-lexicon-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "good\t2\nbad\n".write(toFile: folder + "/words.txt", atomically: true, encoding: .utf8)
        #expect(message { try make(["lexicon": .string("words.txt")], folder: folder) }.contains("words.txt:2"))
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: folder + "/broken.model"))
        #expect(message { try make(["model": .string("broken.model")], folder: folder) }.contains("is not an xi sentiment model"))
    }

    @Test func aModelIsFoundByItsLanguageTag() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xi-models-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/Models", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = try SentimentModel.train([("jó, köszönöm", true), ("nagyon jó", true), ("rossz, lassú", false), ("nagyon rossz", false)], language: "hu")
        try model.encoded().write(to: URL(fileURLWithPath: folder + "/" + SentimentDetector.modelPath(language: "hu")))
        let detector = try make(["language": .string("hu"), "threshold": .number(0.1)], folder: folder)
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([event("1", text: "nagyon rossz"), event("2", text: "nagyon jó")], schema: schema, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["1"]])
    }

    func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }
}
