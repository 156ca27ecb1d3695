import XIExpression

/// Turns records into events the way a source's ``SourceSettings`` map them: which field is the
/// subject, the time, the text and the id, and the declared fields converted to their types.
///
/// It runs once per record, so it does its name work once: at creation it gives every record field
/// it needs a *slot*, and a source fills a ``RecordFields`` by slot (a CSV source maps its header's
/// columns to slots once per file with ``slots(forColumns:)``; a JSON source looks each key up with
/// ``slot(named:)``). Fields the settings do not mention have no slot and are never converted.
///
/// ```swift
/// let builder = try EventBuilder(settings: settings)
/// var fields = builder.makeFields()
/// fields[builder.slot(named: "nps")!] = .text("9")
/// switch builder.build(fields, position: position, fileName: "surveys.csv") {
/// case .success(let event): events.append(event)
/// case .failure(let rejection): print(rejection.reason)  // "field 'nps': 'ten' is not an int"
/// }
/// ```
///
/// Conversions, by declared type: `int` and `double` from numbers or numeric text; `bool` from
/// `true`/`false`, `yes`/`no`, `y`/`n`, `t`/`f`, `1`/`0` (any case); `string` from any scalar;
/// `list(T)` from a JSON array or from text separated by `;` or `|` (each element trimmed, empty
/// ones dropped); `timestamp` in the source's time format or RFC 3339; `duration` from `30s`, `1h30m`, … or a
/// number of seconds; `dyn` keeps the value as it came; `map(string, T)` from a JSON object. Empty
/// text, whitespace-only text in a non-string field, and JSON `null` are absent fields.
public struct EventBuilder: Sendable {
    /// A record that cannot become an event, and why.
    public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong: "missing subject field 'customer_id'", "field 'nps': 'ten' is not an int".
        public var reason: String
        /// Creates a rejection.
        public init(_ reason: String) { self.reason = reason }
        /// The reason.
        public var description: String { reason }
    }

    private static let rfc3339 = try! TimeFormat("rfc3339")

    /// The mapping this builder applies.
    public let settings: SourceSettings
    /// How the time field (and declared `timestamp` fields) are written.
    public let timeFormat: TimeFormat
    /// The record field names that have a slot, by slot.
    public let slotNames: [String]
    private let slotsByName: [String: Int]
    private let subjectSlots: [(kind: String, field: String, slot: Int)]
    private let timeSlot: Int?
    /// The time field's slot when no subject, text, id or declared field shares it: a decoder
    /// may then parse the time where it lies (``RecordFields/parsedTime``) instead of making it a string.
    let timeOnlySlot: Int?
    private let textSlot: Int?
    private let idSlot: Int?
    private let fieldSlots: [(slot: Int, name: String, type: ValueType)]

    /// Creates a builder for `settings`. `timeFormat` is used when the settings name none
    /// (a plugin's `time_format` option); with neither, times are RFC 3339.
    /// Throws ``PluginError`` for a time format it cannot read.
    public init(settings: SourceSettings, timeFormat: String? = nil) throws(PluginError) {
        self.settings = settings
        self.timeFormat = try TimeFormat(settings.timeFormat ?? timeFormat ?? "rfc3339")
        var names: [String] = []
        var slots: [String: Int] = [:]
        func slot(_ name: String) -> Int {
            if let existing = slots[name] { return existing }
            slots[name] = names.count
            names.append(name)
            return names.count - 1
        }
        subjectSlots = settings.subjectFields.map { ($0.kind, $0.field, slot($0.field)) }
        timeSlot = settings.timeField.map(slot)
        textSlot = settings.textField.map(slot)
        idSlot = settings.idField.map(slot)
        fieldSlots = settings.schema.fields.map { (slot($0.name), $0.name, $0.type) }
        let sharedSlots = Set(subjectSlots.map(\.slot) + [textSlot, idSlot].compactMap { $0 } + fieldSlots.map(\.slot))
        timeOnlySlot = timeSlot.flatMap { sharedSlots.contains($0) ? nil : $0 }
        slotNames = names
        slotsByName = slots
    }

    /// The number of slots a ``RecordFields`` needs.
    public var slotCount: Int { slotNames.count }

    /// The slot of record field `name`, or nil when the settings do not use it.
    public func slot(named name: String) -> Int? { slotsByName[name] }

    /// The slot of each column, for a header row: nil for the columns the settings do not use.
    public func slots(forColumns columns: [String]) -> [Int?] {
        columns.map { slotsByName[$0] }
    }

    /// The record fields the settings use that `columns` lacks (for a warning about a header).
    public func missingColumns(_ columns: [String]) -> [String] {
        let present = Set(columns)
        return slotNames.filter { !present.contains($0) }
    }

    /// Empty fields for one record, sized for this builder.
    public func makeFields() -> RecordFields { RecordFields(count: slotNames.count) }

    /// The event for a record, or why it cannot be one.
    ///
    /// The event's id is the record's id field when the settings map one, else
    /// `<source>:<fileName>:<line>` — stable as long as the file's lines stay where they are.
    public func build(_ fields: RecordFields, position: RecordPosition, fileName: String) -> Result<Event, Rejection> {
        var events: [Event] = []
        if let rejection = build(fields, position: position, fileName: fileName, appendingTo: &events) { return .failure(rejection) }
        return .success(events.removeLast())
    }

    /// Appends the event for a record to `events`, or returns why it cannot be one (and appends
    /// nothing). What ``build(_:position:fileName:)`` does, for a reader that collects a batch:
    /// the event is made where it is kept, not made, returned and then copied there (a retain
    /// and a release of each of its fields, for every record read).
    public func build(_ fields: RecordFields, position: RecordPosition, fileName: String, appendingTo events: inout [Event]) -> Rejection? {
        // The slots are read by index, in place: a `for … in` loop copied each slot's names.
        // Subjects: the first is required.
        var subjects: [Subject] = []
        subjects.reserveCapacity(subjectSlots.count)
        for index in subjectSlots.indices {
            switch identifier(fields.values[subjectSlots[index].slot]) {
            case .some(.success(let id)):
                subjects.append(Subject(kind: subjectSlots[index].kind, id: id))
            case .some(.failure):
                let subject = subjectSlots[index]
                return Rejection("subject field '\(subject.field)' holds \(describe(fields.values[subject.slot]!)), not an id")
            case .none:
                if index == 0 { return Rejection("missing subject field '\(subjectSlots[index].field)'") }
            }
        }
        // Time.
        var time = TimestampValue(seconds: 0)!
        if let parsed = fields.parsedTime {
            time = parsed
        } else if let timeSlot, let field = settings.timeField {
            guard let raw = fields.values[timeSlot], !isAbsent(raw) else {
                return Rejection("missing time field '\(field)'")
            }
            switch timeFormat.timestamp(raw) {
            case .some(let parsed): time = parsed
            case .none: return Rejection("field '\(field)': \(describe(raw)) is not a time in \(timeFormat) format")
            }
        }
        // Text.
        var text: String?
        if let textSlot, let raw = fields.values[textSlot] {
            switch raw {
            case .text(let value), .string(let value): text = value.isEmpty ? nil : value
            case .null: text = nil
            default: text = plainText(raw)
            }
        }
        // Id.
        let id: String
        if let idSlot, case .some(.success(let value)) = identifier(fields.values[idSlot]) {
            id = value
        } else {
            id = settings.name + ":" + fileName + ":" + String(position.line)
        }
        // Declared fields.
        var values: [Value?] = []
        values.reserveCapacity(fieldSlots.count)
        for index in fieldSlots.indices {
            guard let raw = fields.values[fieldSlots[index].slot] else {
                values.append(nil)
                continue
            }
            switch convert(raw, to: fieldSlots[index].type) {
            case .absent: values.append(nil)
            case .value(let value): values.append(value)
            case .invalid(let expected):
                return Rejection("field '\(fieldSlots[index].name)': \(describe(raw)) is not \(expected)")
            }
        }
        events.append(Event(
            id: id, source: settings.name, kind: settings.eventKind, subjects: subjects, time: time,
            text: text, fields: values, position: position))
        return nil
    }

    // MARK: - Conversions

    /// What a conversion gives.
    enum Conversion {
        case absent
        case value(Value)
        /// The value is not of the type; the associated text names the type with its article ("an int").
        case invalid(String)
    }

    /// An id from a raw value: text or a number. Nil when absent.
    private func identifier(_ raw: RecordValue?) -> Result<String, Rejection>? {
        guard let raw else { return nil }
        switch raw {
        case .text(let value), .string(let value):
            if value.isEmpty { return nil }
            return .success(value)
        case .int(let number): return .success(String(number))
        case .double(let number): return .success(String(number))
        case .bool(let flag): return .success(String(flag))
        case .null: return nil
        case .list, .object: return .failure(Rejection("not an id"))
        }
    }

    private func isAbsent(_ raw: RecordValue) -> Bool {
        switch raw {
        case .null: true
        case .text(let value): value.isEmpty || value.allSatisfy(\.isWhitespace)
        case .string(let value): value.isEmpty
        default: false
        }
    }

    func convert(_ raw: RecordValue, to type: ValueType) -> Conversion {
        switch raw {
        case .null: return .absent
        case .text(let value) where value.isEmpty: return .absent
        default: break
        }
        switch type {
        case .string:
            if let text = plainText(raw) { return .value(.string(text)) }
            return .invalid("a string")
        case .int:
            switch raw {
            case .int(let number): return .value(.int(number))
            case .double(let number):
                if number.rounded(.towardZero) == number, let exact = Int64(exactly: number) { return .value(.int(exact)) }
                return .invalid("an int")
            case .text(let text), .string(let text):
                if let number = Int64(text) { return .value(.int(number)) }
                let trimmed = trim(text)
                if trimmed.isEmpty { return .absent }
                if let number = Int64(trimmed) { return .value(.int(number)) }
                return .invalid("an int")
            default: return .invalid("an int")
            }
        case .double:
            switch raw {
            case .int(let number): return .value(.double(Double(number)))
            case .double(let number): return .value(.double(number))
            case .text(let text), .string(let text):
                if let number = Double(text), number.isFinite { return .value(.double(number)) }
                let trimmed = trim(text)
                if trimmed.isEmpty { return .absent }
                if let number = Double(trimmed), number.isFinite { return .value(.double(number)) }
                return .invalid("a double")
            default: return .invalid("a double")
            }
        case .uint:
            switch raw {
            case .int(let number) where number >= 0: return .value(.uint(UInt64(number)))
            case .text(let text), .string(let text):
                let trimmed = trim(text)
                if trimmed.isEmpty { return .absent }
                if let number = UInt64(trimmed) { return .value(.uint(number)) }
                return .invalid("a uint")
            default: return .invalid("a uint")
            }
        case .bool:
            switch raw {
            case .bool(let flag): return .value(.bool(flag))
            case .int(let number) where number == 0 || number == 1: return .value(.bool(number == 1))
            case .text(let text), .string(let text):
                let trimmed = trim(text)
                if trimmed.isEmpty { return .absent }
                if let flag = Self.boolean(trimmed) { return .value(.bool(flag)) }
                return .invalid("a bool (true or false)")
            default: return .invalid("a bool (true or false)")
            }
        case .timestamp:
            if let time = timeFormat.timestamp(raw) ?? Self.rfc3339.timestamp(raw) { return .value(.timestamp(time)) }
            if case .text(let text) = raw, trim(text).isEmpty { return .absent }
            return .invalid("a time in \(timeFormat) format")
        case .duration:
            switch raw {
            case .int(let number):
                if let duration = DurationValue(seconds: number) { return .value(.duration(duration)) }
            case .double(let number):
                if number.isFinite, abs(number) < 9e9 { return .value(.duration(DurationValue(totalNanoseconds: Int64(number * 1e9)))) }
            case .text(let text), .string(let text):
                let trimmed = trim(text)
                if trimmed.isEmpty { return .absent }
                if let duration = DurationValue(parsing: String(trimmed)) { return .value(.duration(duration)) }
                if let seconds = Int64(trimmed), let duration = DurationValue(seconds: seconds) { return .value(.duration(duration)) }
                if let seconds = Double(trimmed), seconds.isFinite, abs(seconds) < 9e9 {
                    return .value(.duration(DurationValue(totalNanoseconds: Int64(seconds * 1e9))))
                }
            default: break
            }
            return .invalid("a duration (such as 90s or 1h30m)")
        case .list(let element):
            var items: [Value] = []
            switch raw {
            case .list(let elements):
                items.reserveCapacity(elements.count)
                for item in elements {
                    switch convert(item, to: element) {
                    case .absent: continue
                    case .value(let value): items.append(value)
                    case .invalid: return .invalid("a list(\(element))")
                    }
                }
            case .text(let text), .string(let text):
                for part in text.split(whereSeparator: { $0 == ";" || $0 == "|" }) {
                    let trimmed = trim(part)
                    if trimmed.isEmpty { continue }
                    switch convert(.string(String(trimmed)), to: element) {
                    case .absent: continue
                    case .value(let value): items.append(value)
                    case .invalid: return .invalid("a list(\(element))")
                    }
                }
            default:
                switch convert(raw, to: element) {
                case .value(let value): items.append(value)
                case .absent: break
                case .invalid: return .invalid("a list(\(element))")
                }
            }
            return .value(.list(items))
        case .map(_, let valueType):
            guard case .object(let members) = raw else { return .invalid("a map (a JSON object)") }
            var map = MapValue()
            for member in members {
                switch convert(member.value, to: valueType) {
                case .absent: map.insert(.string(member.key), .null)
                case .value(let value): map.insert(.string(member.key), value)
                case .invalid: return .invalid("a map(string, \(valueType))")
                }
            }
            return .value(.map(map))
        case .dyn:
            return .value(Self.natural(raw))
        case .null:
            return .absent
        case .bytes:
            if let text = plainText(raw) { return .value(.bytes(Array(text.utf8))) }
            return .invalid("bytes")
        case .type:
            return .invalid("a type")
        }
    }

    /// Text of a scalar; nil for a list or an object.
    private func plainText(_ raw: RecordValue) -> String? {
        switch raw {
        case .text(let value), .string(let value): value
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        case .null: nil
        case .list, .object: nil
        }
    }

    /// A raw value as a rejection quotes it: `'ten'` for text, the JSON type otherwise; cut to 80 characters.
    func describe(_ raw: RecordValue) -> String {
        switch raw {
        case .text(let value), .string(let value):
            let cut = value.count > 80 ? String(value.prefix(77)) + "…" : value
            return "'" + cut + "'"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .list: return "a list"
        case .object: return "an object"
        }
    }

    private func trim<Text: StringProtocol>(_ text: Text) -> Substring {
        let characters = Substring(text)
        guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
              let last = characters.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return characters[first...last]
    }

    static func boolean(_ text: Substring) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "y", "t", "1": true
        case "false", "no", "n", "f", "0": false
        default: nil
        }
    }

    /// A raw value as the CEL value closest to it (for `dyn` fields).
    static func natural(_ raw: RecordValue) -> Value {
        switch raw {
        case .text(let value), .string(let value): .string(value)
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .list(let items): .list(items.map(natural))
        case .object(let members):
            {
                var map = MapValue()
                for member in members { map.insert(.string(member.key), natural(member.value)) }
                return .map(map)
            }()
        }
    }
}
