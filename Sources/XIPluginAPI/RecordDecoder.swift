/// The format half of a file source: how records end and how one record's bytes become raw
/// field values. ``FileSourceReader`` does the rest (files, chunks, size limit, UTF-8, batches,
/// checkpoints, rejections) for any format.
public protocol RecordDecoder: Sendable {
    /// How records end in this format.
    associatedtype Framer: RecordFramer

    /// A framer for a new file.
    func makeFramer() -> Framer

    /// Whether every file starts with a header record naming the columns.
    var hasHeader: Bool { get }

    /// Starts a file: `header` is its first record (when ``hasHeader``; without its line end),
    /// else nil. Returns why the file cannot be read, or nil.
    mutating func beginFile(header: UnsafeBufferPointer<UInt8>?, builder: EventBuilder) -> String?

    /// Fills `fields` (already cleared) from one record's bytes (valid UTF-8, without its line
    /// end). Returns why the record cannot be read ("unterminated quoted field"), or nil.
    mutating func decode(_ record: UnsafeBufferPointer<UInt8>, into fields: inout RecordFields, builder: EventBuilder) -> String?

    /// For the last record of a file without a newline after it: why it looks cut short (a CSV
    /// row with fewer cells than the header), or nil when it looks complete and may be read.
    func truncation(of record: UnsafeBufferPointer<UInt8>) -> String?
}

extension RecordDecoder {
    /// Records that decode are complete by default.
    public func truncation(of record: UnsafeBufferPointer<UInt8>) -> String? { nil }
}
