import Foundation

extension SentimentModel {
    /// The header line of a model file.
    struct Header: Codable {
        var format: String
        var version: Int
        var language: String?
        var positive: String
        var negative: String
        var positiveExamples: Int
        var negativeExamples: Int
        var prior: Double
        var dimensions: Int
        var features: String

        enum CodingKeys: String, CodingKey {
            case format, version, language, positive, negative, prior, dimensions, features
            case positiveExamples = "positive_examples"
            case negativeExamples = "negative_examples"
        }
    }

    /// What the feature set is called in the header (a model of other features cannot be read).
    static let featureName = "fnv1a-char2-5-words-bigrams"

    /// The model as a file: a JSON header line, then the weights and the seen bits.
    public func encoded() -> Data {
        let header = Header(
            format: Self.format, version: Self.version, language: language, positive: positiveLabel, negative: negativeLabel,
            positiveExamples: positiveExamples, negativeExamples: negativeExamples, prior: prior,
            dimensions: weights.count, features: Self.featureName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = (try? encoder.encode(header)) ?? Data()
        data.append(10)
        data.reserveCapacity(data.count + weights.count * 4 + seen.count * 8)
        for weight in weights {
            withUnsafeBytes(of: weight.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        for word in seen {
            withUnsafeBytes(of: word.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Reads a model file. Throws ``SentimentModelError`` saying what is wrong with it (not a
    /// model, another version, cut short) and what to do.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SentimentModelError("cannot read the sentiment model file \(path): it does not exist or is not readable; train one with `xi train sentiment --out \(path)`")
        }
        try self.init(data: data, path: path)
    }

    /// Reads a model from the bytes of its file; `path` names it in errors.
    public init(data: Data, path: String) throws {
        let retrain = "train it again with `xi train sentiment`"
        guard let newline = data.firstIndex(of: 10),
              let header = try? JSONDecoder().decode(Header.self, from: data[data.startIndex..<newline]),
              header.format == Self.format else {
            throw SentimentModelError("\(path) is not an xi sentiment model (its first line is not the model header); name a file written by `xi train sentiment`")
        }
        guard header.version == Self.version else {
            throw SentimentModelError("\(path) is a sentiment model of format version \(header.version), and this xi reads version \(Self.version); \(retrain)")
        }
        guard header.features == Self.featureName, header.dimensions == TextFeatures.dimensions else {
            throw SentimentModelError("\(path) was made with other features (\(header.features), \(header.dimensions) buckets); \(retrain)")
        }
        let dimensions = header.dimensions
        let body = data[(newline + 1)...]
        guard body.count == dimensions * 4 + dimensions / 8 else {
            throw SentimentModelError("\(path) is damaged: its weights take \(body.count) bytes where \(dimensions * 4 + dimensions / 8) were expected (cut short or changed); \(retrain)")
        }
        var weights = [Float](repeating: 0, count: dimensions)
        var seen = [UInt64](repeating: 0, count: dimensions / 64)
        body.withUnsafeBytes { raw in
            for index in 0..<dimensions {
                weights[index] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
            }
            for index in 0..<(dimensions / 64) {
                seen[index] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: dimensions * 4 + index * 8, as: UInt64.self))
            }
        }
        guard weights.allSatisfy(\.isFinite), header.prior.isFinite else {
            throw SentimentModelError("\(path) is damaged: some weights are not numbers; \(retrain)")
        }
        self.init(
            language: header.language, positiveLabel: header.positive, negativeLabel: header.negative,
            positiveExamples: header.positiveExamples, negativeExamples: header.negativeExamples,
            prior: header.prior, weights: weights, seen: seen)
    }
}
