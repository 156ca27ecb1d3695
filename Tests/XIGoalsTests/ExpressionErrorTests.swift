import Testing
import XIGoals

@Suite("Expression errors point into the YAML file")
struct ExpressionErrorTests {
    @Test("an undeclared name in a double-quoted priority rule")
    func undeclaredInPriority() {
        let text = Fixture.goal.replacingOccurrences(of: "score >= 12 ||", with: "scroe >= 12 ||")
        let result = Fixture.withGoal(text).load()
        expectSingleError(result, "Goals/retention.yaml", 10, 14, "in priority 'critical': undeclared reference to 'scroe'")
        let excerpt = result.errors.first?.excerpt ?? ""
        #expect(excerpt.contains("scroe >= 12"))
        #expect(excerpt.contains("^"))
    }

    @Test("positions account for quotes, escapes and block scalars", arguments: [
        // A plain scalar: the column is the scalar's plus the offset.
        ("critical: score >= 12 && scroe > 1", 10, 28),
        // Double-quoted with an escape before the error: \" is two characters in the file, one in the expression.
        (#"critical: "profile.tier == \"x\" && scroe > 1""#, 10, 39),
        // Single-quoted with '' (one quote in the expression).
        ("critical: 'profile.tier == ''x'' && scroe > 1'", 10, 39),
        // A literal block: the second line of the expression.
        ("critical: |\n    score >= 12 &&\n      scroe > 1", 12, 7),
        // A folded plain scalar over two lines.
        ("critical: score >= 12 &&\n    scroe > 1", 11, 5),
    ])
    func mappedPositions(_ rule: String, _ line: Int, _ column: Int) {
        let text = Fixture.goal.replacingOccurrences(of: "critical: \"score >= 12 || profile.tier == 'platinum'\"", with: rule)
        let result = Fixture.withGoal(text).load()
        expectSingleError(result, "Goals/retention.yaml", line, column, "undeclared reference to 'scroe'")
    }

    @Test("a syntax error in a signal condition")
    func syntaxError() {
        var fixture = Fixture()
        fixture.signals = fixture.signals.replacingOccurrences(of: "\"nps <= 6\"", with: "\"nps <= \"")
        let result = fixture.load()
        expectSingleError(result, "Goals/signals.yaml", 4, 19, "in 'when' of signal 'detractor'")
    }

    @Test("a condition must be a bool; a strength a number")
    func resultTypes() {
        var fixture = Fixture()
        fixture.signals = fixture.signals.replacingOccurrences(
            of: "when: \"nps <= 6\"", with: "when: \"nps\"\n    strength: \"'high'\"")
        let result = fixture.load()
        #expect(result.errors.count == 2)
        guard result.errors.count == 2 else { return }
        expectDiagnostic(result.errors[0], "Goals/signals.yaml", 4, 12, "'when' of signal 'detractor' must be a bool, but this expression is of type int")
        expectDiagnostic(result.errors[1], "Goals/signals.yaml", 5, 16, "'strength' of signal 'detractor' must be a number, but this expression is of type string")
    }

    @Test("each condition sees its own scope")
    func scopes() {
        // A selector sees the signal, not the event's fields; a subscription sees the insight.
        let goal = Fixture.goal.replacingOccurrences(of: "\"strength >= 0.6\"", with: "\"nps <= 3\"")
        let result = Fixture.withGoal(goal).load()
        expectSingleError(result, "Goals/retention.yaml", 7, 42, "undeclared reference to 'nps'")
        let audience = Fixture.audience.replacingOccurrences(of: "priority in ['high', 'critical']", with: "strength > 0.5")
        let audienceResult = Fixture.withAudience(audience).load()
        expectSingleError(audienceResult, "Audiences/retention-team.yaml", 4, 12, "undeclared reference to 'strength'")
        // Profile fields come from sources of `profile` events.
        let unknownProfile = Fixture.goal.replacingOccurrences(of: "profile.tier", with: "profile.tear")
        #expect(Fixture.withGoal(unknownProfile).load().errors.first?.message.contains("profile.tear") == true)
    }

    @Test("an expression nested 10,000 parentheses deep is reported, not a crash")
    func deepNesting() {
        let deep = String(repeating: "(", count: 10_000) + "score" + String(repeating: ")", count: 10_000) + " > 1"
        let text = Fixture.goal.replacingOccurrences(of: "\"score >= 12 || profile.tier == 'platinum'\"", with: "\"\(deep)\"")
        let result = Fixture.withGoal(text).load()
        #expect(result.errors.count == 1)
        let error = result.errors.first
        #expect(error?.file == "Goals/retention.yaml")
        #expect(error?.line == 10)
        #expect((error?.column ?? 0) >= 13)
        #expect(error?.message.contains("nested too deeply") == true, "\(String(describing: error?.message.prefix(200)))")
    }

    @Test("a 1 MB string literal in an expression")
    func megabyteLiteral() {
        let literal = String(repeating: "a", count: 1 << 20)
        var fixture = Fixture()
        fixture.signals = fixture.signals.replacingOccurrences(
            of: "\"nps <= 6\"", with: "\"nps <= 6 && channel != '\(literal)'\"")
        #expect(fixture.load().diagnostics.isEmpty)
        // An error after the literal is still located, 1 MB to the right.
        fixture.signals = fixture.signals.replacingOccurrences(of: "\(literal)'\"", with: "\(literal)' && chanel == ''\"")
        let result = fixture.load()
        expectSingleError(result, "Goals/signals.yaml", 4, 12 + 24 + (1 << 20) + 5, "undeclared reference to 'chanel'")
        #expect((result.errors.first?.description.count ?? 0) < 2_000, "the excerpt is trimmed")
    }
}
