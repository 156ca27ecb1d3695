import Foundation
import Testing

/// `xi validate`, run on the bundled example and on broken copies of it.
@Suite("xi validate")
struct ValidateCommandTests {
    /// A copy of the bundled example in a temporary folder, to break at will.
    func copyOfExample() throws -> URL {
        let folder = try CommandRunner.temporaryFolder()
        for item in ["xi.yaml", "Goals", "Audiences", "schema"] {
            try FileManager.default.copyItem(
                at: CommandRunner.repositoryRoot.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
        return folder
    }

    @Test("the bundled example is valid and summarized")
    func example() throws {
        let result = try CommandRunner.run(["validate"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("valid: "))
        for word in ["goals", "signals", "audiences", "subscriptions"] {
            #expect(result.standardOutput.contains(word))
        }
    }

    @Test("every error in several files is reported in one run, located, with suggestions")
    func errorsAcrossFiles() throws {
        let folder = try copyOfExample()
        let goal = folder.appendingPathComponent("Goals/retention.yaml")
        var text = try String(contentsOf: goal, encoding: .utf8)
        text = text.replacingOccurrences(of: "signal: detractor", with: "signal: detracter")
        text = text.replacingOccurrences(of: "strength >= 0.6", with: "strenght >= 0.6")
        try text.write(to: goal, atomically: true, encoding: .utf8)
        try "".write(to: folder.appendingPathComponent("Goals/empty.yaml"), atomically: true, encoding: .utf8)
        try Data([0x67, 0x6F, 0x61, 0x6C, 0x3A, 0x20, 0xFF, 0x0A]).write(to: folder.appendingPathComponent("Goals/binary.yaml"))
        let nested = String(repeating: "(", count: 10_000) + "score" + String(repeating: ")", count: 10_000)
        try "goal: deep\nname: Deep\nobjective: custom\nowner: a@b.example\nsignals:\n  - { signal: detractor, weight: 1 }\nwindow: 30d\nthreshold: 1\npriority:\n  high: \"\(nested) > 1\"\nrecommend: x\n"
            .write(to: folder.appendingPathComponent("Goals/deep.yaml"), atomically: true, encoding: .utf8)

        let result = try CommandRunner.run(["validate", folder.path])
        #expect(result.status == 1)
        let errors = result.standardError
        #expect(errors.contains("Goals/retention.yaml:"))
        #expect(errors.contains("did you mean 'detractor'?"))
        #expect(errors.contains("did you mean 'strength'?"))
        #expect(errors.contains("Goals/empty.yaml:1:1:"))
        #expect(errors.contains("Goals/binary.yaml:1:"))
        #expect(errors.contains("UTF-8"))
        #expect(errors.contains("Goals/deep.yaml:10:"))
        #expect(errors.contains("nested too deeply"))
    }

    @Test("a folder without goals is an error, not an empty success")
    func noGoals() throws {
        let folder = try copyOfExample()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Goals"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Goals"), withIntermediateDirectories: true)
        let result = try CommandRunner.run(["validate", folder.path])
        #expect(result.status == 1)
        #expect(result.standardError.contains("Goals"))
    }
}
