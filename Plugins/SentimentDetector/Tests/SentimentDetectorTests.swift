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
        #expect(thrownMessage { try make(["polarity": .string("sideways")]) }.contains("expected negative or positive"))
        #expect(thrownMessage { try make(["threshold": .number(2)]) }.contains("from 0 to 1"))
        let missing = thrownMessage { try make(["language": .string("hu")]) }
        #expect(missing.contains("Models/sentiment-hu.model") && missing.contains("xi train sentiment"))
        #expect(thrownMessage { try make(["model": .string("/nonexistent.model")]) }.contains("does not exist"))
        let folder = TestFolder()
        folder.write("words.txt", "good\t2\nbad\n")
        #expect(thrownMessage { try make(["lexicon": .string("words.txt")], folder: folder.path) }.contains("words.txt:2"))
        folder.write("broken.model", bytes: [0xFF, 0xFE, 0x00])
        #expect(thrownMessage { try make(["model": .string("broken.model")], folder: folder.path) }.contains("is not an xi sentiment model"))
    }

    @Test func aModelIsFoundByItsLanguageTag() throws {
        let folder = TestFolder()
        let model = try SentimentModel.train([("jó, köszönöm", true), ("nagyon jó", true), ("rossz, lassú", false), ("nagyon rossz", false)], language: "hu")
        folder.write(SentimentDetector.modelPath(language: "hu"), bytes: Array(model.encoded()))
        let detector = try make(["language": .string("hu"), "threshold": .number(0.1)], folder: folder.path)
        var state = DetectorState()
        var signals: [Signal] = []
        detector.detect([event("1", text: "nagyon rossz"), event("2", text: "nagyon jó")], schema: schema, state: &state, into: &signals)
        #expect(signals.map(\.evidence) == [["1"]])
    }

}
