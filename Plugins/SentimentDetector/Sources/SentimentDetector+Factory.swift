import Foundation
import XIPluginAPI

extension SentimentDetector {
    /// The `sentiment` detector's descriptor and maker.
    public static let factory = PluginFactory(
        descriptor: PluginDescriptor(
            category: .detector, kind: "sentiment", summary: "Scores the sentiment of an event's text, -1 to 1.",
            options: [
                PluginOption("polarity", .string, summary: "negative (default) or positive: which sentiment raises the signal."),
                PluginOption("threshold", .number, summary: "The least strength, 0 to 1, that raises the signal (default 0.5)."),
                PluginOption("language", .string, summary: "The text's language tag (default en). Other than en, the model Models/sentiment-<language>.model is used unless `model` names one."),
                PluginOption("model", .string, summary: "A model file written by `xi train sentiment`, relative to the folder of xi.yaml."),
                PluginOption("lexicon", .string, summary: "A word list (`word<TAB>valence` lines, -4 to 4) replacing the built-in English words."),
                PluginOption("field", .string, summary: "A text field to score instead of the event's text."),
            ]),
        make: { context, _ in .detector(try make(context)) })

    /// Where a language's model is looked for when `model` is not given, relative to the folder of xi.yaml.
    public static func modelPath(language: String) -> String { "Models/sentiment-\(language).model" }

    /// Makes the detector from its options; throws ``PluginError`` when they cannot work.
    public static func make(_ context: PluginContext) throws -> SentimentDetector {
        let name = context.name
        var polarity = Polarity.negative
        if let text = try context.string("polarity") {
            guard let chosen = Polarity(rawValue: text.lowercased()) else {
                throw PluginError("option 'polarity' of '\(name)' is '\(text)'; expected negative or positive")
            }
            polarity = chosen
        }
        let threshold = try context.number("threshold", default: 0.5, in: 0...1)
        let language = (try context.string("language") ?? "en").lowercased()
        let scorer: SentimentScorer
        do {
            if let path = try context.path("model") {
                scorer = .model(try SentimentModel(contentsOf: path))
            } else if let path = try context.path("lexicon") {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw PluginError("option 'lexicon' of '\(name)': cannot read \(path) as UTF-8 text")
                }
                do {
                    var lexicon = Lexicon.english
                    lexicon.valences = try Lexicon.parse(text)
                    scorer = .lexicon(lexicon)
                } catch let error as LexiconError {
                    throw PluginError("option 'lexicon' of '\(name)': \(path):\(error.line): \(error.message)")
                }
            } else if language == "en" {
                scorer = .lexicon(.english)
            } else {
                let path = context.configurationFolder + "/" + modelPath(language: language)
                guard FileManager.default.fileExists(atPath: path) else {
                    throw PluginError("'\(name)' reads language '\(language)', which has no built-in word list, and there is no model at \(modelPath(language: language)); train one with `xi train sentiment --data FILE --text COLUMN --label COLUMN --out \(modelPath(language: language))` or name one with option 'model'")
                }
                scorer = .model(try SentimentModel(contentsOf: path))
            }
        } catch let error as SentimentModelError {
            throw PluginError("detector '\(name)': \(error.message)")
        }
        return SentimentDetector(signal: name, scorer: scorer, polarity: polarity, threshold: threshold, field: try context.string("field"))
    }
}
