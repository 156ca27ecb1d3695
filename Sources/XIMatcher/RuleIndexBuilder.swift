import XIExpression

/// Builds a ``RuleIndex``: analyses each condition, numbers the attributes, then partitions and
/// lays out leaves.
struct RuleIndexBuilder {
    let conditions: ConditionSet
    let configuration: RuleIndex.Configuration
    private(set) var attributes: [AttributePath] = []
    private var attributeNumbers: [AttributePath: Int] = [:]
    private var shapes: [RuleShape] = []
    private(set) var summary = RuleIndex.Summary()

    init(conditions: ConditionSet, configuration: RuleIndex.Configuration) {
        self.conditions = conditions
        self.configuration = configuration
    }

    mutating func build() -> IndexNode? {
        let analyzer = ConditionAnalyzer(declarations: conditions.declarations)
        let compiler = ExpressionCompiler(declarations: conditions.declarations, checkTypes: conditions.checkTypes)
        var live: [Int] = []
        for (ordinal, condition) in conditions.conditions.enumerated() {
            let analysis = analyzer.analyze(condition.expression)
            var shape = RuleShape(ordinal: ordinal, equalities: [:], ranges: [:], residual: [])
            for (path, keys) in analysis.equalities { shape.equalities[number(path)] = keys }
            for (path, interval) in analysis.ranges { shape.ranges[number(path)] = interval }
            var residualFailed = false
            for conjunct in analysis.residual {
                if let program = try? compiler.compile(conjunct, source: condition.source) {
                    shape.residual.append(program)
                } else {
                    residualFailed = true
                }
            }
            if residualFailed {
                // A conjunct that compiles only as part of the whole: evaluate the whole condition.
                shape.residual = [condition.program]
            }
            shapes.append(shape)
            if shape.isUnsatisfiable {
                summary.unsatisfiable += 1
            } else {
                live.append(ordinal)
                if !shape.residual.isEmpty { summary.rulesWithResidual += 1 }
            }
        }
        summary.rules = conditions.count
        summary.attributes = attributes.count
        guard !live.isEmpty else { return nil }
        return node(for: live, partitioned: [], depth: 0)
    }

    private mutating func number(_ path: AttributePath) -> Int {
        if let existing = attributeNumbers[path] { return existing }
        attributes.append(path)
        attributeNumbers[path] = attributes.count - 1
        return attributes.count - 1
    }

    private mutating func node(for rules: [Int], partitioned: Set<Int>, depth: Int) -> IndexNode {
        if rules.count > configuration.leafCapacity, depth < configuration.maximumDepth,
           let attribute = bestPartition(rules, excluding: partitioned) {
            var buckets: [IndexKey: [Int]] = [:]
            var wildcard: [Int] = []
            for ordinal in rules {
                if let keys = shapes[ordinal].equalities[attribute] {
                    for key in keys { buckets[key, default: []].append(ordinal) }
                } else {
                    wildcard.append(ordinal)
                }
            }
            let inner = partitioned.union([attribute])
            var children: [IndexKey: IndexNode] = [:]
            for (key, bucket) in buckets {
                children[key] = node(for: bucket, partitioned: inner, depth: depth + 1)
            }
            let wildcardNode = wildcard.isEmpty ? nil : node(for: wildcard, partitioned: inner, depth: depth + 1)
            summary.partitions += 1
            return IndexNode(.partition(attribute: attribute, children: children, wildcard: wildcardNode))
        }
        return IndexNode(.leaf(leaf(for: rules, partitioned: partitioned)))
    }

    /// The equality attribute whose partition leaves the fewest rules per visited path, if it
    /// at least halves them.
    private func bestPartition(_ rules: [Int], excluding partitioned: Set<Int>) -> Int? {
        var constrained: [Int: Int] = [:]
        var expansion: [Int: Int] = [:]
        var distinct: [Int: Set<IndexKey>] = [:]
        for ordinal in rules {
            for (attribute, keys) in shapes[ordinal].equalities where !partitioned.contains(attribute) {
                constrained[attribute, default: 0] += 1
                expansion[attribute, default: 0] += keys.count
                distinct[attribute, default: []].formUnion(keys)
            }
        }
        var best: (attribute: Int, cost: Double)?
        for (attribute, count) in constrained {
            let values = max(1, distinct[attribute]?.count ?? 1)
            let cost = Double(rules.count - count) + Double(expansion[attribute] ?? 0) / Double(values)
            if best == nil || cost < best!.cost || (cost == best!.cost && attribute < best!.attribute) {
                best = (attribute, cost)
            }
        }
        guard let best, best.cost <= Double(rules.count) * 0.5 else { return nil }
        return best.attribute
    }

    private mutating func leaf(for rules: [Int], partitioned: Set<Int>) -> IndexLeaf {
        let wordCount = max(1, (rules.count + 63) / 64)
        var bitsets: [UInt64] = []
        var verifications = [RuleVerification](repeating: RuleVerification(), count: rules.count)

        func newBitset() -> Int {
            bitsets.append(contentsOf: repeatElement(0, count: wordCount))
            return bitsets.count / wordCount - 1
        }
        func set(_ bitset: Int, _ local: Int) {
            bitsets[bitset * wordCount + local / 64] |= 1 << UInt64(local % 64)
        }

        // Attributes used in this leaf, in a stable order.
        var equalityAttributes = Set<Int>()
        var rangeAttributes = Set<Int>()
        for ordinal in rules {
            equalityAttributes.formUnion(shapes[ordinal].equalities.keys.filter { !partitioned.contains($0) })
            rangeAttributes.formUnion(shapes[ordinal].ranges.keys)
        }

        var equalityDimensions: [IndexLeaf.EqualityDimension] = []
        for attribute in equalityAttributes.sorted() {
            var values = Set<IndexKey>()
            for ordinal in rules { values.formUnion(shapes[ordinal].equalities[attribute] ?? []) }
            if values.count > configuration.maximumEqualitySlots {
                for (local, ordinal) in rules.enumerated() {
                    if let keys = shapes[ordinal].equalities[attribute] {
                        verifications[local].equalities.append((attribute, keys))
                    }
                }
                continue
            }
            let indifferent = newBitset()
            for (local, ordinal) in rules.enumerated() where shapes[ordinal].equalities[attribute] == nil {
                set(indifferent, local)
            }
            var slots: [IndexKey: Int] = [:]
            for value in values {
                let bitset = newBitset()
                let base = indifferent * wordCount
                for word in 0..<wordCount { bitsets[bitset * wordCount + word] = bitsets[base + word] }
                slots[value] = bitset
            }
            for (local, ordinal) in rules.enumerated() {
                for key in shapes[ordinal].equalities[attribute] ?? [] { set(slots[key]!, local) }
            }
            equalityDimensions.append(.init(attribute: attribute, slots: slots, indifferent: indifferent))
        }

        var rangeDimensions: [IndexLeaf.RangeDimension] = []
        for attribute in rangeAttributes.sorted() {
            var bounds = Set<Double>()
            for ordinal in rules { bounds.formUnion(shapes[ordinal].ranges[attribute]?.boundaries ?? []) }
            var cuts = bounds.sorted()
            let exact = cuts.count <= configuration.maximumRangeCuts
            if !exact {
                let step = Double(cuts.count) / Double(configuration.maximumRangeCuts)
                cuts = (0..<configuration.maximumRangeCuts).map { cuts[min(cuts.count - 1, Int(Double($0) * step))] }
                cuts = Array(Set(cuts)).sorted()
            }
            let indifferent = newBitset()
            for (local, ordinal) in rules.enumerated() where shapes[ordinal].ranges[attribute] == nil {
                set(indifferent, local)
            }
            let base = bitsets.count / wordCount
            for slot in 0...(2 * cuts.count) {
                let bitset = newBitset()
                for word in 0..<wordCount { bitsets[bitset * wordCount + word] = bitsets[indifferent * wordCount + word] }
                for (local, ordinal) in rules.enumerated() {
                    guard let interval = shapes[ordinal].ranges[attribute] else { continue }
                    let holds: Bool
                    if slot % 2 == 1 {
                        holds = interval.contains(cuts[slot / 2])
                    } else {
                        let index = slot / 2
                        holds = interval.overlapsOpenGap(low: index > 0 ? cuts[index - 1] : nil, high: index < cuts.count ? cuts[index] : nil)
                    }
                    if holds { set(bitset, local) }
                }
            }
            if !exact {
                for (local, ordinal) in rules.enumerated() {
                    if let interval = shapes[ordinal].ranges[attribute] {
                        verifications[local].ranges.append((attribute, interval))
                    }
                }
            }
            rangeDimensions.append(.init(attribute: attribute, cuts: cuts, base: base, indifferent: indifferent))
        }

        let everyRule = newBitset()
        for local in rules.indices { set(everyRule, local) }
        for (local, ordinal) in rules.enumerated() {
            verifications[local].residual = shapes[ordinal].residual
        }
        summary.leaves += 1
        summary.largestLeaf = max(summary.largestLeaf, rules.count)
        summary.bitsetWords += bitsets.count
        return IndexLeaf(
            rules: rules, wordCount: wordCount, equalityDimensions: equalityDimensions,
            rangeDimensions: rangeDimensions, bitsets: bitsets, everyRule: everyRule,
            verifications: verifications, needsVerification: verifications.map { !$0.isEmpty })
    }
}
