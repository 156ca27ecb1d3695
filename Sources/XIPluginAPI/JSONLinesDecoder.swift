import Foundation

/// Parses one JSON object per line and puts the mapped members into their slots; members the
/// settings do not use are skipped without building their values.
public struct JSONLinesDecoder: RecordDecoder {
    /// The keys of the previous line in order, with their slots: lines of one file usually
    /// repeat their keys in the same order, so most keys are matched by a byte compare.
    private var recentKeys: [(key: [UInt8], slot: Int?)] = []

    /// Creates a decoder.
    public init() {}

    /// Lines end at newlines.
    public func makeFramer() -> LineFramer { LineFramer() }

    /// JSON lines have no header.
    public var hasHeader: Bool { false }

    /// Nothing to do per file.
    public mutating func beginFile(header: UnsafeBufferPointer<UInt8>?, builder: EventBuilder) -> String? { nil }

    /// Parses the line's object into `fields`.
    public mutating func decode(_ record: UnsafeBufferPointer<UInt8>, into fields: inout RecordFields, builder: EventBuilder) -> String? {
        var parser = JSONParser(bytes: record)
        parser.skipWhitespace()
        guard parser.peek == UInt8(ascii: "{") else {
            return parser.atEnd ? "empty line" : "not a JSON object: a line must start with '{' (column \(parser.index + 1))"
        }
        if let problem = decodeObject(&parser, into: &fields, builder: builder) { return problem }
        parser.skipWhitespace()
        guard parser.atEnd else { return "unexpected text after the JSON object at column \(parser.index + 1)" }
        return nil
    }

    /// Parses the object at the parser's position (at its `{`) into `fields`, leaving the parser
    /// after its `}`: the members the builder has slots for are built, the others skipped. For
    /// formats that wrap a record in an envelope (`{"type":"EVENT","record":{…}}`).
    /// Returns why the object is invalid, or nil.
    public mutating func decodeObject(_ parser: inout JSONParser, into fields: inout RecordFields, builder: EventBuilder) -> String? {
        let record = parser.bytes
        guard parser.peek == UInt8(ascii: "{") else { return parser.failure("'{'") }
        parser.index += 1
        var memberIndex = 0
        parser.skipWhitespace()
        if parser.peek == UInt8(ascii: "}") {
            parser.index += 1
            return nil
        }
        while true {
            parser.skipWhitespace()
            guard parser.peek == UInt8(ascii: "\"") else { return parser.failure("a member name in quotes") }
            let slot: Int?
            switch parser.keyRange() {
            case .failure(let problem): return problem.message
            case .success(let range):
                slot = lookUp(range, in: record, position: memberIndex, builder: builder)
            }
            memberIndex += 1
            parser.skipWhitespace()
            guard parser.peek == UInt8(ascii: ":") else { return parser.failure("':' after the member name") }
            parser.index += 1
            parser.skipWhitespace()
            if let slot {
                // The time, parsed where it lies: a string made of it was an allocation per record.
                // One that does not parse is read again as a value, for the rejection to quote it.
                let start = parser.index
                if slot == builder.timeOnlySlot, let time = parser.plainStringBytes().flatMap(builder.timeFormat.parse) {
                    fields.parsedTime = time
                    fields[slot] = nil
                } else {
                    parser.index = start
                    if slot == builder.timeOnlySlot { fields.parsedTime = nil }
                    switch parser.value(depth: 0) {
                    case .success(let value): fields[slot] = value
                    case .failure(let problem): return problem.message
                    }
                }
            } else if let problem = parser.skipValue(depth: 0) {
                return problem
            }
            switch parser.endOfMember() {
            case .success(true): continue
            case .success(false): return nil
            case .failure(let problem): return problem.message
            }
        }
    }

    private mutating func lookUp(_ range: JSONParser.KeyRange, in record: UnsafeBufferPointer<UInt8>, position: Int, builder: EventBuilder) -> Int? {
        if !range.escaped, position < recentKeys.count {
            let key = recentKeys[position].key
            // Compared as memory (`memcmp`): compared byte by byte, keys took 0.2 s of CPU at 1M events.
            if key.count == range.bytes.count && key.withUnsafeBufferPointer({ stored in
                key.isEmpty || memcmp(stored.baseAddress!, record.baseAddress! + range.bytes.lowerBound, key.count) == 0
            }) {
                return recentKeys[position].slot
            }
        }
        let name = range.escaped ? range.decoded : String(decoding: UnsafeBufferPointer(rebasing: record[range.bytes]), as: UTF8.self)
        let slot = builder.slot(named: name)
        if !range.escaped {
            let entry = (Array(UnsafeBufferPointer(rebasing: record[range.bytes])), slot)
            if position < recentKeys.count {
                recentKeys[position] = entry
            } else if position == recentKeys.count {
                recentKeys.append(entry)
            }
        }
        return slot
    }
}
