import ArgumentParser
import Foundation
import XIExpression
import XIPluginAPI
import XIRuntime

/// `xi route`: routing questions, without running anything.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Check how insights are routed to audiences.",
        subcommands: [RouteTestCommand.self]
    )
}

/// `xi route test`: which audiences receive an insight, through which subscription.
struct RouteTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Given an insight (flags or JSON), list which audiences receive it through which subscription.",
        discussion: """
            Examples:
              xi route test --goal retention --priority high --score 9
              xi route test --goal consumer-duty-support --priority critical --profile vulnerable=true
              xi route test --insight insight.json     (the JSON an inbox line carries, or Insight's fields)
            """
    )

    @Option(help: "The goal's id.") var goal: String?
    @Option(help: "critical, high, medium or low.") var priority: String = "medium"
    @Option(help: "The insight's score.") var score: Double = 0
    @Option(help: "The subject's id.") var subject: String = "C-0001"
    @Option(help: "The subject's kind.") var subjectKind: String = "customer"
    @Option(help: "open, acknowledged, resolved or expired.") var status: String = "open"
    @Option(help: ArgumentHelp("A profile field, as NAME=VALUE. Repeatable.", valueName: "NAME=VALUE")) var profile: [String] = []
    @Option(help: "A JSON file with the insight (use - for standard input).") var insight: String?
    @Option(help: "The folder holding xi.yaml.") var path: String = "."
    @Flag(help: "Print every subscription, including those that do not match.") var all = false

    func run() throws {
        let runtime = try WorkspaceLoading.runtime(path)
        var candidate: Insight
        if let insight {
            let data = insight == "-" ? FileHandle.standardInput.readDataToEndOfFile() : (FileManager.default.contents(atPath: insight) ?? Data())
            do {
                candidate = try JSONDecoder().decode(Insight.self, from: data)
            } catch {
                throw ValidationError("--insight \(insight): not an insight in JSON (\(error)); give at least goal, subject, score and priority")
            }
        } else {
            guard let goal else { throw ValidationError("give --goal GOAL (one of: \(runtime.workspace.goals.map(\.id).joined(separator: ", "))) or --insight FILE") }
            guard let goalDefinition = runtime.workspace.goal(goal) else {
                throw ValidationError("unknown goal '\(goal)'; goals: \(runtime.workspace.goals.map(\.id).joined(separator: ", "))")
            }
            guard let status = InsightStatus(rawValue: status) else { throw ValidationError("--status must be open, acknowledged, resolved or expired") }
            var fields: [String: String] = [:]
            for assignment in profile {
                guard let equals = assignment.firstIndex(of: "=") else { throw ValidationError("--profile '\(assignment)' must be NAME=VALUE") }
                fields[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
            }
            let now = TimestampValue(seconds: 1_767_225_600)!
            candidate = Insight(
                id: "ins_route_test", goal: goal, objective: goalDefinition.objective.rawValue, subject: Subject(kind: subjectKind, id: subject),
                score: score, priority: priority, status: status, openedAt: now, updatedAt: now, evidence: [],
                explanation: "route test", recommendation: goalDefinition.recommend, profile: fields)
        }
        let decisions = try runtime.routes(for: candidate)
        let matching = decisions.filter(\.matches)
        print(matching.isEmpty ? "no audience receives this insight" : "\(matching.count) subscription\(matching.count == 1 ? " receives" : "s receive") this insight:")
        for decision in all ? decisions : matching {
            print("  \(decision.matches ? "✓" : "✗") \(decision.audience) #\(decision.subscription + 1) → \(decision.action), \(decision.cadence): \(decision.reason)")
        }
    }
}
