import XIPluginAPI

/// Splits CSV records into cells (RFC 4180) and puts the cells of the mapped columns into their
/// slots. The header's columns are mapped to slots once per file.
public struct CSVDecoder: RecordDecoder {
    /// The field separator.
    public let delimiter: UInt8
    /// The quote character.
    public let quote: UInt8
    /// Slot of each column of the current file (nil: not used).
    private var columnSlots: [Int?] = []
    /// Column names of the current file.
    private(set) var columns: [String] = []

    /// Creates a decoder.
    public init(delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\"")) {
        self.delimiter = delimiter
        self.quote = quote
    }

    /// A framer that ends records at newlines outside quotes.
    public func makeFramer() -> CSVFramer { CSVFramer(quote: quote) }

    /// CSV files start with a header row.
    public var hasHeader: Bool { true }

    /// Reads the header's column names (trimmed) and maps them to slots.
    public mutating func beginFile(header: UnsafeBufferPointer<UInt8>?, builder: EventBuilder) -> String? {
        guard let header else { return "no header row" }
        var names: [String] = []
        if let problem = Self.split(header, delimiter: delimiter, quote: quote, each: { _, cell in
            let characters = Substring(cell)
            let first = characters.firstIndex { $0 != " " && $0 != "\t" } ?? characters.endIndex
            let last = characters.lastIndex { $0 != " " && $0 != "\t" }.map { characters.index(after: $0) } ?? first
            names.append(String(characters[first..<max(first, last)]))
            return true
        }) {
            return "the header row is malformed: \(problem)"
        }
        columns = names
        columnSlots = builder.slots(forColumns: names)
        guard columnSlots.contains(where: { $0 != nil }) else {
            return "the header row names none of the mapped fields (\(builder.slotNames.joined(separator: ", ")))"
        }
        return nil
    }

    /// Puts the mapped columns' cells into their slots.
    public mutating func decode(_ record: UnsafeBufferPointer<UInt8>, into fields: inout RecordFields, builder: EventBuilder) -> String? {
        let slots = columnSlots
        return Self.split(record, delimiter: delimiter, quote: quote, wanted: { column in column < slots.count && slots[column] != nil }) { column, cell in
            fields[slots[column]!] = .text(cell)
            return true
        }
    }

    /// Calls `each` with the column index and text of every cell `wanted` accepts (all by default).
    /// Returns why the record is malformed, or nil.
    static func split(
        _ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, quote: UInt8,
        wanted: (Int) -> Bool = { _ in true }, each: (Int, String) -> Bool
    ) -> String? {
        var index = 0
        var column = 0
        let count = bytes.count
        while true {
            let cellStart = index
            if index < count && bytes[index] == quote {
                // Quoted cell.
                index += 1
                var pieces: [UInt8]? = nil
                var pieceStart = index
                var closed = false
                while index < count {
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < count && bytes[index + 1] == quote {
                            if pieces == nil { pieces = [] }
                            pieces!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pieceStart...index]))
                            index += 2
                            pieceStart = index
                            continue
                        }
                        closed = true
                        break
                    }
                    index += 1
                }
                guard closed else { return "unterminated quoted field in column \(column + 1) (a \" without its closing \")" }
                if wanted(column) {
                    let text: String
                    if var pieces {
                        pieces.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pieceStart..<index]))
                        text = String(decoding: pieces, as: UTF8.self)
                    } else {
                        text = String(decoding: UnsafeBufferPointer(rebasing: bytes[pieceStart..<index]), as: UTF8.self)
                    }
                    if !each(column, text) { return nil }
                }
                index += 1  // closing quote
                if index < count && bytes[index] != delimiter {
                    return "unexpected text after the closing quote in column \(column + 1); a quote inside a quoted field is written twice (\"\")"
                }
            } else {
                while index < count && bytes[index] != delimiter { index += 1 }
                if wanted(column) {
                    if !each(column, String(decoding: UnsafeBufferPointer(rebasing: bytes[cellStart..<index]), as: UTF8.self)) { return nil }
                }
            }
            if index >= count { return nil }
            index += 1  // delimiter
            column += 1
        }
    }
}

/// Ends CSV records at a newline outside quotes, remembering across reads whether it is inside
/// quotes and counting the newlines inside them.
public struct CSVFramer: RecordFramer {
    /// The quote character.
    public let quote: UInt8
    private var insideQuotes = false
    /// Newlines inside quotes in the current record.
    public private(set) var newlinesInside = 0

    /// Creates a framer.
    public init(quote: UInt8 = UInt8(ascii: "\"")) { self.quote = quote }

    /// Starts a new record.
    public mutating func reset() {
        insideQuotes = false
        newlinesInside = 0
    }

    /// The first newline outside quotes.
    public mutating func findEnd(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        let quote = self.quote
        while index < count {
            let byte = bytes[index]
            if byte == quote {
                insideQuotes.toggle()
            } else if byte == 10 {
                if !insideQuotes { return index }
                newlinesInside += 1
            }
            index += 1
        }
        return nil
    }
}
