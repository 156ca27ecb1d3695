import Testing
@testable import XIExpression

@Suite struct CheckerTests {
    static let declarations = Declarations([
        ("score", .int), ("ratio", .double), ("name", .string), ("tags", .list(.string)),
        ("profile", .map(.string, .dyn)), ("profile.tier", .string), ("attributes", .map(.string, .int)),
        ("anything", .dyn),
    ])

    func type(_ source: String) throws -> ValueType {
        let compiler = ExpressionCompiler(declarations: Self.declarations)
        return try compiler.check(try compiler.parse(source), source: source)
    }

    func checkError(_ source: String) -> ExpressionError? { compileError(source, Self.declarations) }

    @Test func undeclaredNamesSuggestTheNearestDeclaredName() throws {
        let error = try #require(checkError("score > scroe"))
        #expect(error.message == "undeclared reference to 'scroe' (did you mean 'score'?)")
        #expect(error.description == "1:9: undeclared reference to 'scroe' (did you mean 'score'?)\n | score > scroe\n | ........^")
        #expect(self.checkError("profile.teir == 'gold'") == nil)  // a select on the map 'profile'
        let dotted = try #require(self.checkError("profil.tier == 'gold'"))
        #expect(dotted.message.contains("did you mean 'profile.tier'?"))
        let function = try #require(self.checkError("sise(name) > 1"))
        #expect(function.message.contains("did you mean 'size'?"))
    }

    @Test func noImplicitNumericConversion() throws {
        #expect(checkError("1 + 1.0") != nil)
        #expect(checkError("score + ratio") != nil)
        #expect(checkError("score == 1u") != nil)
        #expect(try type("score < ratio") == .bool)
        #expect(try type("score + 1") == .int)
        #expect(try type("anything + 1") == .int)
    }

    @Test func typesOfExpressions() throws {
        #expect(try type("profile.tier") == .string)
        #expect(try type("profile.region") == .dyn)
        #expect(try type("attributes.visits") == .int)
        #expect(try type("has(profile.tier)") == .bool)
        #expect(try type("tags.map(t, size(t))") == .list(.int))
        #expect(try type("tags.filter(t, t.startsWith('a'))") == .list(.string))
        #expect(try type("[1, 'a']") == .list(.dyn))
        #expect(try type("{'a': 1}") == .map(.string, .int))
        #expect(try type("duration('1h') + timestamp('2026-01-01T00:00:00Z')") == .timestamp)
        #expect(try type("timestamp('2026-01-02T00:00:00Z') - timestamp('2026-01-01T00:00:00Z')") == .duration)
        #expect(try type("name in tags") == .bool)
    }

    @Test func typeErrorsPointAtTheOperator() throws {
        let error = try #require(checkError("name + score"))
        #expect(error.location?.column == 6)
        #expect(error.message.contains("no matching overload for '_+_' applied to '(string, int)'"))
        #expect(self.checkError("score && true") != nil)
        #expect(self.checkError("score ? 1 : 2") != nil)
        #expect(self.checkError("name.size() > 1u") == nil)
        #expect(self.checkError("score.startsWith('a')") != nil)
        #expect(self.checkError("score.field") != nil)
    }
}
