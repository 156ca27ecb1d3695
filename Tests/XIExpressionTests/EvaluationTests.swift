import Testing
@testable import XIExpression

@Suite struct EvaluationTests {
    @Test func compileOnceEvaluateMany() throws {
        var declarations = Declarations()
        let nps = declarations.declare("nps", .int)
        let segment = declarations.declare("segment", .string)
        let program = try ExpressionCompiler(declarations: declarations).compile(#"nps <= 6 && segment in ["gold", "platinum", "silver"]"#)
        #expect(program.resultType == .bool)
        var variables = [Value?](repeating: nil, count: declarations.count)
        for score in 0...10 {
            variables[nps] = .int(Int64(score))
            variables[segment] = .string(score % 2 == 0 ? "gold" : "bronze")
            let result = try program.evaluate(variables)
            #expect(result.isIdentical(to: .bool(score <= 6 && score % 2 == 0)))
        }
    }

    @Test func absentVariablesAreErrorsThatLogicCanAbsorb() throws {
        let declarations = Declarations([("a", .int), ("b", .bool)])
        let program = try ExpressionCompiler(declarations: declarations).compile("a > 1 || b")
        #expect(try program.evaluate([nil, .bool(true)]).isIdentical(to: .bool(true)))
        #expect(throws: EvaluationError.self) { try program.evaluate([nil, .bool(false)]) }
        do {
            _ = try program.evaluate([nil, .bool(false)])
        } catch {
            #expect(error.message == "no such attribute 'a'")
        }
        let presence = try ExpressionCompiler(declarations: Declarations([("profile.tier", .string)])).compile("has(profile.tier)")
        #expect(try presence.evaluate([nil]).isIdentical(to: .bool(false)))
        #expect(try presence.evaluate([.string("gold")]).isIdentical(to: .bool(true)))
    }

    @Test func arithmeticErrors() throws {
        #expect(try evaluationError("9223372036854775807 + 1")?.message == "integer overflow")
        #expect(try evaluationError("1 / 0")?.message == "division by zero")
        #expect(try evaluationError("1 % 0")?.message == "modulus by zero")
        #expect(try evaluationError("{'a': 1}['b']") != nil)
        #expect(try evaluate("1.0 / 0.0").isIdentical(to: .double(.infinity)))
        #expect(try evaluationError("int(1e19)") != nil)
        #expect(try evaluationError("string(b'\\xff')") != nil)
        #expect(try evaluate("bool('TRUE')").isIdentical(to: .bool(true)))
    }

    @Test func stringFunctions() throws {
        #expect(try evaluate("'hello'.contains('ell') && 'hello'.startsWith('he') && 'hello'.endsWith('lo')").isIdentical(to: .bool(true)))
        #expect(try evaluate("'ab12'.matches('^[a-z]+[0-9]+$')").isIdentical(to: .bool(true)))
        #expect(try evaluate("s.matches(p)", ["s": .string("abc"), "p": .string("b")]).isIdentical(to: .bool(true)))
        #expect(compileError("'a'.matches('(')") != nil)
        #expect(try evaluate("size('héllo')").isIdentical(to: .int(5)))
    }

    @Test func durationsAndTimestamps() throws {
        #expect(try evaluate("duration('30d') == duration('720h')").isIdentical(to: .bool(true)))
        #expect(try evaluate("duration('1h30m')").isIdentical(to: .duration(DurationValue(seconds: 5400)!)))
        #expect(try evaluate("string(duration('1.5s'))").isIdentical(to: .string("1.5s")))
        #expect(try evaluate("timestamp('2026-01-02T10:00:00Z') - timestamp('2026-01-01T09:30:00Z')").isIdentical(to: .duration(DurationValue(seconds: 88_200)!)))
        #expect(try evaluate("timestamp('2026-01-01T10:00:00Z') + duration('1d')").isIdentical(to: .timestamp(TimestampValue(parsing: "2026-01-02T10:00:00Z")!)))
        #expect(try evaluate("timestamp('2026-01-01T10:00:00+01:00') == timestamp('2026-01-01T09:00:00Z')").isIdentical(to: .bool(true)))
        #expect(try evaluate("string(timestamp('2026-03-01T00:00:00.250Z') - duration('1d'))").isIdentical(to: .string("2026-02-28T00:00:00.25Z")))
        #expect(try evaluate("t - event < duration('7d')", ["t": .timestamp(TimestampValue(parsing: "2026-01-05T00:00:00Z")!), "event": .timestamp(TimestampValue(parsing: "2026-01-01T00:00:00Z")!)]).isIdentical(to: .bool(true)))
        #expect(try evaluate("timestamp('2026-07-04T15:30:00Z').getHours()").isIdentical(to: .int(15)))
        #expect(try evaluate("timestamp('2026-07-04T15:30:00Z').getDayOfWeek()").isIdentical(to: .int(6)))
        #expect(try evaluate("timestamp('2026-07-04T15:30:00Z').getMonth('+02:00')").isIdentical(to: .int(6)))
        #expect(try evaluate("duration('90m').getHours()").isIdentical(to: .int(1)))
        let badDuration = try #require(compileError("duration('10 days') > duration('1d')"))
        #expect(badDuration.location?.column == 10)
        #expect(badDuration.message.contains("invalid duration '10 days'"))
        #expect(compileError("timestamp('2026-13-01T00:00:00Z')") != nil)
        #expect(try evaluationError("duration(text)", ["text": .string("soon")]) != nil)
        #expect(try evaluationError("timestamp('9999-12-31T23:59:59Z') + duration('1s')") != nil)
        #expect(try evaluate("-duration('5s') < duration('0')").isIdentical(to: .bool(true)))
        #expect(DurationValue(parsing: "3660000d") == nil)  // beyond ±10,000 years
        #expect(TimestampValue(parsing: "0001-01-01T00:00:00Z")?.seconds == TimestampValue.minimumSeconds)
    }

    @Test func valueHelpers() throws {
        #expect(Value.int(1).celEquals(.double(1.0)))
        #expect(Value.uint(1).celEquals(.int(1)))
        #expect(!Value.string("1").celEquals(.int(1)))
        #expect(!Value.double(.nan).celEquals(.double(.nan)))
        #expect(Value.string("foo").celCompare(.int(1)) == nil)
        #expect(Value.int(-1).celCompare(.uint(0)) == -1)
        let list = Value.list([.int(1), .uint(2), .string("a'b"), .bytes([0, 65]), .double(1.5), .null])
        #expect(list.celLiteral == #"[1, 2u, 'a\'b', b'\x00A', 1.5, null]"#)
        #expect(try evaluate(list.celLiteral).isIdentical(to: list))
        let roundTrip = try Value(typedJSON: list.typedJSON)
        #expect(roundTrip.isIdentical(to: list))
        #expect(ValueType(parsing: "map(string, list(int))") == .map(.string, .list(.int)))
    }

    @Test func programsAreSharedAcrossThreads() async throws {
        let program = try ExpressionCompiler(declarations: Declarations([("x", .int)])).compile("[1, 2, 3].exists(i, i == x)")
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask { try program.evaluate([.int(Int64(index))]).isIdentical(to: .bool((1...3).contains(index))) }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}

@Suite struct TypeValueTests {
    @Test func typeOfValues() throws {
        #expect(try evaluate("type(1) == int && type('a') == string && type([1]) == list && type({}) == map").isIdentical(to: .bool(true)))
        #expect(try evaluate("type(1u) == int").isIdentical(to: .bool(false)))
    }
}

@Suite struct ConcurrencyTests {
    @Test func regularExpressionsAreSharedAcrossThreads() async throws {
        let program = try ExpressionCompiler(declarations: Declarations([("text", .string)])).compile("text.matches('refund|cancel')")
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let text = index % 2 == 0 ? "please cancel my plan" : "all good"
                    for _ in 0..<200 {
                        guard try program.evaluate([.string(text)]).isIdentical(to: .bool(index % 2 == 0)) else { return false }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
