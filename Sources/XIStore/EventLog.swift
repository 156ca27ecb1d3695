import XIExpression
import XIPluginAPI

/// Events kept for windows and `xi explain`, written straight into one chunk per commit in a
/// compact binary form — typed field values, names from a table — and turned into JSON only when
/// someone reads them (``SQLiteStore/events(_:)``).
public struct EventLog: Sendable {
    var writer = ChunkWriter()
    /// Per source, the table numbers of its name, its event kind and its fields' names.
    private var schemaNames: [String: [Int]] = [:]

    /// Creates an empty log.
    public init() {}

    /// Creates an empty log with room for `bytes` of encoded events (say, as many as the last
    /// commit's): a commit's log is megabytes, and growing it by doubling kept the old copy
    /// beside the new one and left up to half of it empty.
    public init(reservingBytes bytes: Int) {
        writer = ChunkWriter(capacity: bytes, headerRoom: ChunkWriter.largeHeaderRoom)
    }

    /// The bytes of encoded events it holds.
    public var byteCount: Int { writer.rowBytes }

    /// How many events it holds.
    public var count: Int { writer.count }

    /// Adds an event: its id, source, kind, subjects, time, position, fields and text.
    public mutating func append(_ event: Event, schema: EventSchema) {
        writer.beginRow()
        writer.write(event.id)
        let names = self.names(of: schema)
        if event.source == schema.source, event.kind == schema.kind {
            writer.write(unsigned: UInt64(names[0]))
            writer.write(unsigned: UInt64(names[1]))
        } else {
            writer.write(name: event.source)
            writer.write(name: event.kind)
        }
        writer.write(unsigned: UInt64(event.subjects.count))
        for subject in event.subjects {
            writer.write(unsigned: UInt64(writer.number(ofRecent: subject.kind)))
            writer.write(subject.id)
        }
        writer.write(event.time)
        writer.write(unsigned: UInt64(writer.number(ofRecent: event.position.file)))
        writer.write(unsigned: UInt64(max(event.position.line, 0)))
        var present = 0
        for value in event.fields where value != nil { present += 1 }
        writer.write(unsigned: UInt64(present))
        for position in schema.fields.indices {
            guard position < event.fields.count, let value = event.fields[position] else { continue }
            writer.write(unsigned: UInt64(names[2 + position]))
            write(value)
        }
        if let text = event.text {
            writer.write(unsigned: 1)
            writer.write(text)
        } else {
            writer.write(unsigned: 0)
        }
    }

    /// The table numbers of the schema's source, kind and field names, looked up once per chunk.
    private mutating func names(of schema: EventSchema) -> [Int] {
        if let known = schemaNames[schema.source] { return known }
        let numbers = [writer.number(of: schema.source), writer.number(of: schema.kind)] + schema.fields.map { writer.number(of: $0.name) }
        schemaNames[schema.source] = numbers
        return numbers
    }

    /// Value tags.
    enum Tag: UInt64 {
        case null = 0, int, uint, double, string, boolTrue, boolFalse, timestamp, literal
    }

    private mutating func write(_ value: Value) {
        switch value {
        case .null: writer.write(unsigned: Tag.null.rawValue)
        case .int(let number):
            writer.write(unsigned: Tag.int.rawValue)
            writer.write(signed: number)
        case .uint(let number):
            writer.write(unsigned: Tag.uint.rawValue)
            writer.write(unsigned: number)
        case .double(let number):
            writer.write(unsigned: Tag.double.rawValue)
            writer.write(number)
        case .string(let text):
            writer.write(unsigned: Tag.string.rawValue)
            writer.write(text)
        case .bool(let flag): writer.write(unsigned: flag ? Tag.boolTrue.rawValue : Tag.boolFalse.rawValue)
        case .timestamp(let time):
            writer.write(unsigned: Tag.timestamp.rawValue)
            writer.write(time)
        default:
            // Lists, maps, bytes, durations: rare in records; kept as their CEL text.
            writer.write(unsigned: Tag.literal.rawValue)
            writer.write(value.celLiteral)
        }
    }

    /// Reads a chunk back: each event with its fields, subjects and text as a JSON document.
    static func decode(_ blob: [UInt8]) throws -> [StoredEvent] {
        var reader = try ChunkReader(blob)
        var events: [StoredEvent] = []
        events.reserveCapacity(reader.count)
        for _ in 0..<reader.count {
            let id = try reader.readString()
            let source = try reader.readName()
            let kind = try reader.readName()
            var subjects: [String] = []
            for _ in 0..<(try reader.readUnsigned()) {
                let kind = try reader.readName()
                subjects.append(kind + ":" + (try reader.readString()))
            }
            let time = try reader.readTime()
            let position = "\(try reader.readName()):\(try reader.readUnsigned())"
            var document = "{\"fields\":{"
            for index in 0..<(try reader.readUnsigned()) {
                if index > 0 { document += "," }
                JSONText.appendQuoted(try reader.readName(), to: &document)
                document += ":"
                guard let tag = Tag(rawValue: try reader.readUnsigned()) else { throw ChunkReader.Damaged(description: "stored event has an unknown value tag") }
                switch tag {
                case .null: document += "null"
                case .int: document += String(try reader.readSigned())
                case .uint: document += String(try reader.readUnsigned())
                case .double:
                    let number = try reader.readDouble()
                    document += number.isFinite ? String(number) : "null"
                case .string, .literal: JSONText.appendQuoted(try reader.readString(), to: &document)
                case .boolTrue: document += "true"
                case .boolFalse: document += "false"
                case .timestamp: JSONText.appendQuoted(try reader.readTime().description, to: &document)
                }
            }
            document += "},\"subjects\":["
            for (index, subject) in subjects.enumerated() {
                if index > 0 { document += "," }
                JSONText.appendQuoted(subject, to: &document)
            }
            document += "]"
            if try reader.readUnsigned() == 1 {
                document += ",\"text\":"
                JSONText.appendQuoted(try reader.readString(), to: &document)
            }
            document += "}"
            events.append(StoredEvent(
                id: id, source: source, kind: kind, subject: subjects.first ?? "", time: time, position: position, document: document))
        }
        return events
    }
}
