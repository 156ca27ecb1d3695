import Crypto
import Foundation
import Testing
import XIExpression
import XIPluginAPI
@testable import XIRuntime

/// Open insights keep their ids packed in two integers: the text must come back unchanged, and
/// the order of packed ids must be the order of their texts.
@Suite("insight identifiers")
struct InsightIdentifierTests {
    @Test("ids the engine makes pack into integers and read back as the same text")
    func engineIDs() {
        var generator = SystemRandomNumberGenerator()
        for index in 0..<2_000 {
            let seconds = Int64.random(in: -62_135_596_800...253_402_300_799, using: &generator)
            let id = RunEngine.insightID(
                goal: "goal_\(index % 7)", subject: Subject(kind: "customer", id: "C-\(index)"), event: "E-\(index)",
                time: TimestampValue(seconds: seconds)!)
            let identifier = InsightIdentifier(id)
            guard case .packed = identifier else {
                Issue.record("\(id) was not packed")
                continue
            }
            #expect(identifier.text == id)
        }
    }

    @Test("an id is ins_, the second it opened in 10 hex digits, and 12 of the SHA-256 of its goal, subject, first event and second")
    func stableIDs() {
        var generator = SystemRandomNumberGenerator()
        for index in 0..<500 {
            let seconds = Int64.random(in: -62_135_596_800...253_402_300_799, using: &generator)
            // Ids of insights stored by earlier runs must come out the same: made here as xi first made them.
            let subject = Subject(kind: index % 3 == 0 ? "agent" : "customer", id: "C-\(index)-é\(index % 5)")
            let goal = "goal_\(index % 7)", event = "E-\(index)\u{0}x"
            let digest = SHA256.hash(data: Data("\(goal)\u{0}\(subject)\u{0}\(event)\u{0}\(seconds)".utf8))
            let opened = UInt64(bitPattern: seconds - TimestampValue.minimumSeconds)
            let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
            let expected = "ins_" + hex((0..<5).reversed().map { UInt8(truncatingIfNeeded: opened >> (8 * UInt64($0))) }) + hex(Array(digest.prefix(6)))
            #expect(RunEngine.insightID(goal: goal, subject: subject, event: event, time: TimestampValue(seconds: seconds)!) == expected)
        }
    }

    @Test("other ids are kept as text", arguments: [
        "", "ins_", "ins_0123456789abcdef01234", "ins_0123456789abcdef0123456", "ins_0123456789ABCDEF012345",
        "ins_0123456789abcdeg012345", "abc_0123456789abcdef012345", "ins_0123456789abcdéf01234", "9f1c2d3e-0000-4000-8000-000000000000",
    ])
    func otherIDs(text: String) {
        let identifier = InsightIdentifier(text)
        #expect(identifier == .text(text))
        #expect(identifier.text == text)
    }

    @Test("identifiers sort as their texts do, packed or not")
    func order() {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef")
        var texts: [String] = []
        for _ in 0..<300 {
            // Shared prefixes make neighbours that differ in late digits.
            let digits = String((0..<22).map { position in position < 6 ? "0" : hex.randomElement(using: &generator)! })
            texts.append("ins_" + digits)
        }
        texts += ["ins_zz", "ins_", "a", "ins_00000000000000000000000"]
        let identifiers = texts.map(InsightIdentifier.init)
        for _ in 0..<3_000 {
            let (left, right) = (Int.random(in: 0..<texts.count, using: &generator), Int.random(in: 0..<texts.count, using: &generator))
            #expect((identifiers[left] < identifiers[right]) == (texts[left] < texts[right]), "\(texts[left]) vs \(texts[right])")
        }
    }
}
