import ArgumentParser
import Foundation
import XISentimentDetector

/// `xi train`: learns models detectors load.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Learn a model for a detector from labelled examples.",
        subcommands: [TrainSentimentCommand.self]
    )
}

/// `xi train sentiment`: a sentiment model for a language the built-in word list does not cover.
struct TrainSentimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment",
        abstract: "Learn a sentiment model (any language) from labelled texts.",
        discussion: """
            The model reads character n-grams and words, so it needs no word segmentation: Chinese, \
            Persian, Arabic and Hungarian train as English does. By default a fifth of the examples \
            (a seeded shuffle: the same every time) is held out and the model's accuracy on it printed; \
            --holdout 0 learns from every example.

            Labels 1/0, positive/negative, pos/neg, happy/sad, true/false are recognised; name \
            others with --positive and --negative. Rows with any other label (neutral, objective) \
            are left out and counted.

            Examples:
              xi train sentiment --data reviews.csv --text review --label label --out Models/sentiment-zh.model --language zh
              xi train sentiment --data tweets.txt --no-header --text 1 --label 2 --positive POS --negative NEG --out Models/sentiment-ar.model
              xi train sentiment --data sst_train.json --text Sent --label label --out Models/sentiment-hu.model

            A detector loads the model with `model: FILE`, or by language tag: \
            `language: zh` reads Models/sentiment-zh.model.
            """
    )

    @Option(help: "The labelled examples: CSV, tab-separated (.tsv, .txt), JSON lines (.jsonl) or a JSON array (.json).") var data: String
    @Option(help: "The column (or JSON member) holding the text; a number from 1 with --no-header.") var text: String
    @Option(help: "The column (or JSON member) holding the label; a number from 1 with --no-header.") var label: String
    @Option(help: "Where to write the model.") var out: String
    @Option(help: "The language tag recorded in the model (zh, fa, ar, hu, …).") var language: String?
    @Option(help: "The label meaning positive.") var positive: String?
    @Option(help: "The label meaning negative.") var negative: String?
    @Option(help: "The share of examples held out to measure the model, 0 to below 1.") var holdout: Double = 0.2
    @Option(help: "The seed of the shuffle that picks the held-out examples.") var seed: UInt64 = 42
    @Option(help: "csv, tsv, jsonl or json (default: from the file name).") var format: String?
    @Flag(help: "The file has no header row: name columns by number.") var noHeader = false

    func run() throws {
        let started = ContinuousClock.now
        var chosen = LabelledTexts.Format.guess(from: data)
        if let format {
            guard let named = LabelledTexts.Format(rawValue: format.lowercased()) else {
                throw ValidationError("--format must be one of \(LabelledTexts.Format.allCases.map(\.rawValue).joined(separator: ", ")), not '\(format)'")
            }
            chosen = named
        }
        do {
            let texts = try LabelledTexts(path: data, format: chosen, text: text, label: label, header: !noHeader)
            for row in texts.skipped { StandardError.write("\(data):\(row.line): row skipped: it \(row.reason)") }
            if texts.skippedCount > texts.skipped.count { StandardError.write("… \(texts.skippedCount - texts.skipped.count) more rows skipped") }
            let (model, report) = try SentimentTraining.train(texts, positive: positive, negative: negative, holdout: holdout, seed: seed, language: language)
            let folder = (out as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: out, contents: model.encoded()) else {
                throw ValidationError("cannot write the model to \(out); check the folder exists and is writable")
            }
            var lines = ["learnt from \(report.trainedPositive + report.trainedNegative) examples (\(report.trainedPositive) \(model.positiveLabel), \(report.trainedNegative) \(model.negativeLabel))"]
            if !report.otherLabels.isEmpty {
                let other = report.otherLabels.sorted { $0.value > $1.value }.map { "'\($0.key)' \($0.value)" }.joined(separator: ", ")
                lines.append("left out     \(report.otherLabels.values.reduce(0, +)) rows with other labels: \(other)")
            }
            if let accuracy = report.accuracy {
                lines.append("held out     \(report.heldOut) examples: accuracy \(String(format: "%.1f", accuracy * 100)) % (\(report.heldOutRight) right)")
            }
            lines.append("wrote        \(out) in \(String(format: "%.2f", (ContinuousClock.now - started).inSeconds)) s")
            print(lines.joined(separator: "\n"))
        } catch let error as SentimentModelError {
            throw ValidationError(error.message)
        }
    }
}
