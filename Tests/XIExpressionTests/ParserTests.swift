import Foundation
import Testing
@testable import XIExpression

@Suite struct ParserTests {
    @Test func syntaxErrorsGiveLineColumnAndCaret() throws {
        let error = try #require(compileError("1 +\n  (2 * ]"))
        #expect(error.location?.line == 2)
        #expect(error.location?.column == 8)
        #expect(error.description == "2:8: unexpected ']'\n |   (2 * ]\n | .......^")
    }

    @Test func singleEqualsSuggestsDoubleEquals() throws {
        let error = try #require(compileError("a = 1"))
        #expect(error.message.contains("=="))
        #expect(error.location?.column == 3)
    }

    @Test func columnsCountUnicodeScalars() throws {
        let error = try #require(compileError("'héllo' + )"))
        #expect(error.location?.column == 11)
    }

    @Test func reservedWordsAreRejectedAsIdentifiers() throws {
        let error = try #require(compileError("if + 1"))
        #expect(error.message.contains("reserved"))
        #expect(try evaluate("{'if': 1}.if").isIdentical(to: .int(1)))
    }

    @Test(arguments: ["(", "-", "!"])
    func tenThousandPrefixesAreRejectedCleanly(prefix: String) throws {
        let source = String(repeating: prefix, count: 10_000) + "1" + (prefix == "(" ? String(repeating: ")", count: 10_000) : "")
        let error = try #require(compileError(source))
        #expect(error.message == "expression nested too deeply (limit \(ExpressionParser.maximumDepth))")
    }

    @Test func longOperatorChainsAreRejectedCleanly() throws {
        var declarations = Declarations()
        declarations.declare("a", .int)
        let source = Array(repeating: "a", count: 10_000).joined(separator: " + ")
        let error = try #require(compileError(source, declarations))
        #expect(error.message.hasPrefix("expression nested too deeply"))
    }

    @Test func deepListsAndCallsAreRejectedCleanly() throws {
        #expect(compileError(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)) != nil)
        #expect(compileError(String(repeating: "size(", count: 10_000) + "''" + String(repeating: ")", count: 10_000)) != nil)
        #expect(compileError(String(repeating: "{1: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)) != nil)
    }

    @Test func logicalChainsAreBalancedSoLongChainsWork() throws {
        let source = Array(repeating: "true", count: 10_000).joined(separator: " && ")
        #expect(try evaluate(source).isIdentical(to: .bool(true)))
    }

    @Test func nestingWithinTheLimitWorks() throws {
        let depth = 90
        let source = String(repeating: "(", count: depth) + "7" + String(repeating: ")", count: depth)
        #expect(try evaluate(source).isIdentical(to: .int(7)))
        let negations = String(repeating: "-", count: 90) + "(5)"
        #expect(try evaluate(negations).isIdentical(to: .int(5)))
    }

    @Test func oneMegabyteStringLiteralParses() throws {
        let body = String(repeating: "abcdefghij", count: 100_000)
        let start = Date()
        let result = try evaluate("size('\(body)')")
        #expect(result.isIdentical(to: .int(1_000_000)))
        #expect(Date().timeIntervalSince(start) < 30)  // generous: a guard against quadratic behaviour only
    }

    @Test func literals() throws {
        #expect(try evaluate("0x1F").isIdentical(to: .int(31)))
        #expect(try evaluate("0x1Fu").isIdentical(to: .uint(31)))
        #expect(try evaluate("-9223372036854775808").isIdentical(to: .int(.min)))
        #expect(try evaluate("1e3").isIdentical(to: .double(1000)))
        #expect(try evaluate("'\\x41\\u00e9\\U0001F600\\101'").isIdentical(to: .string("Aé😀A")))
        #expect(try evaluate("r'\\n'").isIdentical(to: .string("\\n")))
        #expect(try evaluate("'''a\nb'''").isIdentical(to: .string("a\nb")))
        #expect(try evaluate("b'\\xff\\000'").isIdentical(to: .bytes([255, 0])))
        #expect(compileError("9223372036854775808") != nil)
        #expect(compileError("18446744073709551616u") != nil)
        #expect(compileError("'unterminated") != nil)
        #expect(compileError("'\\q'") != nil)
    }

    @Test func macrosExpandToComprehensions() throws {
        let expression = try ExpressionParser().parse("[1, 2].all(x, x > 0)")
        guard case .comprehension(let comprehension) = expression.kind else {
            Issue.record("expected a comprehension")
            return
        }
        #expect(comprehension.macro == .all)
        #expect(comprehension.iterationVariable == "x")
        let has = try ExpressionParser().parse("has(a.b)")
        guard case .select(_, "b", true) = has.kind else {
            Issue.record("expected a test-only select")
            return
        }
        #expect(compileError("has(a)") != nil)
        #expect(compileError("[1].all(1, true)") != nil)
    }

    @Test func operatorsUseCanonicalNames() throws {
        let expression = try ExpressionParser().parse("a in b")
        guard case .call(Operator.in, nil, let arguments) = expression.kind else {
            Issue.record("expected @in")
            return
        }
        #expect(arguments.count == 2)
    }
}

@Suite struct ErrorExcerptTests {
    @Test func longLinesAreShownAroundTheColumn() throws {
        let source = "'" + String(repeating: "a", count: 1000) + "' + ] + 'tail'"
        let error = try #require(compileError(source))
        #expect(error.location?.column == 1006)
        let lines = error.description.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].count < 200)
        // The caret sits under the ']'.
        let excerpt = Array(lines[1].dropFirst(3))
        let caret = lines[2].dropFirst(3).count - 1
        #expect(excerpt[caret] == "]")
    }
}

@Suite struct DepthLimitTests {
    /// Expressions just inside the limit, in every shape that nests.
    static let sources: [String] = {
        let depth = ExpressionParser.maximumDepth - 2
        return [
            String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth),
            String(repeating: "-(", count: depth / 2) + "1" + String(repeating: ")", count: depth / 2),
            String(repeating: "!", count: depth) + "true",
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
            Array(repeating: "1", count: depth).joined(separator: " + "),
            String(repeating: "false ? 1 : ", count: depth) + "2",
            String(repeating: "[1].map(x, ", count: depth / 6) + "x" + String(repeating: ")", count: depth / 6),
        ]
    }()

    @Test func expressionsAtTheLimitCompileAndEvaluate() throws {
        for source in Self.sources {
            let program = try ExpressionCompiler(declarations: Declarations()).compile(source)
            _ = try program.evaluate([])
        }
    }

    /// Parsing, checking, compiling and evaluating at the limit fit in a small thread stack: 512 KiB in
    /// release builds (the size of a secondary thread on Apple platforms), 2 MiB in unoptimized builds.
    @Test func expressionsAtTheLimitFitASmallStack() async throws {
        let finished = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let thread = Thread {
                var ok = true
                for source in Self.sources {
                    do {
                        let program = try ExpressionCompiler(declarations: Declarations()).compile(source)
                        _ = try program.evaluate([])
                    } catch {
                        ok = false
                    }
                }
                continuation.resume(returning: ok)
            }
            #if DEBUG
            thread.stackSize = 2048 * 1024
            #else
            thread.stackSize = 512 * 1024
            #endif
            thread.start()
        }
        #expect(finished)
    }
}
