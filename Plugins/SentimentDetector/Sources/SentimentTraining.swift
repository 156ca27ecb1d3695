import Foundation

/// Learns a ``SentimentModel`` from labelled texts and measures it on a held-out part.
public enum SentimentTraining {
    /// Labels taken as positive when `--positive` is not given (compared without case).
    public static let positiveLabels: Set<String> = ["1", "positive", "pos", "happy", "true", "yes", "good", "+1"]
    /// Labels taken as negative when `--negative` is not given.
    public static let negativeLabels: Set<String> = ["0", "negative", "neg", "sad", "false", "no", "bad", "-1"]

    /// What a training did.
    public struct Report: Sendable {
        /// Examples learnt from, by class.
        public var trainedPositive = 0
        public var trainedNegative = 0
        /// Examples held out, and how many of them the model got right.
        public var heldOut = 0
        public var heldOutRight = 0
        /// Rows left out because their label is neither class, by label.
        public var otherLabels: [String: Int] = [:]
        /// The share of held-out examples classified right; nil when none was held out.
        public var accuracy: Double? { heldOut > 0 ? Double(heldOutRight) / Double(heldOut) : nil }
    }

    /// Trains on all but a `holdout` fraction of `texts` (picked by a shuffle seeded with
    /// `seed`, so the same call gives the same split), and measures the model on that fraction.
    /// `positive` and `negative` name the labels; by default the common spellings
    /// (``positiveLabels``, ``negativeLabels``) are recognised. Throws ``SentimentModelError``
    /// when the labels do not give two classes.
    public static func train(
        _ texts: LabelledTexts, positive: String? = nil, negative: String? = nil, holdout: Double = 0.2, seed: UInt64 = 42, language: String? = nil
    ) throws -> (model: SentimentModel, report: Report) {
        guard (0..<1).contains(holdout) else { throw SentimentModelError("the held-out share must be from 0 to below 1, not \(holdout)") }
        let positives = positive.map { [$0.lowercased()] } ?? positiveLabels
        let negatives = negative.map { [$0.lowercased()] } ?? negativeLabels
        var report = Report()
        var examples: [(text: String, positive: Bool)] = []
        var positiveName: String?
        var negativeName: String?
        for example in texts.examples {
            let label = example.label.lowercased()
            if positives.contains(label) {
                examples.append((example.text, true))
                positiveName = positiveName ?? example.label
            } else if negatives.contains(label) {
                examples.append((example.text, false))
                negativeName = negativeName ?? example.label
            } else {
                report.otherLabels[example.label, default: 0] += 1
            }
        }
        if examples.isEmpty {
            let found = report.otherLabels.sorted { $0.value > $1.value }.prefix(6).map { "'\($0.key)' (\($0.value))" }.joined(separator: ", ")
            throw SentimentModelError("no label is positive or negative: found \(found.isEmpty ? "no labels" : found); name them with --positive LABEL --negative LABEL")
        }
        // A seeded shuffle (SplitMix64), the same on every machine.
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
        for index in stride(from: examples.count - 1, to: 0, by: -1) {
            examples.swapAt(index, Int(next() % UInt64(index + 1)))
        }
        let heldOutCount = Int((Double(examples.count) * holdout).rounded())
        let training = Array(examples.dropLast(heldOutCount))
        let held = examples.suffix(heldOutCount)
        let model = try SentimentModel.train(
            training, language: language, positiveLabel: positiveName ?? positive ?? "positive", negativeLabel: negativeName ?? negative ?? "negative")
        report.trainedPositive = model.positiveExamples
        report.trainedNegative = model.negativeExamples
        for example in held {
            let logit = model.logit(example.text) ?? model.prior
            report.heldOut += 1
            if (logit > 0) == example.positive { report.heldOutRight += 1 }
        }
        return (model, report)
    }
}
