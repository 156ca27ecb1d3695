import Foundation
import Testing
@testable import XIExpression

/// Runs the CEL specification's conformance cases (see `../shared/conformance/cel/README.md`).
@Suite struct ConformanceTests {
    /// One case of the conformance file.
    struct Case {
        var file: String
        var section: String
        var name: String
        var expression: String
        var declarations: [String: String]
        var bindings: [String: Any]
        var expected: Any?
        var expectsError: Bool
        var disableCheck: Bool
        var tags: [String]
        var key: String { "\(file)/\(section)/\(name)" }
    }

    enum Outcome: Equatable {
        case passed
        case failed(String)
    }

    /// The conformance file: `XI_CEL_CONFORMANCE`, else `../shared/conformance/cel/cases.json` from the
    /// package root, found by walking up from this file (symlinked or not).
    static func casesURL() -> URL? {
        if let path = ProcessInfo.processInfo.environment["XI_CEL_CONFORMANCE"] {
            return URL(fileURLWithPath: path)
        }
        let here = URL(fileURLWithPath: #filePath)
        var starts = [here.deletingLastPathComponent()]
        starts.append(here.resolvingSymlinksInPath().deletingLastPathComponent())
        starts.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        for start in starts {
            var directory = start
            for _ in 0..<8 {
                for candidate in ["../shared/conformance/cel/cases.json", "shared/conformance/cel/cases.json"] {
                    let url = directory.appendingPathComponent(candidate).standardizedFileURL
                    if FileManager.default.fileExists(atPath: url.path) { return url }
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        return nil
    }

    static func loadCases() throws -> [Case] {
        guard let url = casesURL() else {
            Issue.record("conformance file not found: set XI_CEL_CONFORMANCE or check out ../shared")
            return []
        }
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (root["cases"] as! [[String: Any]]).map { object in
            Case(
                file: object["file"] as! String, section: object["section"] as! String, name: object["name"] as! String,
                expression: object["expr"] as! String,
                declarations: object["declarations"] as? [String: String] ?? [:],
                bindings: object["bindings"] as? [String: Any] ?? [:],
                expected: object["expected"], expectsError: object["expected_error"] != nil,
                disableCheck: (object["flags"] as? [String] ?? []).contains("disable_check"),
                tags: object["tags"] as? [String] ?? [])
        }
    }

    /// Same CEL type and value (NaN equals NaN; maps regardless of order).
    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x.entries {
                guard let match = y.entries.first(where: { identical($0.key, key) }), identical(match.value, value) else { return false }
            }
            return true
        case (.int, .int), (.uint, .uint), (.string, .string), (.bytes, .bytes), (.bool, .bool), (.null, .null),
             (.duration, .duration), (.timestamp, .timestamp), (.type, .type):
            return a.celEquals(b)
        default: return false
        }
    }

    static func run(_ testCase: Case) -> Outcome {
        var declarations = Declarations()
        for (name, typeName) in testCase.declarations.sorted(by: { $0.key < $1.key }) {
            guard let type = ValueType(parsing: typeName) else { return .failed("unknown declared type \(typeName)") }
            declarations.declare(name, type)
        }
        for name in testCase.bindings.keys.sorted() where declarations.slot(of: name) == nil {
            declarations.declare(name, .dyn)
        }
        var variables = [Value?](repeating: nil, count: declarations.count)
        for (name, json) in testCase.bindings {
            do {
                variables[declarations.slot(of: name)!] = try Value(typedJSON: json)
            } catch {
                return .failed("bad binding \(name): \(error)")
            }
        }
        let compiler = ExpressionCompiler(declarations: declarations, checkTypes: !testCase.disableCheck)
        let program: Program
        do {
            program = try compiler.compile(testCase.expression)
        } catch {
            return testCase.expectsError ? .passed : .failed("compile error: \(error.message)")
        }
        let result: Value
        do {
            result = try program.evaluate(variables)
        } catch {
            return testCase.expectsError ? .passed : .failed("evaluation error: \(error.message)")
        }
        if testCase.expectsError { return .failed("expected an error, got \(result.celLiteral)") }
        guard let json = testCase.expected, let expected = try? Value(typedJSON: json) else {
            return .failed("unreadable expected value")
        }
        return identical(result, expected) ? .passed : .failed("expected \(expected.celLiteral), got \(result.celLiteral)")
    }

    @Test("CEL conformance cases pass or are listed as unsupported")
    func conformance() throws {
        let cases = try Self.loadCases()
        try #require(!cases.isEmpty)
        let unsupported = UnsupportedConformanceCases.reasons
        var byFile: [String: (passed: Int, failed: Int, unsupported: Int)] = [:]
        var byTag: [String: (passed: Int, failed: Int, unsupported: Int)] = [:]
        var unexpectedFailures: [String] = []
        var listedButPassing: [String] = []
        var totals = (passed: 0, failed: 0, unsupported: 0)
        for testCase in cases {
            let outcome = Self.run(testCase)
            let listed = unsupported[testCase.key] != nil
            var column = 0  // 0 passed, 1 failed, 2 unsupported
            switch outcome {
            case .passed:
                if listed { listedButPassing.append(testCase.key) }
            case .failed(let reason):
                if listed {
                    column = 2
                } else {
                    column = 1
                    unexpectedFailures.append("\(testCase.key): \(testCase.expression.prefix(120)) → \(reason)")
                }
            }
            func bump(_ counts: inout (passed: Int, failed: Int, unsupported: Int)) {
                switch column {
                case 0: counts.passed += 1
                case 1: counts.failed += 1
                default: counts.unsupported += 1
                }
            }
            bump(&totals)
            bump(&byFile[testCase.file, default: (0, 0, 0)])
            for tag in testCase.tags { bump(&byTag[tag, default: (0, 0, 0)]) }
        }
        var report = "CEL conformance: \(totals.passed) passed / \(totals.failed) failed / \(totals.unsupported) unsupported of \(cases.count)\n"
        report += "by file (passed / failed / unsupported):\n"
        for (file, counts) in byFile.sorted(by: { $0.key < $1.key }) {
            report += "  \(file): \(counts.passed) / \(counts.failed) / \(counts.unsupported)\n"
        }
        report += "by tag:\n"
        for (tag, counts) in byTag.sorted(by: { $0.key < $1.key }) {
            report += "  \(tag): \(counts.passed) / \(counts.failed) / \(counts.unsupported)\n"
        }
        print(report)
        for failure in unexpectedFailures { print("FAILED \(failure)") }
        #expect(unexpectedFailures.isEmpty, "\(unexpectedFailures.count) conformance cases failed:\n\(unexpectedFailures.joined(separator: "\n"))")
        #expect(listedButPassing.isEmpty, "listed as unsupported but passing (remove them from the list): \(listedButPassing)")
        let unknown = unsupported.keys.filter { key in !cases.contains { $0.key == key } }
        #expect(unknown.isEmpty, "listed cases that are not in the conformance file: \(unknown)")
        #expect(unsupported.count * 100 <= cases.count * 5, "more than 5% of the cases are listed as unsupported")
    }
}
