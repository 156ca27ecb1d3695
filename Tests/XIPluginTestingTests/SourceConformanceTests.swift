import Testing
import XIPluginAPI
import XIPluginTesting

@Suite struct SourceConformanceTests {
    @Test(arguments: [1, 3, 7, 100])
    func inMemorySourceConforms(batchSize: Int) async {
        let failures = await SourceConformance.check(makeSource: {
            InMemorySource(schema: Fixtures.schema, records: Fixtures.records, batchSize: batchSize)
        })
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func anEmptySourceConforms() async {
        let failures = await SourceConformance.check(makeSource: { InMemorySource(schema: Fixtures.schema, events: []) })
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func inMemorySourceReadsFromACheckpoint() async throws {
        let source = InMemorySource(schema: Fixtures.schema, records: Fixtures.records, batchSize: 10)
        var reader = try source.makeReader(from: InMemorySource.checkpoint(afterRecords: 20))
        let batch = try #require(try await reader.next())
        #expect(batch.events.map(\.id) == ["survey:20", "survey:21", "survey:22", "survey:23"])
        #expect(batch.rejected.count == 1)
        #expect(batch.checkpoint == InMemorySource.checkpoint(afterRecords: 25))
        #expect(try await reader.next() == nil)
        #expect(throws: PluginError.self) { try source.makeReader(from: SourceCheckpoint("line:3")) }
        #expect(throws: PluginError.self) { try source.makeReader(from: InMemorySource.checkpoint(afterRecords: 26)) }
    }

    @Test func findsUnstableIDsAndIgnoredCheckpoints() async {
        let source = ForgetfulSource()
        let failures = await SourceConformance.check(makeSource: { source })
        #expect(failures.contains { $0.contains("two reads from the beginning gave different event ids") })
        #expect(failures.contains { $0.contains("reading from the final checkpoint") })
        #expect(failures.contains { $0.contains("reading from the checkpoint after batch 1") })
    }

    @Test func findsInconsistentEvents() async {
        var duplicate = Fixtures.event(1)
        duplicate.kind = "contact"
        duplicate.fields = []
        let records: [InMemorySource.Record] = [.event(Fixtures.event(1)), .event(duplicate), .rejected(Fixtures.rejected(1))]
        let failures = await SourceConformance.check(makeSource: { InMemorySource(schema: Fixtures.schema, records: records) })
        #expect(failures.contains { $0.contains("occurs twice") })
        #expect(failures.contains { $0.contains("has kind 'contact'") })
        #expect(failures.contains { $0.contains("has 0 fields") })
        #expect(failures.contains { $0.contains("both an event and a rejected record") })
    }
}
