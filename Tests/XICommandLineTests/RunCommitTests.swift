import Foundation
import Testing
import XIStore

/// Where a run stops and commits must not change what it finds: the store keeps windows as
/// evidence chunks, and a run that resumes from checkpoints rebuilds them.
@Suite("xi run in steps", .serialized)
struct RunCommitTests {
    /// The example with small batches (40 records), so there are many batches and commits.
    static func smallBatchWorkspace() throws -> ExampleWorkspace {
        let workspace = try ExampleWorkspace()
        try workspace.edit("xi.yaml", replacing: "    kind: csv\n", with: "    kind: csv\n    options: { batch_size: 40 }\n")
        try workspace.edit("xi.yaml", replacing: "    kind: jsonl\n", with: "    kind: jsonl\n    options: { batch_size: 40 }\n")
        return workspace
    }

    /// Each stored insight as it stands now, as goal, subject, id, status, priority and score.
    static func insights(in workspace: ExampleWorkspace) throws -> [String] {
        try workspace.currentInsights().map {
            let insight = $0.insight
            return "\(insight.goal) \(insight.subject) \(insight.id) \(insight.status.rawValue) \(insight.priority) \(insight.score) \(insight.updatedAt) \(insight.explanation)"
        }.sorted()
    }

    @Test("a run stopped every 3 batches and resumed finds the same insights as one run")
    func stepsMatchOneRun() throws {
        let whole = try Self.smallBatchWorkspace()
        let once = try whole.run()
        #expect(once.status == 0, "\(once.standardError)")

        let stepped = try Self.smallBatchWorkspace()
        var runs = 0
        while true {
            let step = try CommandRunner.run(["run", stepped.folder.path, "--quiet", "--stop-after-batches", "3"])
            #expect(step.status == 0, "\(step.standardError)")
            runs += 1
            if ExampleWorkspace.count("events read", in: step.standardOutput) == 0 || runs > 200 { break }
        }
        let last = try stepped.run()
        #expect(last.status == 0, "\(last.standardError)")
        #expect(runs > 10, "the example should take many steps of 3 batches of 40 records")

        let expected = try Self.insights(in: whole)
        let found = try Self.insights(in: stepped)
        #expect(!expected.isEmpty)
        #expect(found == expected, "only in the stepped run: \(Set(found).subtracting(expected).sorted().prefix(5)); only in one run: \(Set(expected).subtracting(found).sorted().prefix(5))")
        // Each delivery reached its inbox once, however often the steps routed it again.
        for file in try stepped.inboxFiles() {
            let ids = try stepped.lines("inbox/" + file).map { $0["id"] as? String ?? "" }
            #expect(Set(ids).count == ids.count, "\(file) holds a delivery twice")
        }
    }
}
