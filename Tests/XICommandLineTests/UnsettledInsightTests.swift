import Foundation
import Testing
import XIPluginAPI
import XIRuntime
import XIStore

/// A run writes an open insight's row when it opens and when its priority or status changes, not
/// for each new piece of evidence; whoever reads it later makes it again from its evidence
/// (``Runtime/current(_:)``). These tests hold that reading to what the run itself knew.
@Suite("open insights read back as they stand")
struct UnsettledInsightTests {
    /// The insights of every digest delivered, by id: digests are made at the end of the run,
    /// each insight as it stood then.
    static func digested(in workspace: ExampleWorkspace) throws -> [String: [String: Any]] {
        var found: [String: [String: Any]] = [:]
        for file in try workspace.inboxFiles() where file.hasSuffix(".digest.jsonl") {
            for line in try workspace.lines("inbox/" + file) {
                let body = line["body"] as? [String: Any]
                for insight in body?["insights"] as? [[String: Any]] ?? [] {
                    if let id = insight["id"] as? String { found[id] = insight }
                }
            }
        }
        return found
    }

    /// The example after a run, and its first open insight whose stored row (`0`) differs from
    /// the insight as it stands (`1`) as `differs` tells.
    static func openInsightWithOlderRow(
        _ differs: (_ stored: Insight, _ current: Insight) -> Bool
    ) throws -> (workspace: ExampleWorkspace, pair: (StoredInsight, StoredInsight)) {
        let workspace = try ExampleWorkspace()
        #expect(try workspace.run().status == 0)
        let runtime = try workspace.runtime()
        let stored = try runtime.store.insights(status: [.open])
        let current = try runtime.current(stored)
        let pair = try #require(zip(stored, current).first { differs($0.0.insight, $0.1.insight) }, "no open insight gained evidence after its row was written")
        return (workspace, pair)
    }

    @Test("every open insight in the end-of-run digests reads back with the digest's score and explanation, also when its stored row is older")
    func digestsAgree() throws {
        let workspace = try ExampleWorkspace()
        let run = try workspace.run()
        #expect(run.status == 0, "\(run.standardError)")
        let runtime = try workspace.runtime()
        let stored = try runtime.store.insights()
        let current = Dictionary(uniqueKeysWithValues: try runtime.current(stored).map { ($0.insight.id, $0.insight) })
        let digested = try Self.digested(in: workspace)
        var compared = 0
        var olderRows = 0
        for row in stored where row.insight.status == .open {
            guard let digest = digested[row.insight.id], let score = digest["score"] as? Double else { continue }
            let now = try #require(current[row.insight.id])
            compared += 1
            #expect(abs(now.score - score) < 1e-6, "\(now.id): score \(now.score), in its digest \(score)")
            if let explanation = digest["explanation"] as? String {
                #expect(now.explanation == explanation, "\(now.id)")
            }
            if abs(row.insight.score - score) > 1e-6 { olderRows += 1 }
        }
        #expect(compared > 20, "the example's digests should hold open insights")
        #expect(olderRows > 0, "some open insight should have gained evidence after its row was written")
        // Closed insights are as stored.
        for row in stored where row.insight.status == .expired {
            #expect(current[row.insight.id]?.score == row.insight.score)
        }
    }

    @Test("xi explain shows an open insight's latest evidence and score, not its stored row's")
    func explainIsCurrent() throws {
        let (workspace, pair) = try Self.openInsightWithOlderRow { $0.score != $1.score }
        let explained = try CommandRunner.run(["explain", pair.0.insight.id, "--path", workspace.folder.path])
        #expect(explained.status == 0, "\(explained.standardError)")
        #expect(explained.standardOutput.contains("score \(ExplainNumber.text(pair.1.insight.score))"), "\(explained.standardOutput)")
        #expect(explained.standardOutput.contains("last evidence \(pair.1.insight.updatedAt)"), "\(explained.standardOutput)")
        #expect(pair.1.insight.evidence.count >= pair.0.insight.evidence.count)
    }

    @Test("xi resolve writes the insight as it stands: its whole evidence and the time of its latest piece")
    func resolveWritesCurrent() throws {
        let (workspace, pair) = try Self.openInsightWithOlderRow { $0.updatedAt != $1.updatedAt }
        let id = pair.0.insight.id
        let resolve = try CommandRunner.run(["resolve", id, "--path", workspace.folder.path])
        #expect(resolve.status == 0, "\(resolve.standardError)")
        let resolved = try #require(try SQLiteStore(path: workspace.folder.appendingPathComponent(".xi/xi.sqlite").path).insight(id: id)).insight
        #expect(resolved.status == .resolved)
        #expect(resolved.score == pair.1.insight.score)
        #expect(resolved.updatedAt == pair.1.insight.updatedAt)
        #expect(resolved.evidence.map(\.event) == pair.1.insight.evidence.map(\.event))
        #expect(resolved.explanation == pair.1.insight.explanation)
        // A second run leaves the resolved insight alone and opens nothing from its settled evidence.
        let rerun = try workspace.run()
        #expect(rerun.status == 0, "\(rerun.standardError)")
        #expect(ExampleWorkspace.count("insights opened", in: rerun.standardOutput) == 0, "\(rerun.standardOutput)")
    }
}

/// Numbers as `xi explain` prints them.
enum ExplainNumber {
    static func text(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(format: "%.2f", number)
    }
}
