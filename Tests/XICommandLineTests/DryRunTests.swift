import Foundation
import Testing

/// `xi run --dry-run`: a backtest that sends nothing and leaves the store alone.
@Suite("xi run --dry-run")
struct DryRunTests {
    @Test("a dry run counts deliveries per audience and day, sends nothing and touches no store")
    func dryRun() throws {
        let workspace = try ExampleWorkspace()
        let result = try CommandRunner.run(["run", workspace.folder.path, "--quiet", "--dry-run"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("nothing sent"))
        #expect(result.standardOutput.contains("deliveries per day (event time, UTC"))
        #expect(!FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent(".xi").path))
        let lines = result.standardOutput.split(separator: "\n")
        let header = try #require(lines.first { $0.hasPrefix("day ") })
        #expect(header.contains("compliance") && header.contains("retention-team"))
        #expect(lines.contains { $0.hasPrefix("2026-") })
        let total = try #require(lines.first { $0.hasPrefix("total") })
        // The totals match what a real run then delivers.
        let real = try workspace.run()
        #expect(real.status == 0, "\(real.standardError)")
        let delivered = ExampleWorkspace.count("deliveries", in: real.standardOutput)
        let wouldSend = ExampleWorkspace.count("deliveries", in: result.standardOutput)
        #expect(delivered != nil && delivered == wouldSend && (delivered ?? 0) > 0)
        #expect(total.split(separator: " ").count > 2)
    }
}
