import Foundation
import XIExpression

/// The compact binary form of a chunk of rows (evidence, events) that the store keeps as one
/// blob per commit: varint integers, length-prefixed UTF-8 strings, and a table for strings that
/// repeat (goal, signal, source and kind names), so writing a row costs a few byte copies rather
/// than an SQLite insert and index update.
struct ChunkWriter {
    /// The format's version, the blob's first byte.
    static let version: UInt8 = 1
    /// The rows written, after ``headerRoom`` bytes kept free for the header (``rowBytes`` counts
    /// the rows alone).
    private(set) var rows: [UInt8] = []
    /// Bytes kept free at the start of `rows` for the header (see ``withEncoded(_:)``).
    private var headerRoom = 0
    private var table: [String: Int] = [:]
    /// The last eight names asked for through ``number(ofRecent:)``, with their numbers.
    private var recentNames: [(name: String, number: Int)] = []
    private var names: [String] = []
    private(set) var count = 0
    private(set) var minimumSeconds = Int64.max
    private(set) var maximumSeconds = Int64.min

    var isEmpty: Bool { count == 0 }

    /// Starts the next row.
    mutating func beginRow() { count += 1 }

    /// Writes an unsigned integer, 7 bits a byte.
    mutating func write(unsigned value: UInt64) {
        Self.varint(value) { rows.append($0) }
    }

    /// Gives `emit` the bytes of `value` as a varint: 7 bits a byte, the lowest first, the high
    /// bit set on every byte but the last (what ``ChunkReader`` reads). One writer for the rows,
    /// which grow, and for the header, written into a buffer of its exact size.
    @inline(__always)
    static func varint(_ value: UInt64, _ emit: (UInt8) -> Void) {
        var value = value
        while value >= 0x80 {
            emit(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        emit(UInt8(value))
    }

    /// Writes a signed integer (zigzag).
    mutating func write(signed value: Int64) {
        write(unsigned: UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Writes a string whole.
    mutating func write(_ text: String) {
        // Read where the text is (a copy into a `var` for `withUTF8` retained it, for every string
        // of every event and piece of evidence logged); a bridged string is copied first.
        if text.utf8.withContiguousStorageIfAvailable({ write(utf8: $0) }) == nil {
            var text = text
            text.withUTF8 { write(utf8: $0) }
        }
    }

    /// Writes a string's UTF-8 bytes: their count, then the bytes.
    private mutating func write(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        write(unsigned: UInt64(bytes.count))
        rows.append(contentsOf: bytes)
    }

    /// Writes a string that repeats across rows, as its number in the chunk's table.
    mutating func write(name: String) {
        write(unsigned: UInt64(number(of: name)))
    }

    /// A name's number in the chunk's table (added when new): writers that repeat the same names
    /// on every row look them up once and write the numbers.
    mutating func number(of name: String) -> Int {
        // A few names (an insight document's signals) are found faster by looking through them
        // than by hashing; the table is made once there are more.
        if names.count <= Self.namesWithoutTable {
            if let number = names.firstIndex(of: name) { return number }
            // Room for the names looked through, at the first: an insight document's list grew one by one.
            if names.isEmpty { names.reserveCapacity(Self.namesWithoutTable) }
            names.append(name)
            if names.count > Self.namesWithoutTable {
                for (number, name) in names.enumerated() { table[name] = number }
            }
            return names.count - 1
        }
        if let number = table[name] { return number }
        table[name] = names.count
        names.append(name)
        return names.count - 1
    }

    /// How many names are looked up without the table.
    static let namesWithoutTable = 8

    /// The header room of a commit's event and evidence logs: their names (sources, kinds,
    /// subject kinds, fields, goals, signals, files) take a few hundred bytes; a header larger
    /// than this is copied in front of the rows instead.
    static let largeHeaderRoom = 4_096

    /// ``number(of:)`` for a name that repeats row after row among a few others (a subject kind,
    /// a file): looked through the last eight asked for before the table, without hashing it (a
    /// file's name is one string shared by its rows, compared by its storage first).
    mutating func number(ofRecent name: String) -> Int {
        for entry in recentNames where entry.name == name { return entry.number }
        let number = number(of: name)
        if recentNames.count == 8 { recentNames.removeFirst() }
        recentNames.append((name, number))
        return number
    }

    /// Starts a writer with room for `capacity` bytes of rows, and `headerRoom` bytes before them
    /// for the header, so that a large chunk is bound where it is (``withEncoded(_:)``) rather
    /// than copied behind its header.
    init(capacity: Int, headerRoom: Int = 0) {
        rows.reserveCapacity(capacity + headerRoom)
        rows.append(contentsOf: repeatElement(0, count: headerRoom))
        self.headerRoom = headerRoom
    }

    /// The bytes of rows written.
    var rowBytes: Int { rows.count - headerRoom }

    /// Forgets every row and name, keeping the storage, for another chunk without header room.
    mutating func removeAll() {
        rows.removeAll(keepingCapacity: true)
        headerRoom = 0
        if !table.isEmpty { table.removeAll(keepingCapacity: true) }
        recentNames.removeAll(keepingCapacity: true)
        names.removeAll(keepingCapacity: true)
        count = 0
        minimumSeconds = .max
        maximumSeconds = .min
    }

    init() {}

    /// Writes a time, and widens the chunk's time range.
    mutating func write(_ time: TimestampValue) {
        write(signed: time.seconds)
        write(unsigned: UInt64(time.nanoseconds))
        minimumSeconds = min(minimumSeconds, time.seconds)
        maximumSeconds = max(maximumSeconds, time.seconds)
    }

    /// Writes a number exactly.
    mutating func write(_ number: Double) {
        var bits = number.bitPattern
        for _ in 0..<8 {
            rows.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    /// The blob: version, name table, row count, rows, in one buffer of its exact size (the
    /// header is written in place, not made apart and copied: an insight document is a chunk).
    func encoded() -> [UInt8] {
        let headerLength = self.headerLength
        let rowBytes = self.rowBytes
        return [UInt8](unsafeUninitializedCapacity: headerLength + rowBytes) { buffer, count in
            writeHeader(to: buffer)
            rows.withUnsafeBufferPointer { rows in
                _ = UnsafeMutableBufferPointer(rebasing: buffer[headerLength...]).initialize(fromContentsOf: rows[headerRoom...])
            }
            count = headerLength + rowBytes
        }
    }

    /// Calls `body` with the blob (the bytes ``encoded()`` returns). When the header fits in the
    /// room kept for it, it is written there and the blob is lent where it lies: a commit's event
    /// log is megabytes, which the copy behind the header mapped, faulted in and wrote again.
    mutating func withEncoded<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let header = self.header()
        guard header.count <= headerRoom else { return try encoded().withUnsafeBytes(body) }
        let start = headerRoom - header.count
        rows.replaceSubrange(start..<headerRoom, with: header)
        return try rows.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }

    /// What comes before the rows: version, name table, row count.
    private func header() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: headerLength) { buffer, count in
            writeHeader(to: buffer)
            count = buffer.count
        }
    }

    /// How many bytes the header takes.
    private var headerLength: Int {
        names.reduce(1 + Self.length(unsigned: UInt64(names.count)) + Self.length(unsigned: UInt64(count))) { length, name in
            length + Self.length(unsigned: UInt64(name.utf8.count)) + name.utf8.count
        }
    }

    /// Writes the header at the start of `buffer`, which has room for ``headerLength`` bytes.
    private func writeHeader(to buffer: UnsafeMutableBufferPointer<UInt8>) {
        var position = 0
        func put(unsigned value: UInt64) {
            Self.varint(value) { byte in
                buffer[position] = byte
                position += 1
            }
        }
        buffer[0] = Self.version
        position = 1
        put(unsigned: UInt64(names.count))
        for name in names {
            var name = name
            name.withUTF8 { bytes in
                put(unsigned: UInt64(bytes.count))
                _ = UnsafeMutableBufferPointer(rebasing: buffer[position...]).initialize(fromContentsOf: bytes)
                position += bytes.count
            }
        }
        put(unsigned: UInt64(count))
    }

    /// How many bytes ``write(unsigned:)`` takes for `value`.
    private static func length(unsigned value: UInt64) -> Int {
        max(1, (64 - value.leadingZeroBitCount + 6) / 7)
    }
}

/// Reads what ``ChunkWriter`` wrote. Every read checks its bounds: a damaged blob gives an error,
/// never a crash.
struct ChunkReader {
    struct Damaged: Error, CustomStringConvertible {
        var description: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private var names: [String] = []
    /// The number of rows.
    private(set) var count = 0

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        guard bytes.first == ChunkWriter.version else {
            throw Damaged(description: "stored chunk has format \(bytes.first.map(String.init) ?? "none"); this xi reads \(ChunkWriter.version)")
        }
        index = 1
        let nameCount = try readUnsigned()
        for _ in 0..<nameCount { names.append(try readString()) }
        count = Int(try readUnsigned())
    }

    mutating func readUnsigned() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count, shift < 64 else { throw Damaged(description: "stored chunk ends inside a number") }
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func readSigned() throws -> Int64 {
        let raw = try readUnsigned()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func readString() throws -> String {
        let length = Int(try readUnsigned())
        guard length >= 0, index + length <= bytes.count else { throw Damaged(description: "stored chunk ends inside a string") }
        defer { index += length }
        return String(decoding: bytes[index..<index + length], as: UTF8.self)
    }

    /// Whether the next string is `text` (UTF-8), moving past it without making it.
    mutating func readString(equalTo text: [UInt8]) throws -> Bool {
        let length = Int(try readUnsigned())
        guard length >= 0, index + length <= bytes.count else { throw Damaged(description: "stored chunk ends inside a string") }
        defer { index += length }
        return length == text.count && bytes[index..<index + length].elementsEqual(text)
    }

    /// Moves past a string without making it.
    mutating func skipString() throws {
        let length = Int(try readUnsigned())
        guard length >= 0, index + length <= bytes.count else { throw Damaged(description: "stored chunk ends inside a string") }
        index += length
    }

    mutating func readName() throws -> String {
        let number = Int(try readUnsigned())
        guard number < names.count else { throw Damaged(description: "stored chunk names entry \(number) of \(names.count)") }
        return names[number]
    }

    mutating func readTime() throws -> TimestampValue {
        let seconds = try readSigned()
        let nanoseconds = try readUnsigned()
        guard nanoseconds < 1_000_000_000, let time = TimestampValue(seconds: seconds, nanoseconds: Int64(nanoseconds)) else {
            throw Damaged(description: "stored chunk holds an invalid time")
        }
        return time
    }

    mutating func readDouble() throws -> Double {
        guard index + 8 <= bytes.count else { throw Damaged(description: "stored chunk ends inside a number") }
        var bits: UInt64 = 0
        for offset in 0..<8 { bits |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
        index += 8
        return Double(bitPattern: bits)
    }
}
