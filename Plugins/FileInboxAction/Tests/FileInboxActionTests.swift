import Foundation
import Testing
import XIFileInboxAction
import XIPluginAPI
import XIPluginTesting

@Suite struct FileInboxActionTests {
    let folder: String

    init() throws {
        folder = Self.root + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// One folder for this test process's inboxes, removed when it exits.
    static let root: String = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("xi-inbox-\(ProcessInfo.processInfo.processIdentifier)").path
        atexit { try? FileManager.default.removeItem(atPath: FileInboxActionTests.root) }
        return root
    }()

    func delivery(_ id: String, audience: String = "retention-team", kind: Delivery.Kind = .insight, body: String = #"{"goal":"retention","score":9}"#) -> Delivery {
        Delivery(id: id, audience: audience, action: "\(audience)/0-file", kind: kind, insights: ["ins-\(id)"], body: body)
    }

    func lines(_ name: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        #expect(text.isEmpty || text.hasSuffix("\n"))
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func writesTheEnvelopeWithTheBodyAsJSON() async throws {
        let action = FileInboxAction(folder: folder)
        let receipt = await action.deliver(delivery("d-1", body: "{\n  \"goal\": \"retention\",\n  \"score\": 9\n}"))
        #expect(receipt == .delivered(reference: folder + "/retention-team.jsonl"))
        let written = try lines("retention-team.jsonl")
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line["id"] as? String == "d-1")
        #expect(line["audience"] as? String == "retention-team")
        #expect(line["kind"] as? String == "insight")
        #expect(line["insights"] as? [String] == ["ins-d-1"])
        #expect((line["delivered_at"] as? String)?.hasSuffix("Z") == true)
        let body = try #require(line["body"] as? [String: Any])
        #expect(body["goal"] as? String == "retention")
    }

    @Test func writesEachIDOnceAcrossRetriesAndRestarts() async throws {
        let first = FileInboxAction(folder: folder)
        for attempt in 0..<3 {
            var retried = delivery("d-1")
            retried.attempt = attempt
            #expect(await first.deliver(retried).isDelivered)
        }
        #expect(await first.deliver(delivery("d-2")).isDelivered)
        // A restart: a new action over the same folder.
        let second = FileInboxAction(folder: folder)
        #expect(await second.deliver(delivery("d-1")).isDelivered)
        #expect(await second.deliver(delivery("d-2")).isDelivered)
        #expect(await second.deliver(delivery("d-3")).isDelivered)
        #expect(try lines("retention-team.jsonl").compactMap { $0["id"] as? String } == ["d-1", "d-2", "d-3"])
    }

    @Test func repairsAPartialLastLineBeforeAppending() async throws {
        let first = FileInboxAction(folder: folder)
        #expect(await first.deliver(delivery("d-1")).isDelivered)
        // A crash in the middle of a line.
        let path = folder + "/retention-team.jsonl"
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"id":"d-2","audience":"retention-te"#.utf8))
        try handle.close()

        let restarted = FileInboxAction(folder: folder)
        #expect(await restarted.deliver(delivery("d-2")).isDelivered)
        #expect(await restarted.deliver(delivery("d-1")).isDelivered)
        #expect(try lines("retention-team.jsonl").compactMap { $0["id"] as? String } == ["d-1", "d-2"])
    }

    @Test func writesDigestsToTheirOwnFile() async throws {
        let action = FileInboxAction(folder: folder)
        #expect(await action.deliver(delivery("d-1")).isDelivered)
        #expect(await action.deliver(delivery("digest-1", kind: .digest, body: #"{"insights":[1,2]}"#)).isDelivered)
        #expect(await action.deliver(delivery("digest-1", kind: .digest, body: #"{"insights":[1,2]}"#)).isDelivered)
        #expect(try lines("retention-team.jsonl").compactMap { $0["id"] as? String } == ["d-1"])
        let digests = try lines("retention-team.digest.jsonl")
        #expect(digests.compactMap { $0["id"] as? String } == ["digest-1"])
        #expect(digests.first?["kind"] as? String == "digest")
    }

    @Test func keepsAudiencesApartAndNamesFilesSafely() async throws {
        let action = FileInboxAction(folder: folder)
        #expect(await action.deliver(delivery("d-1", audience: "../escape")).isDelivered)
        #expect(await action.deliver(delivery("d-1", audience: "complaints")).isDelivered)
        #expect(FileManager.default.fileExists(atPath: folder + "/.._escape.jsonl"))
        #expect(try lines("complaints.jsonl").count == 1)
        // ASCII letters, digits and `-_.` are kept; any other character becomes one `_`; a name of dots gets one before it.
        let names = ["retention-team": "retention-team", "Équipe rétention/x": "_quipe_r_tention_x", "a.b_C-9": "a.b_C-9", "..": "_..", "": "_", "客户 🙂": "____"]
        for (audience, name) in names {
            #expect(action.path(for: delivery("d-2", audience: audience)) == folder + "/" + name + ".jsonl")
        }
    }

    @Test func sortsABatchIntoItsFilesInOrder() async throws {
        // Two audiences whose names make the same file name share it; digests go to their own file.
        let action = FileInboxAction(folder: folder)
        let batch = [
            delivery("a-1", audience: "a b"), delivery("c-1", audience: "c"), delivery("a-2", audience: "a_b"),
            delivery("a-3", audience: "a b", kind: .digest, body: #"{"insights":[]}"#), delivery("a-4", audience: "a b"),
            delivery("c-1", audience: "c"),
        ]
        let receipts = await action.deliver(batch: batch)
        #expect(receipts.count == batch.count)
        #expect(receipts.allSatisfy { $0.isDelivered })
        #expect(try lines("a_b.jsonl").compactMap { $0["id"] as? String } == ["a-1", "a-2", "a-4"])
        #expect(try lines("a_b.jsonl").compactMap { $0["audience"] as? String } == ["a b", "a_b", "a b"])
        #expect(try lines("a_b.digest.jsonl").compactMap { $0["id"] as? String } == ["a-3"])
        #expect(try lines("c.jsonl").compactMap { $0["id"] as? String } == ["c-1"])
    }

    @Test func rejectsABodyThatIsNotJSON() async throws {
        let action = FileInboxAction(folder: folder)
        let receipt = await action.deliver(delivery("d-1", body: "not json"))
        guard case .rejected(let reason) = receipt else {
            Issue.record("expected .rejected, got \(receipt)")
            return
        }
        #expect(reason.contains("not JSON"))
    }

    @Test func answersRetryWhenTheFolderCannotBeWritten() async throws {
        let blocker = folder + "/blocked"
        _ = FileManager.default.createFile(atPath: blocker, contents: Data())
        let action = FileInboxAction(folder: blocker + "/inbox")
        let receipt = await action.deliver(delivery("d-1"))
        guard case .retry(let reason, _) = receipt else {
            Issue.record("expected .retry, got \(receipt)")
            return
        }
        #expect(reason.contains("inbox"))
    }

    @Test func passesTheActionConformanceCheck() async throws {
        let folder = self.folder
        let failures = await ActionConformance.check(
            makeAction: { FileInboxAction(folder: folder) },
            effects: { delivery in
                let action = FileInboxAction(folder: folder, synchronizes: false)
                let path = action.path(for: delivery)
                let text = try String(contentsOfFile: path, encoding: .utf8)
                return try text.split(separator: "\n").filter { line in
                    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                    return object?["id"] as? String == delivery.id
                }.count
            })
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func twoActionsOverOneFolderWriteEachIDOnce() async throws {
        // Two workers (two open files, each with its own flock) delivering the same ids at once.
        let first = FileInboxAction(folder: folder, synchronizes: false)
        let second = FileInboxAction(folder: folder, synchronizes: false)
        await withTaskGroup(of: Void.self) { group in
            for number in 0..<50 {
                for action in [first, second] {
                    group.addTask { _ = await action.deliver(self.delivery("d-\(number)")) }
                }
            }
        }
        let ids = try lines("retention-team.jsonl").compactMap { $0["id"] as? String }
        #expect(ids.count == 50)
        #expect(Set(ids).count == 50)
        #expect(try await first.deliveredIDs(audience: "retention-team").count == 50)
    }

    @Test func startsANewFileWhenAConsumerTakesTheInbox() async throws {
        let action = FileInboxAction(folder: folder)
        #expect(await action.deliver(delivery("d-1")).isDelivered)
        try FileManager.default.moveItem(atPath: folder + "/retention-team.jsonl", toPath: folder + "/taken.jsonl")
        #expect(await action.deliver(delivery("d-2")).isDelivered)
        #expect(try lines("retention-team.jsonl").compactMap { $0["id"] as? String } == ["d-2"])
        #expect(try lines("taken.jsonl").compactMap { $0["id"] as? String } == ["d-1"])
    }

    @Test func factoryResolvesOptions() throws {
        let context = PluginContext(
            name: "retention-team/0-file", options: ["path": .string("inbox"), "fsync": .boolean(false)],
            configurationFolder: folder, stateFolder: folder + "/.xi", environment: [:])
        let action = try FileInboxAction.make(context)
        #expect(action.folder == folder + "/inbox")
        #expect(action.synchronizes == false)
        let defaults = try FileInboxAction.make(PluginContext(name: "a", options: [:], configurationFolder: folder, stateFolder: folder + "/.xi", environment: [:]))
        #expect(defaults.folder == folder + "/.xi/inbox")
        #expect(defaults.synchronizes)
        #expect(FileInboxAction.factory.descriptor.kind == "file")
        #expect(FileInboxAction.factory.descriptor.category == .action)
        guard case .action = try FileInboxAction.factory.make(context, nil) else {
            Issue.record("the factory must make an action")
            return
        }
    }

    @Test func factoryRejectsOptionsThatCannotWork() throws {
        func make(_ options: [String: ConfigurationValue]) throws {
            _ = try FileInboxAction.make(PluginContext(name: "team/0-file", options: options, configurationFolder: folder, stateFolder: folder, environment: [:]))
        }
        #expect(throws: PluginError.self) { try make(["format": .string("xml")]) }
        #expect(throws: PluginError.self) { try make(["fsync": .string("sometimes")]) }
        #expect(throws: PluginError.self) { try make(["path": .string("${MISSING_INBOX}")]) }
        _ = FileManager.default.createFile(atPath: folder + "/a-file", contents: Data())
        #expect(throws: PluginError.self) { try make(["path": .string("a-file")]) }
    }
}

extension Receipt {
    var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }
}
