import XIPluginAPI
import Testing
import XIBuiltInPlugins
import XIGoals

@Suite("Bad input is reported where it is")
struct BadInputTests {
    @Test("malformed YAML")
    func malformedYAML() {
        let result = Fixture.withGoal("goal: retention\nname: [unclosed\nowner: x\n").load()
        #expect(result.errors.count == 1)
        let error = result.errors[0]
        #expect(error.file == "Goals/retention.yaml")
        #expect(error.line == 3)
        #expect(error.message.hasPrefix("invalid YAML:"))
    }

    @Test("a key given twice in one mapping")
    func duplicateKey() {
        let result = Fixture.withGoal(Fixture.goal + "\nthreshold: 7\n").load()
        expectSingleError(result, "Goals/retention.yaml", 8, 1, "duplicate key 'threshold'")
    }

    @Test("an unknown key, with the nearest valid key")
    func unknownKey() {
        let text = Fixture.goal.replacingOccurrences(of: "threshold: 6", with: "treshold: 6")
        let result = Fixture.withGoal(text).load()
        let errors = result.errors
        #expect(errors.count == 2)
        expectDiagnostic(errors[0], "Goals/retention.yaml", 1, 1, "missing required key 'threshold' in a goal")
        expectDiagnostic(errors[1], "Goals/retention.yaml", 8, 1, "unknown key 'treshold' in a goal", hint: "did you mean 'threshold'?")
        #expect(errors[1].description == "Goals/retention.yaml:8:1: error: unknown key 'treshold' in a goal (did you mean 'threshold'?)")
    }

    @Test("an unknown signal, with the nearest catalogue name")
    func unknownSignal() {
        let text = Fixture.goal.replacingOccurrences(of: "signal: detractor", with: "signal: detracter")
        let result = Fixture.withGoal(text).load()
        expectSingleError(result, "Goals/retention.yaml", 6, 15, "unknown signal 'detracter'", hint: "did you mean 'detractor'?")
        #expect(result.errors[0].description == "Goals/retention.yaml:6:15: error: unknown signal 'detracter' (did you mean 'detractor'?)")
    }

    @Test("wrong types", arguments: [
        ("threshold: 6", "threshold: high", 8, 12, "expected threshold as a number, found the string 'high'"),
        ("threshold: 6", "threshold: [6]", 8, 12, "expected threshold as a number, found a list"),
        ("objective: retention", "objective: retension", 4, 12, "unknown objective 'retension'"),
        ("name: Keep customers", "name: { text: x }", 2, 7, "expected goal name as a string, found a mapping"),
        ("signals:\n  - { signal: detractor, weight: 3 }\n  - { signal: negative_sentiment, when: \"strength >= 0.6\" }",
         "signals: detractor", 5, 10, "expected signals as a list, found the string 'detractor'"),
    ])
    func wrongTypes(_ original: String, _ replacement: String, _ line: Int, _ column: Int, _ message: String) {
        let result = Fixture.withGoal(Fixture.goal.replacingOccurrences(of: original, with: replacement)).load()
        #expect(result.errors.count >= 1)
        guard let error = result.errors.first else { return }
        expectDiagnostic(error, "Goals/retention.yaml", line, column, message)
    }

    @Test("weights and thresholds must be positive numbers", arguments: [
        ("threshold: 6", "threshold: 0", 8, 12, "threshold must be a positive number, found 0"),
        ("threshold: 6", "threshold: -2.5", 8, 12, "threshold must be a positive number, found -2.5"),
        ("weight: 3", "weight: -1", 6, 34, "weight must be a positive number, found -1"),
        ("weight: 3", "weight: heavy", 6, 34, "expected weight as a number, found the string 'heavy'"),
    ])
    func positiveNumbers(_ original: String, _ replacement: String, _ line: Int, _ column: Int, _ message: String) {
        let result = Fixture.withGoal(Fixture.goal.replacingOccurrences(of: original, with: replacement)).load()
        expectSingleError(result, "Goals/retention.yaml", line, column, message)
    }

    @Test("an empty file")
    func emptyFile() {
        var fixture = Fixture.withGoal("")
        fixture.audiences = []
        let result = fixture.load()
        expectSingleError(result, "Goals/retention.yaml", 1, 1, "the file is empty; expected a goal")
        fixture.goals = [("Goals/retention.yaml", "# nothing yet\n")]
        let commentsOnly = fixture.load()
        #expect(commentsOnly.errors.first?.message == "the file is empty; expected a goal")
    }

    @Test("invalid UTF-8 names the byte offset and its line")
    func invalidUTF8() {
        var bytes = Array("goal: retention\nname: Ke".utf8)
        bytes.append(0xFF)
        bytes += Array("ep\n".utf8)
        let result = ConfigurationLoader(registry: BuiltInPlugins.registry).load(
            runtime: nil, signals: nil, goals: [ConfigurationFile(path: "Goals/bad.yaml", contents: bytes)], audiences: [])
        expectSingleError(result, "Goals/bad.yaml", 2, 9, "invalid UTF-8 at byte offset 24 (byte 0xFF)")
    }

    @Test("duplicate goal ids across files")
    func duplicateGoalIDs() {
        var fixture = Fixture()
        fixture.goals.append(("Goals/retention-copy.yaml", Fixture.goal))
        let result = fixture.load()
        expectSingleError(
            result, "Goals/retention-copy.yaml", 1, 7, "duplicate goal id 'retention', already defined at Goals/retention.yaml:1:7")
    }

    @Test("unknown references: goals, audiences, plugins and event kinds")
    func unknownReferences() {
        let audience = """
            audience: retention-team
            subscriptions:
              - goal: retension
                action: { kind: webhok, url: "https://x.example" }
            escalation: { after: 24h, to: retention-leeds }
            """
        var fixture = Fixture.withAudience(audience)
        fixture.audiences.append(("Audiences/retention-leads.yaml", "audience: retention-leads\nsubscriptions: []\n"))
        fixture.signals += "\n  angry:\n    detector: sentimant\n  complained:\n    on: complain\n    when: \"true\"\n"
        let result = fixture.load()
        let errors = result.errors
        #expect(errors.count == 5, "\(errors.map(\.description))")
        guard errors.count == 5 else { return }
        expectDiagnostic(errors[0], "Goals/signals.yaml", 9, 15, "unknown detector kind 'sentimant'", hint: "did you mean 'sentiment'?")
        expectDiagnostic(errors[1], "Goals/signals.yaml", 11, 9, "unknown event kind 'complain'", hint: "known kinds: survey, profile")
        expectDiagnostic(errors[2], "Audiences/retention-team.yaml", 3, 11, "unknown goal 'retension'", hint: "did you mean 'retention'?")
        expectDiagnostic(errors[3], "Audiences/retention-team.yaml", 4, 21, "unknown action kind 'webhok'", hint: "did you mean 'webhook'?")
        expectDiagnostic(errors[4], "Audiences/retention-team.yaml", 5, 31, "unknown audience 'retention-leeds'", hint: "did you mean 'retention-leads'?")
    }

    @Test("a secret written as a literal")
    func literalSecret() {
        let text = Fixture.audience.replacingOccurrences(of: "\"${HOOK_SECRET}\"", with: "hunter2")
        let result = Fixture.withAudience(text).load()
        expectSingleError(result, "Audiences/retention-team.yaml", 5, 71, "option 'secret' of action 'webhook' is a secret and must not be written in the file")
    }

    @Test("an unknown plugin option, and a missing required one")
    func pluginOptions() {
        let text = Fixture.audience.replacingOccurrences(of: "url: \"https://crm.example/hook\"", with: "uri: \"https://crm.example/hook\"")
        let result = Fixture.withAudience(text).load()
        #expect(result.errors.count == 2)
        guard result.errors.count == 2 else { return }
        expectDiagnostic(result.errors[0], "Audiences/retention-team.yaml", 5, 13, "missing required option 'url' for action 'webhook'")
        expectDiagnostic(result.errors[1], "Audiences/retention-team.yaml", 5, 30, "unknown option 'uri' for action 'webhook'", hint: "did you mean 'url'?")
    }

    @Test("a registered plugin kind is accepted")
    func extensibleRegistry() {
        let text = Fixture.audience.replacingOccurrences(
            of: "{ kind: webhook, url: \"https://crm.example/hook\", secret: \"${HOOK_SECRET}\" }",
            with: "{ kind: pagerduty, routing_key: \"${PD_KEY}\" }")
        let unknown = Fixture.withAudience(text).load()
        #expect(unknown.errors.first?.message == "unknown action kind 'pagerduty'")
        var registry = BuiltInPlugins.registry
        registry.register(PluginDescriptor(category: .action, kind: "pagerduty", options: [PluginOption("routing_key", .string, required: true, secret: true)]))
        #expect(Fixture.withAudience(text).load(registry: registry).diagnostics.isEmpty)
    }
}
