import Foundation
import Testing

/// `xi analyze`, `xi train sentiment`, and detector signals in `xi run`, as a user runs them.
@Suite("detectors from the command line")
struct DetectorCommandTests {
    @Test("xi analyze adds each detector's output to each line, and skips what is not JSON")
    func analyze() throws {
        let input = """
            {"id":1,"text":"The agent was rude and I waited an hour. Awful!"}
            {"id":2,"text":"Lovely, quick and helpful"}
            not json
            {"id":3}

            {"id":4,"text":"I lost my job and can't pay"}
            """
        let sentiment = try CommandRunner.run(["analyze", "--detector", "sentiment", "--option", "threshold=0.5"], input: Data(input.utf8))
        #expect(sentiment.status == 0, "\(sentiment.standardError)")
        let lines = sentiment.standardOutput.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 4)
        #expect((lines[0]?["sentiment"] as? Double ?? 0) < -0.5)
        #expect((lines[0]?["signals"] as? [[String: Any]])?.first?["name"] as? String == "sentiment")
        #expect((lines[1]?["sentiment"] as? Double ?? 0) > 0.5)
        #expect(lines[1]?["signals"] == nil)
        #expect(lines[2]?["id"] as? Int == 3 && lines[2]?["sentiment"] == nil)
        #expect(sentiment.standardError.contains("line 3: not a JSON object; skipped"))

        let vulnerability = try CommandRunner.run(["analyze", "--detector", "vulnerability"], input: Data(input.utf8))
        #expect(vulnerability.standardOutput.contains(#""id":4,"text":"I lost my job and can't pay","vulnerability_drivers":["life_events","resilience"]"#))

        let unknown = try CommandRunner.run(["analyze", "--detector", "telepathy"], input: Data())
        #expect(unknown.status != 0)
        #expect(unknown.standardError.contains("unknown detector 'telepathy'") && unknown.standardError.contains("sentiment"))
        let badOption = try CommandRunner.run(["analyze", "--detector", "sentiment", "--option", "colour=red"], input: Data())
        #expect(badOption.standardError.contains("has no option 'colour'"))
    }

    @Test("xi train sentiment learns a model from CSV that xi analyze and xi run load")
    func trainAndUse() throws {
        let folder = try CommandRunner.temporaryFolder()
        var rows = ["comment,label"]
        for index in 0..<60 {
            rows.append("\"remek, köszönöm szépen \(index)\",pozitív")
            rows.append("\"rossz, lassú ügyintézés \(index)\",negatív")
            if index % 10 == 0 { rows.append("\"semleges \(index)\",semleges") }
        }
        try rows.joined(separator: "\n").write(to: folder.appendingPathComponent("hu.csv"), atomically: true, encoding: .utf8)
        let noLabels = try CommandRunner.run(["train", "sentiment", "--data", "hu.csv", "--text", "comment", "--label", "label", "--out", "m.model"], in: folder)
        #expect(noLabels.status != 0)
        #expect(noLabels.standardError.contains("'pozitív' (60)") && noLabels.standardError.contains("--positive"))

        let trained = try CommandRunner.run([
            "train", "sentiment", "--data", "hu.csv", "--text", "comment", "--label", "label", "--positive", "pozitív", "--negative", "negatív",
            "--language", "hu", "--out", "Models/sentiment-hu.model",
        ], in: folder)
        #expect(trained.status == 0, "\(trained.standardError)")
        #expect(trained.standardOutput.contains("left out     6 rows with other labels: 'semleges' 6"))
        #expect(trained.standardOutput.contains("held out     24 examples: accuracy 100.0 %"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Models/sentiment-hu.model").path))

        let analyzed = try CommandRunner.run(
            ["analyze", "--detector", "sentiment", "--option", "language=hu"], in: folder,
            input: Data(#"{"text":"nagyon rossz és lassú"}"#.utf8))
        #expect(analyzed.status == 0, "\(analyzed.standardError)")
        #expect(analyzed.standardOutput.contains(#""sentiment":-"#))

        let wrongColumn = try CommandRunner.run(["train", "sentiment", "--data", "hu.csv", "--text", "review", "--label", "label", "--out", "x.model"], in: folder)
        #expect(wrongColumn.standardError.contains("no column 'review'") && wrongColumn.standardError.contains("comment, label"))
        try "comment,label\ngood,1\nfine,1\n".write(to: folder.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
        let oneClass = try CommandRunner.run(["train", "sentiment", "--data", "one.csv", "--text", "comment", "--label", "label", "--out", "x.model", "--holdout", "0"], in: folder)
        #expect(oneClass.standardError.contains("all 2 examples are positive"))
    }

    @Test("xi run raises detector signals on the example, and refuses a detector whose model is broken")
    func runWithDetectors() throws {
        let workspace = try ExampleWorkspace()
        let result = try workspace.run()
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("negative_sentiment"))
        #expect(!result.standardOutput.contains("detector 'sentiment') is not produced"))
        #expect(!result.standardOutput.contains("detector 'vulnerability') is not produced"))
        #expect(result.standardOutput.contains("vulnerable_customers"))
        let compliance = try workspace.lines("inbox/compliance.jsonl")
        let vulnerable = compliance.compactMap { $0["body"] as? [String: Any] }.filter { $0["goal"] as? String == "vulnerable_customers" }
        #expect(!vulnerable.isEmpty)
        // `xi explain` names the detector and its options behind each detector signal.
        let id = try #require(vulnerable.first?["id"] as? String)
        let explained = try CommandRunner.run(["explain", id], in: workspace.folder)
        #expect(explained.status == 0, "\(explained.standardError)")
        #expect(explained.standardOutput.contains("signal detector vulnerability {drivers: ["))

        try workspace.edit(
            "Goals/signals.yaml", replacing: "options: { polarity: negative, threshold: 0.6 }",
            with: "options: { polarity: negative, threshold: 0.6, model: broken.model }")
        try Data("not a model".utf8).write(to: workspace.folder.appendingPathComponent("broken.model"))
        let broken = try workspace.run()
        #expect(broken.status != 0)
        #expect(broken.standardError.contains("signal 'negative_sentiment' (detector 'sentiment')") && broken.standardError.contains("is not an xi sentiment model"))
    }
}
