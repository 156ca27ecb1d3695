import XIExpression

/// A leaf of the rule index: rules filtered with bitsets.
///
/// Each dimension (one attribute's equality predicates, or its range predicates) keeps, for every
/// distinguishable value of the attribute, the bitset of the leaf's rules that value satisfies
/// (including the rules that do not care). A record's candidates are the AND of one bitset per
/// dimension — the counting algorithm of content-based publish/subscribe, a word at a time.
/// Candidates in the leaf's "to verify" bitset then run the tests the bitsets could not settle;
/// all others match outright.
final class IndexLeaf: Sendable {
    /// Rule ordinals, ascending.
    let rules: [Int]
    /// 64-bit words per bitset.
    let wordCount: Int
    let equalityDimensions: [EqualityDimension]
    let rangeDimensions: [RangeDimension]
    /// All bitsets, `wordCount` words each, addressed by bitset number.
    let bitsets: [UInt64]
    /// The bitset of every rule, used when the leaf has no dimension.
    let everyRule: Int
    /// Bitset of the rules that always need verification (residuals, oversized equality sets); -1 if none.
    let alwaysVerify: Int
    /// Whether any candidate may need verification.
    let verifies: Bool
    /// What remains to test per rule, in flat arrays addressed by per-rule start offsets.
    let checks: LeafChecks

    init(
        rules: [Int], wordCount: Int, equalityDimensions: [EqualityDimension], rangeDimensions: [RangeDimension],
        bitsets: [UInt64], everyRule: Int, alwaysVerify: Int, verifies: Bool, checks: LeafChecks,
        slotTable: [Int32], cuts: [Double]
    ) {
        self.slotTable = slotTable
        self.cuts = cuts
        self.rules = rules
        self.wordCount = wordCount
        self.equalityDimensions = equalityDimensions
        self.rangeDimensions = rangeDimensions
        self.bitsets = bitsets
        self.everyRule = everyRule
        self.alwaysVerify = alwaysVerify
        self.verifies = verifies
        self.checks = checks
    }

    /// Interned value id → bitset number (-1: no rule here names the value), one table per
    /// equality dimension, each `valueCount` long, stored flat.
    let slotTable: [Int32]
    /// The cut points of every range dimension, stored flat.
    let cuts: [Double]

    /// One attribute's equality predicates. Trivial, so iterating dimensions copies no reference.
    struct EqualityDimension: Sendable {
        let attribute: Int
        /// Where this dimension's table starts in `slotTable`.
        let tableStart: Int
        /// Bitset of the rules without an equality predicate on the attribute.
        let indifferent: Int
    }

    /// One attribute's range predicates.
    struct RangeDimension: Sendable {
        let attribute: Int
        /// This dimension's sorted cut points are `cuts[cutStart..<cutStart + cutCount]`: slot 2i+1
        /// is exactly cut i, slot 2i the open gap below it.
        let cutStart: Int
        let cutCount: Int
        /// Bitset number of slot 0's "may hold" bitset; slot s is `base + s`.
        let base: Int
        /// Bitset number of slot 0's "must verify" bitset (rules whose interval only partly
        /// covers the slot); -1 when every interval's bounds are cuts, so no rule ever does.
        let partialBase: Int
        /// Bitset of the rules without a range predicate on the attribute.
        let indifferent: Int
    }

    @inline(__always)
    static func slot(for number: Double, in cuts: UnsafeBufferPointer<Double>, start: Int, count: Int) -> Int {
        var low = start
        var high = start &+ count
        while low < high {
            let middle = (low &+ high) >> 1
            if cuts[middle] < number { low = middle &+ 1 } else { high = middle }
        }
        let index = low &- start
        if index < count && cuts[low] == number { return 2 &* index &+ 1 }
        return 2 &* index
    }

    /// Appends the ordinals of the rules that hold for the record; returns whether it appended any.
    func match(_ record: [Value?], _ attributes: borrowing RecordAttributes, into matches: inout [Int]) -> Bool {
        let before = matches.count
        let wordCount = self.wordCount
        let verifies = self.verifies
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: wordCount &* 2) { scratch in
            let candidates = scratch.baseAddress!
            let toVerify = candidates + wordCount
            bitsets.withUnsafeBufferPointer { bitsets in
                let words = bitsets.baseAddress!
                // Start from every rule, then keep the ones each dimension allows.
                candidates.update(from: words + everyRule &* wordCount, count: wordCount)
                @inline(__always)
                func combine(_ bitset: Int) {
                    let source = words + bitset &* wordCount
                    for word in 0..<wordCount { candidates[word] &= source[word] }
                }
                if verifies {
                    if alwaysVerify >= 0 {
                        toVerify.update(from: words + alwaysVerify &* wordCount, count: wordCount)
                    } else {
                        toVerify.update(repeating: 0, count: wordCount)
                    }
                }
                equalityDimensions.withUnsafeBufferPointer { dimensions in
                    slotTable.withUnsafeBufferPointer { table in
                        for dimension in dimensions {
                            let id = attributes.valueID(dimension.attribute)
                            let slot = id >= 0 ? Int(table[dimension.tableStart &+ Int(id)]) : -1
                            combine(slot >= 0 ? slot : dimension.indifferent)
                        }
                    }
                }
                rangeDimensions.withUnsafeBufferPointer { dimensions in
                    cuts.withUnsafeBufferPointer { cuts in
                        for dimension in dimensions {
                            guard let number = attributes.number(dimension.attribute) else {
                                combine(dimension.indifferent)
                                continue
                            }
                            let slot = Self.slot(for: number, in: cuts, start: dimension.cutStart, count: dimension.cutCount)
                            combine(dimension.base &+ slot)
                            if dimension.partialBase >= 0 {
                                let partial = words + (dimension.partialBase &+ slot) &* wordCount
                                for word in 0..<wordCount { toVerify[word] |= partial[word] }
                            }
                        }
                    }
                }
            }
            rules.withUnsafeBufferPointer { rules in
                for word in 0..<wordCount {
                    var bits = candidates[word]
                    if bits == 0 { continue }
                    let verifyBits = verifies ? toVerify[word] : 0
                    while bits != 0 {
                        let bit = bits.trailingZeroBitCount
                        bits &= bits &- 1
                        let local = word &* 64 &+ bit
                        if verifyBits & (1 &<< UInt64(bit)) == 0 || checks.verify(local, record, attributes) {
                            matches.append(rules[local])
                        }
                    }
                }
            }
        }
        return matches.count != before
    }
}

/// The tests left for candidates, stored flat: rule `local`'s checks are
/// `ranges[rangeStart[local]..<rangeStart[local + 1]]`, and likewise for equalities and residuals.
struct LeafChecks: Sendable {
    struct RangeCheck: Sendable {
        let attribute: Int
        let interval: NumericInterval
    }

    struct EqualityCheck: Sendable {
        let attribute: Int
        /// Interned value ids, sorted.
        let valueIDs: [Int32]
    }

    let rangeStart: [Int32]
    let ranges: [RangeCheck]
    let equalityStart: [Int32]
    let equalities: [EqualityCheck]
    let residualStart: [Int32]
    let residuals: [Program]

    func verify(_ local: Int, _ record: [Value?], _ attributes: borrowing RecordAttributes) -> Bool {
        for position in Int(rangeStart[local])..<Int(rangeStart[local + 1]) {
            let check = ranges[position]
            guard let number = attributes.number(check.attribute), check.interval.contains(number) else { return false }
        }
        for position in Int(equalityStart[local])..<Int(equalityStart[local + 1]) {
            let id = attributes.valueID(equalities[position].attribute)
            guard id >= 0, equalities[position].valueIDs.contains(id) else { return false }
        }
        for position in Int(residualStart[local])..<Int(residualStart[local + 1]) {
            guard case .bool(true)? = try? residuals[position].evaluate(record) else { return false }
        }
        return true
    }
}
