import Crypto
import Foundation
import Testing
import XIExpression
import XIGoals
@testable import XIRuntime

/// A lens's plan written as bytes: sorted keys, absent fields and empty objects left out, and
/// pseudonyms by the documented formula (the oracle).
@Suite("lens filter")
struct LensFilterTests {
    static var key: SymmetricKey { SymmetricKey(data: Data("lens-test-key".utf8)) }

    /// Writes `fields` (JSON text by field) through a lens over `allow` and `pseudonymize`.
    static func write(allow: [String], pseudonymize: [String] = [], fields: [String: String], after prefix: String = "") -> String {
        let filter = LensFilter(audience: "compliance", lens: Lens(allow: allow, pseudonymize: pseudonymize), key: key)
        var output = Array(prefix.utf8)
        filter.write(to: &output) { field, output in
            guard let text = fields[name(of: field)] else { return false }
            output.append(contentsOf: text.utf8)
            return true
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func name(of field: InsightField) -> String {
        switch field {
        case .id: "id"
        case .score: "score"
        case .subjectID: "subject.id"
        case .subjectKind: "subject.kind"
        case .profile(let name): "profile." + name
        default: "other"
        }
    }

    /// `psn_` and 20 hex digits of HMAC-SHA256(key, audience + NUL + value).
    static func token(_ value: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(("compliance\u{0}" + value).utf8), using: key)
        return "psn_" + code.prefix(10).map { String(format: "%02x", $0) }.joined()
    }

    @Test("keys come out sorted, nested objects grouped, and fields the insight lacks left out")
    func sortedAndAbsent() {
        let allow = ["score", "id", "profile.tier", "profile.segment", "subject.kind"]
        #expect(Self.write(allow: allow, fields: ["id": "\"ins_1\"", "score": "12.0", "profile.segment": "\"affluent\"", "subject.kind": "\"customer\""])
            == #"{"id":"ins_1","profile":{"segment":"affluent"},"score":12.0,"subject":{"kind":"customer"}}"#)
        // An object none of whose fields the insight has is left out, with its comma.
        #expect(Self.write(allow: allow, fields: ["id": "\"ins_1\"", "score": "1.5"]) == #"{"id":"ins_1","score":1.5}"#)
        #expect(Self.write(allow: allow, fields: ["profile.tier": "\"gold\""]) == #"{"profile":{"tier":"gold"}}"#)
        #expect(Self.write(allow: allow, fields: [:]) == "{}")
        // Written after what the buffer held (a digest's earlier insights).
        #expect(Self.write(allow: ["id"], fields: ["id": "\"b\""], after: #"{"id":"a"},"#) == #"{"id":"a"},{"id":"b"}"#)
    }

    @Test("a pseudonymized field is the keyed hash of its text, one stable token per value and audience")
    func pseudonyms() {
        let written = Self.write(
            allow: ["id"], pseudonymize: ["subject.id", "profile.email"],
            fields: ["id": "\"ins_1\"", "subject.id": "\"C-1001\"", "profile.email": "\"ann@example.com\""])
        #expect(written == #"{"id":"ins_1","profile":{"email":""# + Self.token("ann@example.com") + #""},"subject":{"id":""# + Self.token("C-1001") + #""}}"#)
        let filter = LensFilter(audience: "compliance", lens: Lens(allow: [], pseudonymize: []), key: Self.key)
        #expect(filter.token(for: "C-1001") == filter.token(for: "C-1001"))
        #expect(filter.token(for: "C-1001") != LensFilter(audience: "product", lens: Lens(allow: [], pseudonymize: []), key: Self.key).token(for: "C-1001"))
        // A pseudonymized field the insight lacks is left out, like any other.
        #expect(Self.write(allow: ["id"], pseudonymize: ["subject.id"], fields: ["id": "\"x\""]) == #"{"id":"x"}"#)
    }

    @Test("a pseudonym hashes a string's own text, unescaped, and any other value's JSON text")
    func pseudonymText() {
        // The JSON a field writes for `a"b\é` (escaped quote and backslash): the token is of the text itself.
        #expect(Self.write(allow: [], pseudonymize: ["subject.id"], fields: ["subject.id": #""a\"b\\\u00e9""#])
            == #"{"subject":{"id":""# + Self.token("a\"b\\é") + #""}}"#)
        #expect(Self.write(allow: [], pseudonymize: ["score"], fields: ["score": "12.5"]) == #"{"score":""# + Self.token("12.5") + #""}"#)
        #expect(LensFilter.plainText(ofJSON: Array(#"["a","b"]"#.utf8)) == #"["a","b"]"#)
        #expect(LensFilter.plainText(ofJSON: Array(#""C-1001""#.utf8)) == "C-1001")
    }

    @Test("a timestamp appended as bytes reads as its description, whatever the buffer held")
    func timestampBytes() throws {
        for (seconds, nanoseconds) in [(Int64(1_790_000_000), Int64(0)), (1_790_000_000, 500_000_000), (0, 100), (-86_400, 120_000_000)] {
            let time = try #require(TimestampValue(seconds: seconds, nanoseconds: nanoseconds))
            var bytes = Array("00".utf8)
            time.write(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "00" + time.description)
        }
    }
}
