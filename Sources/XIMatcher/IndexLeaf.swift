import XIExpression

/// A leaf of the rule index: a few hundred rules at most, filtered with bitsets.
///
/// Each dimension (one attribute's equality predicates, or its range predicates) keeps, for every
/// distinguishable value of the attribute, the bitset of the leaf's rules that value satisfies
/// (including the rules that do not care). A record's candidates are the AND of one bitset per
/// dimension — the counting algorithm of content-based publish/subscribe, done a word at a time.
/// Candidates then run only the tests their bitsets could not settle.
struct IndexLeaf: Sendable {
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
    /// Per rule (by position in `rules`), what remains to test.
    let verifications: [RuleVerification]
    /// Per rule, whether anything remains to test (read first, so most candidates skip `verifications`).
    let needsVerification: [Bool]

    struct EqualityDimension: Sendable {
        let attribute: Int
        /// Value → bitset number.
        let slots: [IndexKey: Int]
        /// Bitset of the rules without an equality predicate on the attribute.
        let indifferent: Int
    }

    struct RangeDimension: Sendable {
        let attribute: Int
        /// Sorted cut points: slot 2i+1 is exactly `cuts[i]`, slot 2i the open gap below it.
        let cuts: [Double]
        /// Bitset number of slot 0.
        let base: Int
        /// Bitset of the rules without a range predicate on the attribute.
        let indifferent: Int

        @inline(__always)
        func slot(for number: Double) -> Int {
            var low = 0
            var high = cuts.count
            while low < high {
                let middle = (low &+ high) >> 1
                if cuts[middle] < number { low = middle &+ 1 } else { high = middle }
            }
            if low < cuts.count && cuts[low] == number { return 2 &* low &+ 1 }
            return 2 &* low
        }
    }

    /// Appends the ordinals of the rules that hold for the record; returns whether it appended any.
    func match(_ record: [Value?], _ attributes: borrowing RecordAttributes, into matches: inout [Int]) -> Bool {
        let before = matches.count
        let wordCount = self.wordCount
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: wordCount) { candidates in
            bitsets.withUnsafeBufferPointer { bitsets in
                var started = false
                @inline(__always)
                func combine(_ bitset: Int) {
                    let offset = bitset &* wordCount
                    if started {
                        for word in 0..<wordCount { candidates[word] &= bitsets[offset &+ word] }
                    } else {
                        for word in 0..<wordCount { candidates[word] = bitsets[offset &+ word] }
                        started = true
                    }
                }
                for dimension in equalityDimensions {
                    if let key = attributes.key(dimension.attribute), let slot = dimension.slots[key] {
                        combine(slot)
                    } else {
                        combine(dimension.indifferent)
                    }
                }
                for dimension in rangeDimensions {
                    if let number = attributes.number(dimension.attribute) {
                        combine(dimension.base &+ dimension.slot(for: number))
                    } else {
                        combine(dimension.indifferent)
                    }
                }
                if !started { combine(everyRule) }
            }
            for word in 0..<wordCount {
                var bits = candidates[word]
                while bits != 0 {
                    let local = word &* 64 &+ bits.trailingZeroBitCount
                    bits &= bits &- 1
                    if !needsVerification[local] || verify(verifications[local], record, attributes) {
                        matches.append(rules[local])
                    }
                }
            }
        }
        return matches.count != before
    }

    private func verify(_ verification: RuleVerification, _ record: [Value?], _ attributes: borrowing RecordAttributes) -> Bool {
        for check in verification.equalities {
            guard let key = attributes.key(check.attribute), check.keys.contains(key) else { return false }
        }
        for check in verification.ranges {
            guard let number = attributes.number(check.attribute), check.interval.contains(number) else { return false }
        }
        for program in verification.residual {
            guard case .bool(true)? = try? program.evaluate(record) else { return false }
        }
        return true
    }
}
