import Foundation
import Testing
import XIWorkloads

/// `xi match`, end to end on real files.
@Suite("xi match")
struct MatchCommandTests {
    func writeWorkload(rules: Int, records: Int, in folder: URL) throws -> (rules: URL, records: URL) {
        let rulesURL = folder.appendingPathComponent("rules.yaml")
        let recordsURL = folder.appendingPathComponent("records.jsonl")
        var yaml = ""
        for (number, condition) in MatchWorkload.rules(count: rules).enumerated() {
            yaml += "- id: r\(number + 1)\n  when: '\(condition)'\n"
        }
        try yaml.write(to: rulesURL, atomically: true, encoding: .utf8)
        let lines = MatchWorkload.records(count: records).map(\.jsonLine).joined(separator: "\n") + "\n"
        try lines.write(to: recordsURL, atomically: true, encoding: .utf8)
        return (rulesURL, recordsURL)
    }

    @Test("prints one line of matching ids per record, the same as the naive evaluator")
    func matchesLikeTheOracle() throws {
        let folder = try CommandRunner.temporaryFolder()
        let files = try writeWorkload(rules: 500, records: 300, in: folder)
        let indexed = try CommandRunner.run(["match", "--rules", files.rules.path, "--events", files.records.path])
        let naive = try CommandRunner.run(["match", "--rules", files.rules.path, "--events", files.records.path, "--naive"])
        #expect(indexed.status == 0, "\(indexed.standardError)")
        #expect(naive.status == 0, "\(naive.standardError)")
        let lines = indexed.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 301)  // 300 records and the final newline
        #expect(indexed.standardOutput == naive.standardOutput)
        #expect(indexed.standardOutput.contains("r"))
    }

    @Test("--count and --stats")
    func countAndStatistics() throws {
        let folder = try CommandRunner.temporaryFolder()
        let files = try writeWorkload(rules: 200, records: 100, in: folder)
        let ids = try CommandRunner.run(["match", "--rules", files.rules.path, "--events", files.records.path])
        let counts = try CommandRunner.run(["match", "--rules", files.rules.path, "--events", files.records.path, "--count", "--stats"])
        #expect(counts.status == 0)
        let expected = ids.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { $0.isEmpty ? 0 : $0.split(separator: " ").count }
        #expect(counts.standardOutput.split(separator: "\n").map { Int($0) } == expected.map { Optional($0) })
        #expect(counts.standardError.contains("rules: 200"))
        #expect(counts.standardError.contains("records: 100"))
        #expect(counts.standardError.contains("matches: \(expected.reduce(0, +))"))
        #expect(counts.standardError.contains("records/s"))
    }

    @Test("a small golden case")
    func golden() throws {
        let folder = try CommandRunner.temporaryFolder()
        let rules = folder.appendingPathComponent("rules.yaml")
        let records = folder.appendingPathComponent("records.jsonl")
        try """
        - id: detractor
          when: kind == "survey" && nps <= 6
        - id: gold-detractor
          when: kind == "survey" && nps <= 6 && segment in ["gold", "platinum"]
        - id: big-complaint
          when: 'kind == "complaint" && amount >= 500.0'
        - id: vip
          when: segment == "platinum" || amount > 10000.0
        """.write(to: rules, atomically: true, encoding: .utf8)
        try """
        {"kind": "survey", "nps": 3, "segment": "gold"}
        {"kind": "survey", "nps": 9, "segment": "platinum"}
        {"kind": "complaint", "amount": 500, "segment": "mass"}
        {"kind": "complaint", "amount": 12000.5}

        {"kind": "survey", "nps": "six"}
        """.write(to: records, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["match", "--rules", rules.path, "--events", records.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "detractor gold-detractor\nvip\nbig-complaint\nbig-complaint vip\n\n")
    }

    @Test("one bad rule among 100,000 is named with its line, and nothing is matched")
    func badRuleInTheMiddle() throws {
        let folder = try CommandRunner.temporaryFolder()
        let rules = folder.appendingPathComponent("rules.yaml")
        var yaml = ""
        for number in 1...100_000 {
            let condition = number == 50_000 ? "kind == \"survey\" && nps <== 6" : "kind == \"survey\" && nps <= \(number % 11)"
            yaml += "- id: r\(number)\n  when: '\(condition)'\n"
        }
        try yaml.write(to: rules, atomically: true, encoding: .utf8)
        let records = folder.appendingPathComponent("records.jsonl")
        try "{\"kind\": \"survey\", \"nps\": 3}\n".write(to: records, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["match", "--rules", rules.path, "--events", records.path])
        #expect(result.status == 1)
        #expect(result.standardError.contains("rules.yaml:100000:"))
        #expect(result.standardError.contains("rule 'r50000'"))
        #expect(result.standardError.contains("1 error"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test("bad records are reported with line and column; the others are still matched")
    func badRecords() throws {
        let folder = try CommandRunner.temporaryFolder()
        let rules = folder.appendingPathComponent("rules.yaml")
        try "- id: any-survey\n  when: kind == 'survey'\n".write(to: rules, atomically: true, encoding: .utf8)
        let records = folder.appendingPathComponent("records.jsonl")
        var data = Data("{\"kind\": \"survey\"}\n{\"kind\": surv}\n".utf8)
        data.append(contentsOf: [0x7B, 0x22, 0x6B, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D, 0x0A])  // {"k":"\xFF"}
        data.append(Data("{\"kind\": \"survey\"}\n{\"kind\": \"sur".utf8))  // truncated last line
        try data.write(to: records)
        let result = try CommandRunner.run(["match", "--rules", rules.path, "--events", records.path])
        #expect(result.status == 1)
        #expect(result.standardOutput == "any-survey\nany-survey\n")
        #expect(result.standardError.contains("records.jsonl:2:10:"))
        #expect(result.standardError.contains("records.jsonl:3:"))
        #expect(result.standardError.contains("UTF-8"))
        #expect(result.standardError.contains("records.jsonl:5:"))
    }

    @Test("structural problems in the rules file are all reported, located")
    func badRulesFile() throws {
        let folder = try CommandRunner.temporaryFolder()
        let rules = folder.appendingPathComponent("rules.yaml")
        try """
        - id: a
          when: nps <= 6
        - id: a
          when: nps <= 7
        - id: c
          wen: nps <= 8
        - when: nps > 1
        """.write(to: rules, atomically: true, encoding: .utf8)
        let records = folder.appendingPathComponent("records.jsonl")
        try "{}\n".write(to: records, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["match", "--rules", rules.path, "--events", records.path])
        #expect(result.status == 1)
        #expect(result.standardError.contains("used twice"))
        #expect(result.standardError.contains("unknown key 'wen'"))
        #expect(result.standardError.contains("did you mean 'when'"))
        #expect(result.standardError.contains("has no `id`"))
        for bad in ["", "[unclosed", "just a string"] {
            try bad.write(to: rules, atomically: true, encoding: .utf8)
            let result = try CommandRunner.run(["match", "--rules", rules.path, "--events", records.path])
            #expect(result.status == 1)
            #expect(result.standardError.contains("rules.yaml"))
        }
    }
}
