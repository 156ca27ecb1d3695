import Foundation
import Testing

/// `xi expr`, run as a goal author would.
@Suite("xi expr")
struct ExpressionCommandTests {
    @Test("prints the value and its CEL type", arguments: [
        ("1 + 2", "3 (int)"),
        ("2u * 3u", "6u (uint)"),
        ("'cx' + \"ops\"", "'cxops' (string)"),
        ("size([1, 2, 3]) == 3", "true (bool)"),
        ("duration(\"30d\") > duration(\"720h\")", "false (bool)"),
    ])
    func text(expression: String, expected: String) throws {
        let result = try CommandRunner.run(["expr", expression])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }

    @Test("variables are declared with the type of their JSON value")
    func variables() throws {
        let result = try CommandRunner.run([
            "expr", "nps <= 6 && segment in ['gold', 'platinum'] && amount > 10.0",
            "--var", "nps=4", "--var", "segment=\"gold\"", "--var", "amount=12.5",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "true (bool)\n")
    }

    @Test("json output uses the conformance suite's typed encoding")
    func json() throws {
        let result = try CommandRunner.run(["expr", "[1, 2u, 'a']", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let list = object?["list"] as? [[String: Any]]
        #expect(list?.count == 3)
        #expect(list?[0]["int"] as? Int == 1)
        #expect(list?[1]["uint"] as? Int == 2)
        #expect(list?[2]["string"] as? String == "a")
    }

    @Test("a syntax error prints its position and a caret, and exits 1")
    func syntaxError() throws {
        let result = try CommandRunner.run(["expr", "nps <= 6 &&"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("1:"))
        #expect(result.standardError.contains("^"))
    }

    @Test("a type error names the undeclared variable and suggests the declared one")
    func undeclared() throws {
        let result = try CommandRunner.run(["expr", "scroe > 5", "--var", "score=7"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("scroe"))
        #expect(result.standardError.contains("score"))
    }

    @Test("an evaluation error (division by zero) exits 1 with the reason")
    func evaluationError() throws {
        let result = try CommandRunner.run(["expr", "1 / zero", "--var", "zero=0"])
        #expect(result.status == 1)
        #expect(result.standardError.lowercased().contains("division"))
    }

    @Test("10,000 nested parentheses give an error, not a crash")
    func deepNesting() throws {
        let expression = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let result = try CommandRunner.run(["expr", expression])
        #expect(result.status == 1)
        #expect(result.standardError.contains("deep"))
    }

    @Test("a 1 MB string literal works, read from standard input with '-'")
    func largeLiteral() throws {
        let text = String(repeating: "a", count: 1_000_000)
        let result = try CommandRunner.run(["expr", "-"], input: Data("size('\(text)')".utf8))
        #expect(result.status == 0, "\(result.standardError.prefix(300))")
        #expect(result.standardOutput == "1000000 (int)\n")
    }
}
