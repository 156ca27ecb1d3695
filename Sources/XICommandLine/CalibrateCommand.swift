import ArgumentParser
import Foundation
import XIRuntime

/// `xi calibrate`: fits a goal's signal weights to an outcome.
struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a goal's signal weights to an outcome (logistic regression): each signal's lift and fitted weight, and how well the goal's insights and the fitted weights predict the outcome on the latest subjects, held out.",
        discussion: """
            Every source is read from its beginning into a scratch store that keeps all evidence (the \
            workspace's .xi/ is not touched). The outcome is a profile field (for example churned: \
            true/false, or Churn: Yes/No); subjects whose value is neither are left out. Subjects are \
            ordered by the event time of their last profile update or evidence, and the latest \
            --holdout share is held out: the fit uses only the earlier ones. Suggested weights keep \
            the goal's threshold, so that a score reaching it means a fitted chance of the outcome of \
            50 % or more; they are written as a goal's signals: list.
            """
    )

    /// The configuration folder.
    @Argument(help: "The folder holding xi.yaml.")
    var path: String = "."

    @Option(help: "The goal whose weights to fit.")
    var goal: String

    @Option(help: "The profile field holding the outcome (true/false, 1/0, yes/no).")
    var outcome: String

    @Option(help: "The share of subjects held out, the latest by event time.")
    var holdout: Double = 0.2

    @Option(name: .shortAndLong, help: "Where to write the suggested weights (YAML). Default: .xi/calibration/<goal>.yaml beside xi.yaml.")
    var out: String?

    func validate() throws {
        guard holdout > 0, holdout < 1 else { throw ValidationError("--holdout must be between 0 and 1 (exclusive), such as 0.2") }
    }

    func run() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("xi-calibrate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let runtime = try WorkspaceLoading.runtime(path, dryRunFolder: scratch)
        runtime.keepsAllEvidence = true
        let calibration: Calibration
        do {
            _ = try runtime.calibrationGoal(goal, outcome: outcome)
            _ = try await runtime.run()
            calibration = try runtime.calibration(goal: goal, outcome: outcome, heldOut: holdout)
        } catch {
            StandardError.write("error: \(error)")
            throw ExitCode(1)
        }
        print(Self.text(calibration))
        let destination = out ?? runtime.folder + "/.xi/calibration/\(goal).yaml"
        do {
            try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try calibration.suggestionYAML.write(toFile: destination, atomically: true, encoding: .utf8)
        } catch {
            StandardError.write("error: cannot write \(destination): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        print("suggested weights written to \(destination)")
    }

    /// The calibration as a table and a few lines.
    static func text(_ calibration: Calibration) -> String {
        var lines = [
            "xi calibrate: goal \(calibration.goal), outcome \(calibration.outcome)",
            "",
            "subjects     \(calibration.subjects) with an outcome, \(calibration.positives) positive"
                + (calibration.unreadable > 0 ? "; \(calibration.unreadable) left out (outcome neither yes nor no)" : ""),
            "split        trained on the first \(calibration.training); held out the last \(calibration.heldOut) (\(calibration.heldOutPositives) positive)"
                + (calibration.splitByOrder ? ", in the order read (the subjects share one event time)" : calibration.heldOutFrom.map { ", from \($0)" } ?? ""),
            "",
        ]
        let rows = [["signal", "subjects", "lift", "fitted", "weight now", "suggested"]] + calibration.signals.map { line in
            [line.signal, String(line.subjects), Calibration.decimal(line.lift), Calibration.decimal(line.coefficient), KPIResult.format(line.weight),
             line.suggestedWeight.map(KPIResult.format) ?? "drop"]
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            lines.append(row.enumerated().map { column, text in
                column == 0 ? text.padding(toLength: widths[column], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[column] - text.count) + text
            }.joined(separator: "  "))
        }
        lines.append("")
        lines.append("held out     precision   recall    AUC")
        for (name, quality) in [("insights", calibration.insights), ("fitted", calibration.model)] {
            lines.append(name.padding(toLength: 12, withPad: " ", startingAt: 0) + " "
                + Calibration.percent(quality.precision).leftPadded(9) + "  " + Calibration.percent(quality.recall).leftPadded(7) + "  " + Calibration.decimal(quality.areaUnderCurve).leftPadded(5))
        }
        lines.append("  insights: the goal as configured (flagged when it raised an insight; ranked by the highest score)")
        lines.append("  fitted:   the fitted weights (flagged when the fitted chance is 50 % or more)")
        if let note = calibration.note { lines.append(note) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string right-aligned in `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
