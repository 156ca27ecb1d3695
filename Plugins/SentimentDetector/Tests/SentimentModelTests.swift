import Foundation
import Testing
import XIPluginTesting
import XISentimentDetector

/// Trained models: the accuracy target on the non-English sets, the file format and every bad input.
@Suite struct SentimentModelTests {
    /// The target: trained on 80 % of each set, at least 80 % right on the other 20 % (seed 42).
    @Test(arguments: [
        ("zh", "sentiment/zh-chnsenticorp-hotels/ChnSentiCorp_htl_all.csv", LabelledTexts.Format.csv, "review", "label", true),
        ("fa", "sentiment/fa-snappfood-dev/dev.csv", .csv, "comment", "label", true),
        ("hu", "sentiment/hu-husst-train/sst_train.json", .json, "Sent", "label", true),
        ("ar", "sentiment/ar-astd-train/Tweets-train.txt", .tsv, "1", "2", false),
    ])
    func heldOutAccuracy(language: String, file: String, format: LabelledTexts.Format, text: String, label: String, header: Bool) throws {
        let texts = try LabelledTexts(path: SharedData.path(file), format: format, text: text, label: label, header: header)
        let started = ContinuousClock.now
        let (model, report) = try SentimentTraining.train(texts, holdout: 0.2, seed: 42, language: language)
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        print("\(language): trained on \(report.trainedPositive + report.trainedNegative) in \(seconds) s; held out \(report.heldOut): accuracy \(report.accuracy ?? 0)")
        #expect(model.language == language)
        #expect(report.heldOut > 250)
        #expect((report.accuracy ?? 0) >= 0.80)
    }

    @Test func aModelFileReadsBackTheSame() throws {
        let model = try SentimentModel.train(Self.examples, language: "xx")
        let read = try SentimentModel(data: model.encoded(), path: "test.model")
        #expect(read.language == "xx")
        #expect(read.positiveExamples == model.positiveExamples)
        for text in ["great service", "awful wait", "ok"] { #expect(read.score(text) == model.score(text)) }
        #expect(model.score("great friendly service") > 0)
        #expect(model.score("awful rude wait") < 0)
    }

    @Test func textTheModelHasNeverSeenIsNeutral() throws {
        let model = try SentimentModel.train(Self.examples)
        #expect(model.score("") == 0)
        #expect(model.score("服务很差") == 0)
        #expect(model.logit("🙂") == nil)
    }

    @Test func aDamagedOrForeignModelFileIsRefusedClearly() throws {
        let model = try SentimentModel.train(Self.examples)
        var data = model.encoded()
        #expect(thrownMessage { try SentimentModel(data: Data("hello\nworld".utf8), path: "m") }.contains("is not an xi sentiment model"))
        #expect(thrownMessage { try SentimentModel(data: data.prefix(data.count - 10), path: "m") }.contains("is damaged"))
        let header = String(decoding: data.prefix(while: { $0 != 10 }), as: UTF8.self).replacingOccurrences(of: "\"version\":1", with: "\"version\":7")
        data.replaceSubrange(data.startIndex..<data.firstIndex(of: 10)!, with: Data(header.utf8))
        let newer = thrownMessage { try SentimentModel(data: data, path: "m") }
        #expect(newer.contains("format version 7") && newer.contains("train it again"))
        #expect(thrownMessage { try SentimentModel(contentsOf: "/nonexistent/x.model") }.contains("does not exist"))
    }

    @Test func trainingNeedsBothClasses() throws {
        let one = Self.examples.filter(\.positive)
        #expect(thrownMessage { try SentimentModel.train(one) }.contains("all \(one.count) examples are positive"))
        #expect(thrownMessage { try SentimentModel.train([]) }.contains("no examples"))
    }

    @Test func unexpectedLabelsAreNamed() throws {
        let folder = TestFolder()
        let path = folder.write("data.csv", "text,label\ngreat,good-ish\nawful,meh\n\"bad, really\",meh\n")
        let texts = try LabelledTexts(path: path, format: .csv, text: "text", label: "label")
        #expect(texts.examples.count == 3)
        #expect(texts.examples[2].text == "bad, really")
        let text = thrownMessage { try SentimentTraining.train(texts) }
        #expect(text.contains("'meh' (2)") && text.contains("--positive"))
        let (_, report) = try SentimentTraining.train(texts, positive: "good-ish", negative: "meh", holdout: 0)
        #expect(report.trainedPositive == 1 && report.trainedNegative == 2)
        #expect(thrownMessage { try LabelledTexts(path: path, format: .csv, text: "comment", label: "label") }.contains("no column 'comment'"))
    }

    @Test func rowsWithoutALabelAreSkippedWithTheirLine() throws {
        let folder = TestFolder()
        let path = folder.write("data.jsonl", "{\"t\":\"good\",\"l\":1}\nnot json\n{\"t\":\"bad\"}\n{\"t\":\"bad\",\"l\":0}\n")
        let texts = try LabelledTexts(path: path, format: .jsonl, text: "t", label: "l")
        #expect(texts.examples.map(\.label) == ["1", "0"])
        #expect(texts.skipped.map(\.line) == [2, 3])
    }

    static let examples: [(text: String, positive: Bool)] = [
        ("great service, friendly staff", true), ("really helpful and quick", true), ("great, thank you", true),
        ("friendly and quick answer", true), ("awful wait, rude agent", false), ("rude and slow", false),
        ("awful, I waited an hour", false), ("slow and unhelpful", false),
    ]
}
