import XIPluginAPI
import Foundation
import Testing
import XIBuiltInPlugins
import XIGoals

/// A small in-memory configuration tree for tests: a runtime, a catalogue, goals and audiences,
/// each replaceable.
struct Fixture {
    var runtime = """
        sources:
          - name: surveys
            kind: csv
            path: surveys.csv
            event: survey
            subject: customer_id
            text: comment
            fields: { nps: int, channel: string }
          - name: accounts
            kind: csv
            path: accounts.csv
            event: profile
            subject: customer_id
            fields: { tier: string, vulnerable: bool }
        """
    var signals = """
        signals:
          detractor:
            on: survey
            when: "nps <= 6"
          negative_sentiment:
            detector: sentiment
            options: { threshold: 0.6 }
        """
    var goals: [(String, String)] = [("Goals/retention.yaml", Fixture.goal)]
    var audiences: [(String, String)] = [("Audiences/retention-team.yaml", Fixture.audience)]

    static let goal = """
        goal: retention
        name: Keep customers
        owner: cx@bank.example
        objective: retention
        signals:
          - { signal: detractor, weight: 3 }
          - { signal: negative_sentiment, when: "strength >= 0.6" }
        threshold: 6
        priority:
          critical: "score >= 12 || profile.tier == 'platinum'"
        """

    static let audience = """
        audience: retention-team
        subscriptions:
          - goal: retention
            when: "priority in ['high', 'critical']"
            action: { kind: webhook, url: "https://crm.example/hook", secret: "${HOOK_SECRET}" }
        """

    /// Loads the fixture with the built-in registry (or `registry`).
    func load(registry: PluginRegistry = BuiltInPlugins.registry) -> ConfigurationLoadResult {
        ConfigurationLoader(registry: registry).load(
            runtime: ConfigurationFile(path: "xi.yaml", text: runtime),
            signals: ConfigurationFile(path: "Goals/signals.yaml", text: signals),
            goals: goals.map { ConfigurationFile(path: $0.0, text: $0.1) },
            audiences: audiences.map { ConfigurationFile(path: $0.0, text: $0.1) })
    }

    /// The fixture with one goal file's text replaced.
    static func withGoal(_ text: String) -> Fixture {
        var fixture = Fixture()
        fixture.goals = [("Goals/retention.yaml", text)]
        return fixture
    }

    /// The fixture with one audience file's text replaced.
    static func withAudience(_ text: String) -> Fixture {
        var fixture = Fixture()
        fixture.audiences = [("Audiences/retention-team.yaml", text)]
        return fixture
    }
}

/// Expects exactly one error in `result`, at `file:line:column`, whose message contains `message`.
func expectSingleError(
    _ result: ConfigurationLoadResult, _ file: String, _ line: Int, _ column: Int, _ message: String, hint: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let errors = result.errors
    #expect(errors.count == 1, "expected one error, got:\n\(errors.map(\.description).joined(separator: "\n"))", sourceLocation: sourceLocation)
    guard let error = errors.first else { return }
    expectDiagnostic(error, file, line, column, message, hint: hint, sourceLocation: sourceLocation)
}

/// Expects `diagnostic` at `file:line:column` with a message containing `message`.
func expectDiagnostic(
    _ diagnostic: Diagnostic, _ file: String, _ line: Int, _ column: Int, _ message: String, hint: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(diagnostic.file == file, "\(diagnostic)", sourceLocation: sourceLocation)
    #expect(diagnostic.line == line, "\(diagnostic)", sourceLocation: sourceLocation)
    #expect(diagnostic.column == column, "\(diagnostic)", sourceLocation: sourceLocation)
    #expect(diagnostic.message.contains(message), "\(diagnostic)", sourceLocation: sourceLocation)
    if let hint {
        #expect(diagnostic.hint == hint, "\(diagnostic)", sourceLocation: sourceLocation)
    }
}

/// The repository root (this file is Tests/XIGoalsTests/Fixture.swift), resolving symlinks.
let repositoryRoot: String = {
    let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}()
