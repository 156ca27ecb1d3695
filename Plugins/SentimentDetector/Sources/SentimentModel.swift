import Foundation

/// A sentiment model learnt from labelled examples, for languages the built-in lexicon does not
/// cover: naive Bayes over ``TextFeatures`` (each feature counted once per text, smoothed), so
/// it needs no word segmentation and trains on a few thousand examples in about a second.
///
/// A text's score is `tanh(logit / 2)`, from -1 (negative) to 1 (positive), where the logit is
/// the log-odds of positive; a text sharing no feature with the training texts (another script,
/// an empty text) scores 0.
///
/// The file (see ``encoded()``) is one JSON header line — format, version, labels, counts —
/// then the weights as little-endian 32-bit floats and a bit per bucket saying whether training
/// saw it.
public struct SentimentModel: Sendable {
    /// The file format's name, first in the header.
    public static let format = "xi-sentiment-model"
    /// The file format version this build reads and writes.
    public static let version = 1

    /// The language tag it was trained for, when given (`hu`, `fa`, `zh`, `ar`, …).
    public var language: String?
    /// The label that meant positive in the training data.
    public var positiveLabel: String
    /// The label that meant negative.
    public var negativeLabel: String
    /// How many positive and negative examples it learnt from.
    public var positiveExamples: Int
    public var negativeExamples: Int
    /// The log-odds of positive before reading the text.
    public var prior: Double
    /// Per bucket, the log ratio of its frequency in positive and negative texts.
    var weights: [Float]
    /// Per bucket, whether any training text had it (a bit each).
    var seen: [UInt64]

    /// The smoothing added to every bucket's counts.
    public static let smoothing = 0.1

    /// Learns a model. Throws ``SentimentModelError`` when the examples are not of both classes.
    public static func train(
        _ examples: [(text: String, positive: Bool)], language: String? = nil, positiveLabel: String = "positive", negativeLabel: String = "negative"
    ) throws -> SentimentModel {
        let positives = examples.lazy.filter(\.positive).count
        let negatives = examples.count - positives
        guard positives > 0, negatives > 0 else {
            if examples.isEmpty { throw SentimentModelError("there are no examples to learn from") }
            let (present, absent) = positives > 0 ? ("positive", "negative") : ("negative", "positive")
            throw SentimentModelError("all \(examples.count) examples are \(present); a model needs \(absent) examples too")
        }
        let dimensions = TextFeatures.dimensions
        var positiveCounts = [Double](repeating: smoothing, count: dimensions)
        var negativeCounts = [Double](repeating: smoothing, count: dimensions)
        var seen = [UInt64](repeating: 0, count: dimensions / 64)
        for example in examples {
            for bucket in TextFeatures.of(example.text) {
                let index = Int(bucket)
                if example.positive { positiveCounts[index] += 1 } else { negativeCounts[index] += 1 }
                seen[index >> 6] |= 1 << UInt64(index & 63)
            }
        }
        let positiveTotal = positiveCounts.reduce(0, +)
        let negativeTotal = negativeCounts.reduce(0, +)
        var weights = [Float](repeating: 0, count: dimensions)
        for index in 0..<dimensions {
            weights[index] = Float(log((positiveCounts[index] / positiveTotal) / (negativeCounts[index] / negativeTotal)))
        }
        return SentimentModel(
            language: language, positiveLabel: positiveLabel, negativeLabel: negativeLabel,
            positiveExamples: positives, negativeExamples: negatives,
            prior: log(Double(positives) / Double(negatives)), weights: weights, seen: seen)
    }

    /// The log-odds that `text` is positive; nil when it shares no feature with the training texts.
    public func logit(_ text: String) -> Double? {
        var sum = prior
        var known = 0
        for bucket in TextFeatures.of(text) {
            let index = Int(bucket)
            sum += Double(weights[index])
            if seen[index >> 6] & (1 << UInt64(index & 63)) != 0 { known += 1 }
        }
        return known > 0 ? sum : nil
    }

    /// The sentiment of `text`, -1 to 1; 0 when the model knows none of its features.
    public func score(_ text: String) -> Double {
        guard let logit = logit(text) else { return 0 }
        return tanh(logit / 2)
    }
}

/// A model that cannot be trained or read: what and what to do.
public struct SentimentModelError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
