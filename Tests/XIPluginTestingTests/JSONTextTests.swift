import Foundation
import Testing
import XIPluginAPI

/// The hand-written JSON pieces every envelope and stored document goes through, against
/// Foundation's JSON parser as the oracle.
@Suite("JSON text and validation")
struct JSONTextTests {
    static let pieces = ["a", "Zoë", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "🙂", "/", " ", "é"]

    @Test("a quoted string parses back to itself and stays on one line")
    func quotedRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...20, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            let quoted = JSONText.quoted(text)
            #expect(!quoted.contains("\n") && !quoted.contains("\r") && !quoted.contains("\u{2028}") && !quoted.contains("\u{2029}"))
            let back = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: [.fragmentsAllowed]) as? String
            #expect(back == text, "\(quoted)")
            // Appended as bytes (lensed bodies): the same bytes, after whatever was there.
            var bytes = Array("x".utf8)
            JSONText.appendQuoted(text, to: &bytes)
            #expect(bytes == Array(("x" + quoted).utf8), "\(quoted)")
        }
    }

    /// Long runs of plain ASCII are skipped eight bytes at a time: texts of every length, with a
    /// byte that needs an escape (or is not ASCII) at every position of the eight, against
    /// Foundation as the oracle — quoted, parsed back, and checked by the validator.
    @Test("long texts quote and validate the same, wherever their escapes fall")
    func longTexts() throws {
        let specials = ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\u{7F}", "é", "×", "\u{2028}", "🙂", "~", " "]
        for length in 0..<40 {
            for special in specials {
                for position in 0...length {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                    let quoted = JSONText.quoted(text)
                    let back = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: [.fragmentsAllowed]) as? String
                    #expect(back == text, "\(quoted)")
                    #expect(JSONValidator.isValid(Array(quoted.utf8)), "\(quoted)")
                    // A raw control character or a lone quote inside a string is not JSON.
                    if special == "\n" || special == "\u{1}" || special == "\"" {
                        #expect(!JSONValidator.isValid(Array(("\"" + text + "\"").utf8)), "\(text.debugDescription)")
                    }
                }
            }
        }
        // Invalid UTF-8 after a long plain run.
        #expect(!JSONValidator.isValid(Array("\"\(String(repeating: "b", count: 37))".utf8) + [0xC3, 0x28, 0x22]))
        #expect(!JSONValidator.isValid(Array("\"\(String(repeating: "b", count: 64))".utf8)))
    }

    @Test("the validator agrees with Foundation's parser on valid documents and their mutations")
    func validatorAgreesWithFoundation() {
        let documents = [
            #"{"a":[1,2.5,-3e4,true,false,null,"x\"y\\z\u00e9"],"b":{}}"#, "[]", "0", "-0.0e-1", #""\ud83d\ude42""#,
            #"{"nested":{"deeper":[[[{"k":"v"}]]]}}"#, "  {\n\"spaced\" : [ 1 , 2 ] }\n", #""Zoë 🙂""#,
        ]
        let mutations: [(String) -> String] = [
            { $0 }, { String($0.dropLast()) }, { String($0.dropFirst()) }, { $0 + "," }, { $0.replacingOccurrences(of: ":", with: "") },
            { $0.replacingOccurrences(of: "1", with: "01") }, { $0.replacingOccurrences(of: "\"", with: "'") },
            { $0.replacingOccurrences(of: "true", with: "tru") }, { $0.replacingOccurrences(of: ",", with: ",,") },
            { "[" + $0 }, { $0 + "]" }, { $0.replacingOccurrences(of: "e4", with: "e") }, { $0.replacingOccurrences(of: "2.5", with: "2.") },
        ]
        for document in documents {
            for mutate in mutations {
                let text = mutate(document)
                let foundation = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil
                #expect(JSONValidator.isValid(Array(text.utf8)) == foundation, "\(text)")
            }
        }
        // Raw control characters and invalid UTF-8 inside strings are not JSON.
        #expect(!JSONValidator.isValid(Array("\"a\nb\"".utf8)))
        #expect(!JSONValidator.isValid([0x22, 0xC3, 0x28, 0x22]))
        #expect(!JSONValidator.isValid(Array(repeating: UInt8(ascii: "["), count: 10_000) + Array(repeating: UInt8(ascii: "]"), count: 10_000)))
    }

    @Test("an envelope line embeds a body with newlines as one line, and refuses a body that is not JSON")
    func envelopeBodies() throws {
        let delivery = Delivery(id: "k1", audience: "team", action: "team/0-file", kind: .insight, insights: ["ins_1"], body: "{\n  \"a\": 1\n}\n")
        let line = try DeliveryEnvelope.line(for: delivery, deliveredAt: Date(timeIntervalSince1970: 0))
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect((object["body"] as? [String: Any])?["a"] as? Int == 1)
        #expect(throws: DeliveryEnvelope.InvalidBody.self) { _ = try DeliveryEnvelope.embeddableBody("{not json") }
        #expect(try DeliveryEnvelope.embeddableBody("  ") == "null")
        // Trimmed, line breaks (CR LF too) turned into spaces; a body that needs nothing is kept as it is.
        #expect(try DeliveryEnvelope.embeddableBody(" \r\n{\"a\":\r\n[1,\n2]}\n\t") == "{\"a\":  [1, 2]}")
        #expect(try DeliveryEnvelope.embeddableBody("{\"text\":\"é, \\n\"}") == "{\"text\":\"é, \\n\"}")
        // A refused body leaves what was written before it alone.
        var output = "prefix"
        #expect(throws: DeliveryEnvelope.InvalidBody.self) { try DeliveryEnvelope.appendEmbeddableBody("[1,", to: &output) }
        #expect(output == "prefix")
        // A batch formats its delivery time once: the same line either way.
        let time = Date(timeIntervalSince1970: 1_790_000_000.25)
        #expect(try DeliveryEnvelope.line(for: delivery, stamp: DeliveryEnvelope.timestamp(time)) == DeliveryEnvelope.line(for: delivery, deliveredAt: time))
        // As bytes (a file inbox writes them): the string's bytes, for every kind of body.
        for body in ["{\n  \"a\": 1\n}\n", "  ", "[1,2]", "{\"text\":\"é, \\n\"}", " \r\n{\"a\":\r\n[1,\n2]}\n\t"] {
            let delivery = Delivery(id: "k\"3", audience: "t", action: "t/0-file", kind: .insight, insights: ["ins_1"], body: body)
            #expect(try DeliveryEnvelope.lineBytes(for: delivery, stamp: "S") == Array(try DeliveryEnvelope.line(for: delivery, stamp: "S").utf8))
        }
        var bytes = Array("prefix".utf8)
        #expect(throws: DeliveryEnvelope.InvalidBody.self) { try DeliveryEnvelope.appendEmbeddableBody("[1,", to: &bytes) }
        #expect(bytes == Array("prefix".utf8))
        let many = Delivery(id: "k\"2", audience: "t", action: "t/0-file", kind: .digest, insights: ["ins_1", "ins_2"], body: "[]")
        #expect(try DeliveryEnvelope.line(for: many, stamp: "S") == #"{"id":"k\"2","audience":"t","kind":"digest","insights":["ins_1","ins_2"],"delivered_at":"S","body":[]}"#)
    }
}
