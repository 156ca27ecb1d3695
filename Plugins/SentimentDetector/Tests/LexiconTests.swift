import Foundation
import Testing
import XISentimentDetector

/// The built-in English lexicon: its rules one by one, and its accuracy on real labelled sentences.
@Suite struct LexiconTests {
    let lexicon = Lexicon.english

    @Test func positiveAndNegativeWordsGiveTheirSign() {
        #expect(lexicon.score("The staff were helpful and friendly") > 0.5)
        #expect(lexicon.score("The app is slow and the support was awful") < -0.5)
    }

    @Test func negationTurnsAWordAround() {
        #expect(lexicon.score("The service was good") > 0)
        #expect(lexicon.score("The service was not good") < 0)
        #expect(lexicon.score("It was never helpful") < 0)
        #expect(lexicon.score("No problems at all") > 0)
    }

    @Test func aWarningStaysNegative() {
        #expect(lexicon.score("Don't waste your money") < 0)
        #expect(lexicon.score("Do not waste your time") < 0)
    }

    @Test func boostersAndDampenersChangeTheStrength() {
        let plain = lexicon.score("The wait was bad")
        #expect(lexicon.score("The wait was very bad") < plain)
        #expect(lexicon.score("The wait was slightly bad") > plain)
    }

    @Test func whatFollowsButWeighsMore() {
        #expect(lexicon.score("The app is great but support was awful") < 0)
        #expect(lexicon.score("Support was awful but the app is great") > 0)
    }

    @Test func capitalsAndExclamationMarksAddEmphasis() {
        let plain = lexicon.score("The app is great")
        #expect(lexicon.score("The app is GREAT") > plain)
        #expect(lexicon.score("The app is great!!!") > plain)
    }

    @Test func emojiAndEmoticonsCount() {
        #expect(lexicon.score("thanks 😍") > 0)
        #expect(lexicon.score("still waiting :(") < 0)
        #expect(lexicon.score("😡") < 0)
    }

    @Test func ratingsCount() {
        #expect(lexicon.score("10/10 would come again") > 0)
        #expect(lexicon.score("I give it 2 out of 10") < 0)
        #expect(lexicon.score("zero stars") < 0)
    }

    @Test func negativePrefixesMakeOpposites() {
        #expect(lexicon.score("I was unsatisfied") < 0)
        #expect(lexicon.score("a displeased customer") < 0)
    }

    @Test func oddTextIsNeutral() {
        #expect(lexicon.score("") == 0)
        #expect(lexicon.score("   \n\t ") == 0)
        #expect(lexicon.score("خدمة سيئة جدا") == 0)
        #expect(lexicon.score("服务很差") == 0)
        #expect(lexicon.score("12345 ###") == 0)
        let long = String(repeating: "The queue was long and the agent was rude. ", count: 25_000)
        #expect(long.utf8.count > 1_000_000)
        #expect(lexicon.score(long) < -0.9)
    }

    @Test func aWordListReadsBothLayouts() throws {
        let valences = try Lexicon.parse("# comment\nsuperb\t3\n-2 dreadful awful\n\n")
        #expect(valences == ["superb": 3, "dreadful": -2, "awful": -2])
        #expect(throws: LexiconError.self) { try Lexicon.parse("fine\n") }
        do {
            _ = try Lexicon.parse("good\t1\nbad\tvery\n")
            Issue.record("expected an error")
        } catch let error as LexiconError {
            #expect(error.line == 2)
        }
    }

    /// The target: at least 80 % binary accuracy on each of the three UCI sentence sets
    /// (a sentence is taken as positive when it scores above 0, else negative).
    @Test(arguments: ["amazon_cells_labelled.txt", "yelp_labelled.txt", "imdb_labelled.txt"])
    func accuracyOnTheUCISentenceSets(file: String) throws {
        let path = SharedData.path("sentiment/en-uci-sentences/" + file)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var right = 0
        var total = 0
        for line in text.split(separator: "\n") {
            guard let tab = line.lastIndex(of: "\t") else { continue }
            let label = line[line.index(after: tab)...].trimmingCharacters(in: .whitespaces)
            total += 1
            if (lexicon.score(String(line[..<tab])) > 0) == (label == "1") { right += 1 }
        }
        #expect(total == 1000)
        let accuracy = Double(right) / Double(total)
        print("\(file): binary accuracy \(accuracy)")
        #expect(accuracy >= 0.80)
    }
}

/// Where the shared data sets are: ../shared/data beside the repository.
enum SharedData {
    static func path(_ relative: String) -> String {
        var folder = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { folder.deleteLastPathComponent() }
        return folder.deletingLastPathComponent().appendingPathComponent("shared/data/" + relative).path
    }
}
