import XIPluginAPI

extension InMemorySource {
    /// Reads an ``InMemorySource`` a batch at a time.
    public struct Reader: SourceReader, Sendable {
        let records: [Record]
        var position: Int
        let batchSize: Int

        /// The next batch, or nil after the last record.
        public mutating func next() async throws -> SourceBatch? {
            guard position < records.count else { return nil }
            let end = min(records.count, position + batchSize)
            var events: [Event] = []
            var rejected: [RejectedRecord] = []
            for record in records[position..<end] {
                switch record {
                case .event(let event): events.append(event)
                case .rejected(let record): rejected.append(record)
                }
            }
            position = end
            return SourceBatch(events: events, rejected: rejected, checkpoint: InMemorySource.checkpoint(afterRecords: end))
        }
    }
}
