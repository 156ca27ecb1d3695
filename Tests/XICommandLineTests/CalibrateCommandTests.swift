import Foundation
import Testing

/// `xi calibrate` on real outcomes: IBM's Telco churn sample in ../shared/data (the
/// Examples/telco-churn workspace), and the mistakes a user can make.
@Suite("xi calibrate")
struct CalibrateCommandTests {
    let workspace = CommandRunner.repositoryRoot.appendingPathComponent("Examples/telco-churn").path

    @Test("fits the telco churn goal: lifts above 1, a held-out AUC of 0.8 or more, and suggested weights that load")
    func telcoChurn() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("xi-calibrate-test-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try CommandRunner.run(["calibrate", workspace, "--goal", "churn_risk", "--outcome", "Churn", "--out", out.path])
        #expect(result.status == 0, "\(result.standardError)")
        let text = result.standardOutput
        #expect(text.contains("subjects     7043 with an outcome, 1869 positive"))
        #expect(text.contains("held out the last 1409"))
        // Every signal of this goal raises the odds of churn in the sample.
        let month = try #require(text.split(separator: "\n").first { $0.hasPrefix("month_to_month ") })
        let columns = month.split(separator: " ")
        #expect((Double(columns[2]) ?? 0) > 1.3, "lift \(columns[2])")
        let fitted = try #require(text.split(separator: "\n").first { $0.hasPrefix("fitted ") })
        let auc = try #require(Double(fitted.split(separator: " ").last ?? ""))
        #expect(auc >= 0.8, "held-out AUC \(auc)")
        // The suggestion is a goal's signal list: the workspace validates with it in place.
        let suggestion = try String(contentsOf: out, encoding: .utf8)
        #expect(suggestion.contains("goal: churn_risk") && suggestion.contains("- { signal: month_to_month, weight: "))
        // The workspace's own store is not touched.
        #expect(!FileManager.default.fileExists(atPath: workspace + "/.xi"))
    }

    @Test("an outcome that is not a profile field, and an unknown goal, are explained")
    func mistakes() throws {
        let field = try CommandRunner.run(["calibrate", workspace, "--goal", "churn_risk", "--outcome", "churned"])
        #expect(field.status == 1)
        #expect(field.standardError.contains("'churned' is not a profile field"))
        #expect(field.standardError.contains("Churn"))
        let goal = try CommandRunner.run(["calibrate", workspace, "--goal", "churn", "--outcome", "Churn"])
        #expect(goal.status == 1)
        #expect(goal.standardError.contains("unknown goal 'churn'; goals: churn_risk"))
        let holdout = try CommandRunner.run(["calibrate", workspace, "--goal", "churn_risk", "--outcome", "Churn", "--holdout", "1.5"])
        #expect(holdout.status != 0)
        #expect(holdout.standardError.contains("--holdout must be between 0 and 1"))
    }
}
