import XIExpression

/// The attributes of one record as the index reads them, each read at most once per record.
struct RecordAttributes: ~Copyable {
    private let record: [Value?]
    private let paths: [AttributePath]
    private let states: UnsafeMutableBufferPointer<AttributeState>

    enum AttributeState {
        case unread
        case read(key: IndexKey?, number: Double?)
    }

    init(record: [Value?], paths: [AttributePath], states: UnsafeMutableBufferPointer<AttributeState>) {
        self.record = record
        self.paths = paths
        self.states = states
    }

    @inline(__always)
    private func load(_ attribute: Int) -> (key: IndexKey?, number: Double?) {
        if case .read(let key, let number) = states[attribute] { return (key, number) }
        let value = paths[attribute].read(record)
        let key = value.flatMap(IndexKey.init)
        let number = value?.rangeNumber
        states[attribute] = .read(key: key, number: number)
        return (key, number)
    }

    /// The attribute's equality key; nil when absent or of a type the index never looks up.
    @inline(__always)
    func key(_ attribute: Int) -> IndexKey? { load(attribute).key }

    /// The attribute's value as a number for range tests; nil when absent, not a number, or NaN.
    @inline(__always)
    func number(_ attribute: Int) -> Double? { load(attribute).number }
}
