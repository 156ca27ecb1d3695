import Foundation

/// Rule-based sentiment from a word list, for English out of the box.
///
/// Each word of the list carries a valence (-4 to +4). A word's valence is strengthened or
/// softened by a booster before it ("very", "slightly"), turned around by a negation within the
/// three words before it ("not", "never", "don't"; but "don't waste" stays a warning), strengthened when written in capitals in a
/// text that is not all capitals, and weighed half before a "but" and one and a half times after
/// it. Exclamation marks strengthen the whole. Emoji and emoticons count as words. The sum is
/// squashed into -1 … 1 (`sum / √(sum² + 15)`), so a text with no sentiment word scores 0.
///
/// The rules follow those published for VADER (Hutto and Gilbert, 2014); the word list is xi's own.
public struct Lexicon: Sendable {
    /// Valence by lower-case word (or emoji, or emoticon).
    public var valences: [String: Double]
    /// Booster words and how much they add (positive) or take away (negative).
    public var boosters: [String: Double]
    /// Negation words.
    public var negations: Set<String>

    /// The built-in English lexicon.
    public static let english: Lexicon = {
        var valences = (try? parse(englishText)) ?? [:]
        for (symbol, valence) in englishSymbols { valences[symbol] = valence }
        return Lexicon(valences: valences, boosters: englishBoosters, negations: englishNegations)
    }()

    /// Creates a lexicon.
    public init(valences: [String: Double], boosters: [String: Double] = [:], negations: Set<String> = []) {
        self.valences = valences
        self.boosters = boosters
        self.negations = negations
    }

    /// Reads a word list: one entry per line, either `word<TAB>valence` or `valence word word …`;
    /// blank lines and lines starting with `#` are skipped. Throws ``LexiconError`` naming the
    /// first line that is neither.
    public static func parse(_ text: String) throws -> [String: Double] {
        var valences: [String: Double] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let tab = line.firstIndex(of: "\t") {
                let word = line[..<tab].trimmingCharacters(in: .whitespaces).lowercased()
                guard let valence = Double(line[line.index(after: tab)...].trimmingCharacters(in: .whitespaces)), !word.isEmpty else {
                    throw LexiconError(line: number + 1, message: "expected `word<TAB>valence`, found '\(line.prefix(60))'")
                }
                valences[word] = valence
                continue
            }
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let valence = Double(parts[0]) else {
                throw LexiconError(line: number + 1, message: "expected `word<TAB>valence` or `valence word word …`, found '\(line.prefix(60))'")
            }
            for word in parts.dropFirst() { valences[word.lowercased()] = valence }
        }
        return valences
    }

    /// The sentiment of `text`, from -1 (most negative) to 1 (most positive); 0 when no word of
    /// the list occurs (empty text, another language, another script).
    public func score(_ text: String) -> Double {
        let tokens = LexiconTokens(text, lexicon: self)
        guard !tokens.words.isEmpty else { return 0 }
        var sentiments = [Double](repeating: 0, count: tokens.words.count)
        var butPosition: Int?
        for (position, token) in tokens.words.enumerated() {
            if butPosition == nil, token.text == "but" { butPosition = position }
            var found = valence(of: token.text)
            // "As well as" is no praise.
            if token.text == "well", position > 0, tokens.words[position - 1].text == "as" { found = nil }
            // Ratings: "9/10", "9 out of 10", "5 stars", "zero stars".
            if found == nil, let rating = Self.rating(at: position, in: tokens.words) {
                sentiments[position] = rating
                continue
            }
            // "We will be back" is praise; "never going back" is not (the negation turns it).
            if found == nil, token.text == "back", position > 0, Self.returnVerbs.contains(tokens.words[position - 1].text) { found = 1.5 }
            // "Never again": no sentiment word, but a verdict.
            if found == nil, token.text == "again", position > 0, ["never", "not"].contains(tokens.words[position - 1].text) {
                sentiments[position] = -2
                continue
            }
            guard var valence = found else { continue }
            if token.isCapitals && tokens.hasLowerCase { valence += valence > 0 ? 0.733 : -0.733 }
            var negated = false
            var warning = false
            for distance in 1...3 where position - distance >= 0 {
                let before = tokens.words[position - distance].text
                if let boost = boosters[before] {
                    let scaled = boost * (distance == 1 ? 1 : distance == 2 ? 0.95 : 0.9)
                    valence += valence > 0 ? scaled : -scaled
                }
                if negations.contains(before) || before.hasSuffix("n't") {
                    negated = true
                    // "Don't waste your money": a warning, not a compliment.
                    let earlier = position - distance - 1 >= 0 ? tokens.words[position - distance - 1].text : ""
                    warning = before == "don't" || before == "dont" || (before == "not" && earlier == "do")
                }
            }
            if negated && !(warning && valence < 0) { valence *= -0.74 }
            sentiments[position] = valence < 0 ? valence * Self.negativeWeight : valence
        }
        if let butPosition {
            for position in sentiments.indices {
                sentiments[position] *= position < butPosition ? 0.5 : position > butPosition ? 1.5 : 1
            }
        }
        var sum = sentiments.reduce(0, +)
        if sum != 0 {
            let emphasis = Double(min(tokens.exclamations, 4)) * 0.292
            sum += sum > 0 ? emphasis : -emphasis
        }
        return sum / (sum * sum + 15).squareRoot()
    }

    /// A word's valence: as written; else without a plural `s` or an adverb's `ly`; else, for a
    /// word made by a negative prefix (`un`, `dis`, `in`, `im`, `non`) from a word of the list,
    /// that word's valence turned around ("unsatisfying", "displeased").
    func valence(of word: String) -> Double? {
        if let valence = valences[word] { return valence }
        let bytes = word.utf8
        guard bytes.count > 4 else { return nil }
        let last = bytes.last
        if last == UInt8(ascii: "s"), let valence = valences[String(word.dropLast())] { return valence }
        if last == UInt8(ascii: "y"), word.hasSuffix("ly"), let valence = valences[String(word.dropLast(2))] { return valence }
        let first = bytes.first
        guard first == UInt8(ascii: "u") || first == UInt8(ascii: "d") || first == UInt8(ascii: "i") || first == UInt8(ascii: "n") else { return nil }
        for prefix in Self.negativePrefixes where word.hasPrefix(prefix) {
            let rest = String(word.dropFirst(prefix.count))
            if rest.utf8.count >= 4, let valence = valences[rest] ?? (rest.utf8.last == UInt8(ascii: "s") ? valences[String(rest.dropLast())] : nil) {
                return -valence * 0.74
            }
        }
        return nil
    }

    /// How much more a negative word weighs than a positive one of the same valence: praise is
    /// easy to give in passing ("the staff were nice, but…"), criticism rarely is.
    static let negativeWeight = 1.4

    /// The sentiment of a rating that starts at `position` ("8/10", "2 out of 5", "5 stars"):
    /// +2.5 for the top 30 % of the scale, -2.5 for the bottom half; nil when there is none.
    static func rating(at position: Int, in words: [LexiconTokens.Word]) -> Double? {
        let word = words[position].text
        guard let first = word.utf8.first,
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
                || ((first == UInt8(ascii: "z") || first == UInt8(ascii: "o") || first == UInt8(ascii: "t") || first == UInt8(ascii: "f")) && numberWords[word] != nil)
        else { return nil }
        func number(_ text: String) -> Double? { Double(text) ?? numberWords[text] }
        var value: Double?
        var scale: Double?
        if let slash = word.firstIndex(of: "/") {
            value = Double(word[..<slash])
            scale = Double(word[word.index(after: slash)...])
        } else if let first = number(word), position + 1 < words.count {
            value = first
            let next = words[position + 1].text
            if next == "star" || next == "stars" {
                scale = 5
            } else if next == "out", position + 3 < words.count, words[position + 2].text == "of" {
                scale = Double(words[position + 3].text)
            }
        }
        guard let value, let scale, scale == 5 || scale == 10 || scale == 100, value >= 0, value <= scale else { return nil }
        let fraction = value / scale
        return fraction >= 0.7 ? 2.5 : fraction <= 0.5 ? -2.5 : nil
    }

    /// Numbers written as words, for ratings ("zero stars").
    static let numberWords: [String: Double] = ["zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5]

    /// Prefixes that make a word's opposite.
    static let negativePrefixes = ["un", "dis", "in", "im", "non"]

    /// Words that make a following "back" a return visit ("will be back", "never going back").
    static let returnVerbs: Set<String> = ["be", "go", "come", "coming", "going", "went", "came", "get"]
}

/// A line of a word list that cannot be read.
public struct LexiconError: Error, Sendable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// What is wrong.
    public var message: String
    /// `line N: message`.
    public var description: String { "line \(line): \(message)" }
}
