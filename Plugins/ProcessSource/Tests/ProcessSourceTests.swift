import Foundation
import Testing
import XIExpression
import XIPluginAPI
import XIPluginTesting
import XIProcessSource

/// Everything a read gave before it ended or failed.
struct PartialRead {
    var events: [Event] = []
    var rejected: [RejectedRecord] = []
    var checkpoint: SourceCheckpoint?
    var failure: String?
}

func readUntilFailure(_ source: ProcessSource, from checkpoint: SourceCheckpoint? = nil) async throws -> PartialRead {
    var reader = try source.makeReader(from: checkpoint)
    var result = PartialRead(checkpoint: checkpoint)
    do {
        while let batch = try await reader.next() {
            result.events += batch.events
            result.rejected += batch.rejected
            result.checkpoint = batch.checkpoint
        }
    } catch {
        result.failure = (error as? PluginError)?.message ?? "\(error)"
    }
    return result
}

@Suite("process source (xi's protocol, real child processes)")
struct ProcessSourceTests {
    @Test("reads every event, stores the plugin's state, and a rerun from it reads nothing new")
    func readsAndResumes() async throws {
        let folder = TestFolder()
        let source = try ProcessSource(context: fakePluginContext(folder, config: ["records": .integer(95)]), settings: fakeSettings(), dialect: .xi)
        let first = try await readAll(source)
        #expect(first.events.map(\.id) == (0..<95).map { "E-\($0)" })
        #expect(first.rejected.isEmpty)
        #expect(first.events[7].subjects.first?.id == "C-2")
        #expect(first.value(7, "value", source.schema)?.int == 7)
        let checkpoint = try ProcessCheckpoint(first.checkpoint)
        #expect(checkpoint == ProcessCheckpoint(state: #"{"next":95}"#, after: 0))
        let again = try await readAll(source, from: first.checkpoint)
        #expect(again.events.isEmpty)
        // The config file, which may hold secrets, is removed once the plugin has ended.
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: folder.path + "/.xi/plugins")) ?? []
        #expect(!leftovers.contains { $0.hasSuffix(".config.json") })
    }

    @Test("passes the plugin-testing source conformance check")
    func conforms() async throws {
        let folder = TestFolder()
        let context = fakePluginContext(folder, config: ["records": .integer(40), "every": .integer(3), "no_final_state": .boolean(true)], options: ["batch_size": .integer(4)])
        let failures = await SourceConformance.check(makeSource: { try ProcessSource(context: context, settings: fakeSettings(), dialect: .xi) })
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("a plugin that crashes mid-stream is restarted from its last state; no event is lost or read twice")
    func crashIsRestarted() async throws {
        let folder = TestFolder()
        let source = try ProcessSource(
            context: fakePluginContext(folder, config: ["records": .integer(60), "crash_at": .integer(37)]), settings: fakeSettings(), dialect: .xi)
        let read = try await readUntilFailure(source)
        #expect(read.failure == nil)
        #expect(read.events.map(\.id) == (0..<60).map { "E-\($0)" })
    }

    @Test("a plugin that stops writing is killed after the timeout and restarted")
    func hangIsKilled() async throws {
        let folder = TestFolder()
        let context = fakePluginContext(folder, config: ["records": .integer(30), "hang_at": .integer(12)], options: ["timeout": .string("1s")])
        let source = try ProcessSource(context: context, settings: fakeSettings(), dialect: .xi)
        let read = try await readUntilFailure(source)
        #expect(read.failure == nil)
        #expect(read.events.map(\.id) == (0..<30).map { "E-\($0)" })
    }

    @Test("a plugin that keeps crashing is given up after its restarts, keeping what it sent, with a clear reason")
    func repeatedCrashesFail() async throws {
        let folder = TestFolder()
        // No marker file can be made in a folder that does not exist, so it crashes every time.
        var context = fakePluginContext(folder, config: ["records": .integer(50), "crash_at": .integer(25)], options: ["restarts": .integer(2)])
        context.options["config"] = .mapping(["records": .integer(50), "crash_at": .integer(25), "marker": .string(folder.path + "/missing/marker")])
        let source = try ProcessSource(context: context, settings: fakeSettings(), dialect: .xi)
        let read = try await readUntilFailure(source)
        #expect(read.events.map(\.id) == (0..<25).map { "E-\($0)" })
        let failure = try #require(read.failure)
        #expect(failure.contains("exited with status 1"), "\(failure)")
        #expect(failure.contains("after 2 restarts"))
        #expect(failure.contains("last state"))
        // The checkpoint of the last batch resumes after what was read.
        #expect(try ProcessCheckpoint(read.checkpoint) == ProcessCheckpoint(state: #"{"next":20}"#, after: 5))
    }

    @Test("garbage lines and a 3 MB line are rejected with their position; the rest is read")
    func garbageAndFloods() async throws {
        let folder = TestFolder()
        let context = fakePluginContext(folder, config: ["records": .integer(20), "garbage": .boolean(true), "long_line_at": .integer(15)])
        let source = try ProcessSource(context: context, settings: fakeSettings(), dialect: .xi)
        let read = try await readAll(source)
        #expect(read.events.count == 20)
        let reasons = read.rejected.map(\.reason)
        #expect(reasons.filter { $0.hasPrefix("not a plugin message") }.count == 3)
        #expect(reasons.contains { $0.contains("longer than max_record_bytes") })
        #expect(read.rejected.allSatisfy { $0.excerpt.utf8.count <= 2_048 })
        #expect(read.rejected.first?.position.line == 5)  // LOG, E-0, E-1, E-2, then the garbage
    }

    @Test("an ERROR marked fatal gives the source up at once, keeping what came before")
    func fatalError() async throws {
        let folder = TestFolder()
        let source = try ProcessSource(
            context: fakePluginContext(folder, config: ["records": .integer(30), "fatal_at": .integer(14)]), settings: fakeSettings(), dialect: .xi)
        let read = try await readUntilFailure(source)
        #expect(read.events.count == 14)
        #expect(read.failure?.contains("the token was revoked") == true)
    }

    @Test("config is checked against the plugin's spec before anything is read")
    func specValidation() throws {
        let folder = TestFolder()
        let wrongType = fakePluginContext(folder, config: ["records": .string("many")])
        let first = makingError(wrongType)
        #expect(first.contains("config.records: \"many\" is not an integer"), "\(first)")
        let unknown = fakePluginContext(folder, config: ["recs": .integer(3)])
        let second = makingError(unknown)
        #expect(second.contains("config.records: required (How many records to write.)"), "\(second)")
        #expect(second.contains("config.recs: unknown option"), "\(second)")
    }

    private func makingError(_ context: PluginContext) -> String {
        do {
            _ = try ProcessSource(context: context, settings: fakeSettings(), dialect: .xi)
            return "no error"
        } catch {
            return error.message
        }
    }

    @Test("a program that cannot be started fails the source with what to check")
    func missingProgram() async throws {
        let folder = TestFolder()
        let context = folder.context(["command": .string("no-such-program-xi --flag"), "validate_spec": .boolean(false)], name: "tickets")
        let source = try ProcessSource(context: context, settings: fakeSettings(), dialect: .xi)
        let read = try await readUntilFailure(source)
        #expect(read.failure?.contains("cannot start 'no-such-program-xi'") == true, "\(read.failure ?? "")")
    }

    @Test("without an id mapping, an event's id is a digest of its record, the same after a restart")
    func contentIDs() async throws {
        let folder = TestFolder()
        let context = fakePluginContext(folder, config: ["records": .integer(12), "crash_at": .integer(7)])
        let source = try ProcessSource(context: context, settings: fakeSettings(id: false), dialect: .xi)
        let read = try await readAll(source)
        #expect(read.events.count == 12)
        #expect(Set(read.events.map(\.id)).count == 12)
        #expect(read.events.allSatisfy { $0.id.hasPrefix("tickets:") })
    }
}
