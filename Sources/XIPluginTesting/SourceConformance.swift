import XIPluginAPI

/// One call that checks a ``SourceAdapter`` against the contract of the plugin API, returning
/// what is wrong as a list of failures (empty when it conforms):
///
/// ```swift
/// @Test func conforms() async {
///     let failures = await SourceConformance.check(makeSource: { try CSVSource(path: sample) })
///     #expect(failures.isEmpty, "\(failures)")
/// }
/// ```
///
/// What it checks, on a source that holds some records:
/// - reading from the beginning ends (within `maximumBatches`), without throwing;
/// - events and rejected records are consistent: events carry the schema's source, kind and
///   number of fields, non-empty ids that are unique, and no event shares its position with a
///   rejected record; rejected records carry a reason;
/// - event ids are stable: a second read gives the same ids in the same order;
/// - rereading from the final checkpoint gives nothing;
/// - reading from an intermediate checkpoint gives exactly the events after it.
public enum SourceConformance {
    /// Checks the source that `makeSource` makes (called for each read).
    ///
    /// - Parameters:
    ///   - makeSource: Makes the source adapter.
    ///   - maximumBatches: How many batches a read may take before it counts as endless.
    /// - Returns: The failures, each a sentence; empty when the source conforms.
    public static func check(makeSource: () throws -> any SourceAdapter, maximumBatches: Int = 100_000) async -> [String] {
        let source: any SourceAdapter
        do {
            source = try makeSource()
        } catch {
            return ["makeSource threw: \(error)"]
        }
        return await check(opened: source, makeSource: makeSource, maximumBatches: maximumBatches)
    }

    private static func check<Source: SourceAdapter>(
        opened source: Source, makeSource: () throws -> any SourceAdapter, maximumBatches: Int
    ) async -> [String] {
        var failures: [String] = []
        let schema = source.schema
        let first: [SourceBatch]
        do {
            first = try await read(source, from: nil, maximumBatches: maximumBatches)
        } catch {
            return ["reading from the beginning failed: \(error)"]
        }
        failures += consistencyProblems(first, schema: schema)

        // Stable ids across two reads (of a newly made source).
        do {
            let again = try makeSource()
            let second = try await read(opening: again, from: nil, maximumBatches: maximumBatches)
            let firstIDs = first.flatMap(\.events).map(\.id)
            let secondIDs = second.flatMap(\.events).map(\.id)
            if firstIDs != secondIDs {
                failures.append("two reads from the beginning gave different event ids (\(firstIDs.count) then \(secondIDs.count) events\(firstDifference(firstIDs, secondIDs)))")
            }
            let firstRejected = first.reduce(0) { $0 + $1.rejected.count }
            let secondRejected = second.reduce(0) { $0 + $1.rejected.count }
            if firstRejected != secondRejected {
                failures.append("two reads from the beginning rejected \(firstRejected) then \(secondRejected) records")
            }
        } catch {
            failures.append("the second read from the beginning failed: \(error)")
        }

        guard let last = first.last else { return failures }

        // Nothing after the final checkpoint.
        do {
            let rest = try await read(source, from: last.checkpoint, maximumBatches: maximumBatches)
            let events = rest.flatMap(\.events)
            let rejected = rest.flatMap(\.rejected)
            if !events.isEmpty || !rejected.isEmpty {
                failures.append("reading from the final checkpoint '\(last.checkpoint.value)' gave \(events.count) events and \(rejected.count) rejected records; expected none (first event id: \(events.first?.id ?? "-"))")
            }
        } catch {
            failures.append("reading from the final checkpoint '\(last.checkpoint.value)' failed: \(error)")
        }

        // Exactly the rest after intermediate checkpoints (at most 10 of them, spread out).
        let intermediate = Array(first.indices.dropLast())
        let step = max(1, intermediate.count / 10)
        for index in stride(from: 0, to: intermediate.count, by: step) {
            let checkpoint = first[index].checkpoint
            let expected = first[(index + 1)...].flatMap(\.events).map(\.id)
            do {
                let rest = try await read(source, from: checkpoint, maximumBatches: maximumBatches)
                let actual = rest.flatMap(\.events).map(\.id)
                if actual != expected {
                    failures.append("reading from the checkpoint after batch \(index + 1) ('\(checkpoint.value)') gave \(actual.count) events; expected the \(expected.count) after it\(firstDifference(expected, actual))")
                }
            } catch {
                failures.append("reading from the checkpoint after batch \(index + 1) ('\(checkpoint.value)') failed: \(error)")
            }
        }
        return failures
    }

    /// Events and rejected records that break the contract.
    static func consistencyProblems(_ batches: [SourceBatch], schema: EventSchema) -> [String] {
        var failures: [String] = []
        var ids: Set<String> = []
        var eventPositions: Set<RecordPosition> = []
        for event in batches.flatMap(\.events) {
            if event.id.isEmpty { failures.append("an event at \(event.position) has an empty id") }
            if !ids.insert(event.id).inserted { failures.append("event id '\(event.id)' occurs twice in one read") }
            if event.source != schema.source {
                failures.append("event '\(event.id)' has source '\(event.source)'; the schema's is '\(schema.source)'")
            }
            if event.kind != schema.kind {
                failures.append("event '\(event.id)' has kind '\(event.kind)'; the schema's is '\(schema.kind)'")
            }
            if event.fields.count != schema.fields.count {
                failures.append("event '\(event.id)' has \(event.fields.count) fields; the schema declares \(schema.fields.count)")
            }
            eventPositions.insert(event.position)
        }
        for record in batches.flatMap(\.rejected) {
            if record.reason.trimmingSpaces().isEmpty { failures.append("the rejected record at \(record.position) has no reason") }
            if record.source != schema.source {
                failures.append("the rejected record at \(record.position) has source '\(record.source)'; the schema's is '\(schema.source)'")
            }
            if eventPositions.contains(record.position) {
                failures.append("\(record.position) is both an event and a rejected record")
            }
        }
        return Array(failures.prefix(50))
    }

    private static func read(opening source: any SourceAdapter, from checkpoint: SourceCheckpoint?, maximumBatches: Int) async throws -> [SourceBatch] {
        try await read(source, from: checkpoint, maximumBatches: maximumBatches)
    }

    /// All batches from `checkpoint` to the end.
    static func read<Source: SourceAdapter>(_ source: Source, from checkpoint: SourceCheckpoint?, maximumBatches: Int) async throws -> [SourceBatch] {
        var reader = try source.makeReader(from: checkpoint)
        var batches: [SourceBatch] = []
        while let batch = try await reader.next() {
            batches.append(batch)
            if batches.count > maximumBatches {
                throw ConformanceError("the read did not end after \(maximumBatches) batches")
            }
        }
        return batches
    }

    /// `; first difference at event n: 'a' vs 'b'`, or nothing when one is a prefix of the other.
    private static func firstDifference(_ expected: [String], _ actual: [String]) -> String {
        for (index, pair) in zip(expected, actual).enumerated() where pair.0 != pair.1 {
            return "; first difference at event \(index + 1): '\(pair.0)' vs '\(pair.1)'"
        }
        return ""
    }
}
