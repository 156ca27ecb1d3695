import XIExpression

/// The attributes of one record as the index reads them: each read and normalized at most once
/// per record, into plain numbers (an interned value id and a double), so that the index's inner
/// loops never hash a string twice or touch a reference count.
struct RecordAttributes: ~Copyable {
    private let record: [Value?]
    private let paths: [AttributePath]
    private let values: ValueInterner
    private let states: UnsafeMutablePointer<AttributeState>

    /// One attribute's state; trivial, so a buffer of them needs no initialization beyond `loaded`.
    struct AttributeState {
        var loaded: Bool
        var valueID: Int32
        var hasNumber: Bool
        var number: Double
    }

    static let unloaded = AttributeState(loaded: false, valueID: -1, hasNumber: false, number: 0)

    init(record: [Value?], paths: [AttributePath], values: ValueInterner, states: UnsafeMutablePointer<AttributeState>) {
        self.record = record
        self.paths = paths
        self.values = values
        self.states = states
    }

    @inline(__always)
    private func load(_ attribute: Int) -> AttributeState {
        let state = states[attribute]
        if state.loaded { return state }
        var loaded = AttributeState(loaded: true, valueID: -1, hasNumber: false, number: 0)
        if let value = paths[attribute].read(record) {
            loaded.valueID = values.id(of: value)
            if let number = value.rangeNumber {
                loaded.hasNumber = true
                loaded.number = number
            }
        }
        states[attribute] = loaded
        return loaded
    }

    /// The interned id of the attribute's value among the index's equality constants; -1 when
    /// absent or equal to none of them.
    @inline(__always)
    func valueID(_ attribute: Int) -> Int32 { load(attribute).valueID }

    /// The attribute's value as a number for range tests; nil when absent, not a number, or NaN.
    @inline(__always)
    func number(_ attribute: Int) -> Double? {
        let state = load(attribute)
        return state.hasNumber ? state.number : nil
    }
}
