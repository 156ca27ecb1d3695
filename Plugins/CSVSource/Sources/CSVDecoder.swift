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
    public func makeFramer() -> CSVFramer { CSVFramer(quote: quote, delimiter: delimiter) }

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

    /// A last line without a newline is cut short when it has fewer cells than the header.
    public func truncation(of record: UnsafeBufferPointer<UInt8>) -> String? {
        var cells = 0
        _ = Self.split(record, delimiter: delimiter, quote: quote) { _, _ in cells += 1; return true }
        guard cells < columns.count else { return nil }
        return "it has \(cells) of the header's \(columns.count) cells"
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

/// Ends CSV records at a newline outside quotes (RFC 4180), remembering across reads where it is
/// in the record and counting the newlines inside quoted cells. A quote opens a quoted cell only
/// at the start of a cell; text after a closing quote is read as unquoted (and the decoder rejects
/// the record), so one stray quote never swallows the rest of the file.
public struct CSVFramer: RecordFramer {
    private enum State { case cellStart, unquoted, quoted, quoteInQuoted }

    /// The quote character.
    public let quote: UInt8
    /// The field separator.
    public let delimiter: UInt8
    private var state = State.cellStart
    /// Newlines inside quotes in the current record.
    public private(set) var newlinesInside = 0

    /// Creates a framer.
    public init(quote: UInt8 = UInt8(ascii: "\""), delimiter: UInt8 = UInt8(ascii: ",")) {
        self.quote = quote
        self.delimiter = delimiter
    }

    /// Starts a new record.
    public mutating func reset() {
        state = .cellStart
        newlinesInside = 0
    }

    /// The first newline outside quotes.
    public mutating func findEnd(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let quote = self.quote
        let delimiter = self.delimiter
        var state = self.state
        defer { self.state = state }
        for index in 0..<bytes.count {
            let byte = bytes[index]
            switch state {
            case .cellStart:
                if byte == quote { state = .quoted } else if byte == 10 { return index } else if byte != delimiter { state = .unquoted }
            case .unquoted:
                if byte == delimiter { state = .cellStart } else if byte == 10 { return index }
            case .quoted:
                if byte == quote { state = .quoteInQuoted } else if byte == 10 { newlinesInside += 1 }
            case .quoteInQuoted:
                if byte == quote { state = .quoted } else if byte == delimiter { state = .cellStart } else if byte == 10 { return index } else { state = .unquoted }
            }
        }
        return nil
    }
}
