import XIExpression

/// A record the engine lends to the rules it evaluates for each changed insight, kept between
/// uses with its slots empty: an insight's priority rules and its subscription conditions read a
/// record each, and making them anew was two allocations per changed insight. Used on the
/// engine's own thread only.
struct ScratchRecord {
    private var record: [Value?] = []

    /// Takes the record, with `count` empty slots, until ``giveBack(_:)``: taken out, so that it
    /// is the record's only owner while it is filled.
    mutating func take(count: Int) -> [Value?] {
        var taken: [Value?] = []
        swap(&taken, &record)
        if taken.count != count { taken = [Value?](repeating: nil, count: count) }
        return taken
    }

    /// Empties `taken`'s slots (releasing what they hold) and keeps it for the next use.
    mutating func giveBack(_ taken: inout [Value?]) {
        for slot in taken.indices { taken[slot] = nil }
        swap(&taken, &record)
        taken = []
    }
}
