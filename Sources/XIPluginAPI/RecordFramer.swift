import Foundation

/// Finds where records end in a file's bytes, for ``FileRecordReader``: a newline, or for CSV a
/// newline outside quotes. It is fed the bytes of one record in pieces and keeps its state between
/// them, so a record may span any number of reads.
public protocol RecordFramer: Sendable {
    /// Forgets the current record: the next bytes start a new one.
    mutating func reset()
    /// The index in `bytes` of the newline (`\n`) that ends the current record, or nil when
    /// `bytes` holds no end (the record goes on in the next bytes).
    mutating func findEnd(in bytes: UnsafeBufferPointer<UInt8>) -> Int?
    /// Newlines seen inside the current record so far (a quoted CSV cell spanning lines).
    var newlinesInside: Int { get }
}

/// Records end at every newline: JSON lines, plain text.
public struct LineFramer: RecordFramer {
    /// Creates a framer.
    public init() {}
    /// Does nothing: a line has no state.
    public mutating func reset() {}
    /// Always 0.
    public var newlinesInside: Int { 0 }
    /// The first newline.
    public mutating func findEnd(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        guard let found = memchr(base, 10, bytes.count) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }
}
