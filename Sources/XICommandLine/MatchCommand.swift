import ArgumentParser
import Foundation
import XIExpression
import XIMatcher
import XIPluginAPI

/// `xi match`: the matcher seen from outside — rules from YAML, records from JSON lines.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match JSON-lines records against a file of rules and print the ids of the rules each record matches.",
        discussion: """
            RULES is a YAML list of rules:
              - id: unhappy-gold
                when: kind == "survey" && nps <= 6 && segment in ["gold", "platinum"]
            RECORDS holds one JSON object per line; integers are int, numbers with a fraction \
            are double. Every record is converted first, then matched; the output has one line \
            per record: the ids of the matching rules in rule order, separated by spaces (or \
            their number, with --count). A record that is not valid JSON is reported on standard \
            error with its line and column, left out of the output, and makes the exit status 1.
            """
    )

    /// The rules file.
    @Option(help: ArgumentHelp("YAML file with the rules.", valueName: "RULES.yaml"))
    var rules: String

    /// The records file.
    @Option(help: ArgumentHelp("JSON-lines file with the records ('-' for standard input).", valueName: "RECORDS.jsonl"))
    var events: String

    /// Print counts instead of ids.
    @Flag(help: "Print the number of matching rules per record instead of their ids.")
    var count = false

    /// Print statistics.
    @Flag(help: "Print rule, record and match counts and the matching throughput to standard error.")
    var stats = false

    /// Use the oracle.
    @Flag(help: "Evaluate every rule in order instead of using the index (the oracle; for comparison).")
    var naive = false

    /// Repeat the matching for steadier timing.
    @Option(help: "Match all records this many times (output is written once); for --stats timing.")
    var repeatCount: Int = 1

    func run() throws {
        var problems: [String] = []
        guard let file = RulesFile.load(path: rules, problems: &problems) else {
            problems.forEach(StandardError.write)
            throw ExitCode(1)
        }
        let loadStart = ContinuousClock.now
        let (conditionSet, failures) = ConditionSet.compileDeclaringVariables(file.rules.map(\.condition))
        for failure in failures {
            let rule = file.rules[failure.position]
            problems.append(Self.locate(failure.error, rule: rule, path: file.path))
        }
        if !problems.isEmpty {
            problems.forEach(StandardError.write)
            StandardError.write("\(problems.count) error\(problems.count == 1 ? "" : "s") in \(file.path); no record was matched.")
            throw ExitCode(1)
        }
        let index = naive ? nil : RuleIndex(conditionSet)
        let oracle = NaiveMatcher(conditionSet)
        let buildTime = ContinuousClock.now - loadStart

        // Convert every record first.
        let decoder = JSONRecordDecoder(declarations: conditionSet.declarations)
        let input: Data
        if events == "-" {
            input = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let data = FileManager.default.contents(atPath: events) else {
                StandardError.write("\(events): cannot read the records file (does it exist?)")
                throw ExitCode(1)
            }
            input = data
        }
        var records: [[Value?]] = []
        var rejected = 0
        let bytes = [UInt8](input)
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                do {
                    records.append(try decoder.decode(line))
                } catch {
                    rejected += 1
                    StandardError.write("\(events):\(lineNumber):\(error.column): \(error.message) (record skipped)")
                }
            }
            start = end + 1
        }

        // Match.
        let ids = file.rules.map(\.id)
        // Matches of all records, flat: record i's are matched[ends[i - 1]..<ends[i]]. With
        // --count only the counts are kept, so memory stays flat however many rules match.
        var matched: [Int] = []
        var ends: [Int] = []
        var buffer: [Int] = []
        buffer.reserveCapacity(1_024)
        ends.reserveCapacity(records.count)
        let clock = ContinuousClock()
        let matchStart = clock.now
        let countOnly = count  // read the flag once: property-wrapper access is slow in a loop
        for _ in 0..<max(1, repeatCount) {
            matched.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            var total = 0
            for record in records {
                if countOnly {
                    buffer.removeAll(keepingCapacity: true)
                    if let index { index.match(record, into: &buffer) } else { oracle.match(record, into: &buffer) }
                    total += buffer.count
                } else {
                    if let index { index.match(record, into: &matched) } else { oracle.match(record, into: &matched) }
                    total = matched.count
                }
                ends.append(total)
            }
        }
        let matchTime = clock.now - matchStart

        var output = ""
        output.reserveCapacity(records.count * 8)
        let total = ends.last ?? 0
        var first = 0
        for end in ends {
            if count {
                output += String(end - first)
            } else {
                output += matched[first..<end].map { ids[conditionSet.conditions[$0].position] }.joined(separator: " ")
            }
            output += "\n"
            first = end
        }
        FileHandle.standardOutput.write(Data(output.utf8))

        if stats {
            let seconds = matchTime.inSeconds
            let matched = Double(records.count * max(1, repeatCount))
            let rate = seconds > 0 ? matched / seconds : 0
            StandardError.write("""
                rules: \(conditionSet.count) (compiled and indexed in \(Self.format(buildTime)))
                \(index.map { "index: \($0.summary)" } ?? "index: none (--naive: every rule evaluated in order)")
                records: \(records.count) matched\(rejected > 0 ? ", \(rejected) rejected" : "")\(repeatCount > 1 ? ", \(repeatCount) passes" : "")
                matches: \(total)
                matching: \(String(format: "%.3f", seconds)) s, \(Int(rate)) records/s
                """)
        }
        if rejected > 0 { throw ExitCode(1) }
    }

    static func format(_ duration: Duration) -> String {
        let seconds = duration.inSeconds
        return String(format: "%.3f s", seconds)
    }

    /// The compile error placed in the rules file: file:line:column, the rule's id, the message and the caret excerpt.
    static func locate(_ error: ExpressionError, rule: RulesFile.Rule, path: String) -> String {
        var line = rule.line
        var column = rule.column
        if let location = error.location {
            if rule.mapsColumns && location.line == 1 {
                column += location.column - 1
            } else {
                line += location.line - 1
                column = location.column
            }
        }
        return "\(path):\(line):\(column): rule '\(rule.id)': \(error.description)"
    }
}
