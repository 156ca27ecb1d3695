import XIExpression

/// Builds a ``RuleIndex``: analyses each condition, numbers attributes and interns constants,
/// then partitions the rules and lays out the leaves.
struct RuleIndexBuilder {
    let conditions: ConditionSet
    let configuration: RuleIndex.Configuration
    private(set) var attributes: [AttributePath] = []
    private var attributeNumbers: [AttributePath: Int] = [:]
    private(set) var values = ValueInterner()
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
            for (path, keys) in analysis.equalities {
                shape.equalities[number(path)] = Set(keys.map { intern($0) })
            }
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

    private mutating func intern(_ key: IndexKey) -> Int32 {
        values.intern(key)
    }

    private mutating func node(for rules: [Int], partitioned: Set<Int>, depth: Int) -> IndexNode {
        if rules.count > configuration.leafCapacity, depth < configuration.maximumDepth,
           let attribute = bestPartition(rules, excluding: partitioned) {
            var buckets: [Int32: [Int]] = [:]
            var wildcard: [Int] = []
            for ordinal in rules {
                if let ids = shapes[ordinal].equalities[attribute] {
                    for id in ids { buckets[id, default: []].append(ordinal) }
                } else {
                    wildcard.append(ordinal)
                }
            }
            let inner = partitioned.union([attribute])
            var children = [IndexNode?](repeating: nil, count: values.count)
            for (id, bucket) in buckets.sorted(by: { $0.key < $1.key }) {
                children[Int(id)] = node(for: bucket, partitioned: inner, depth: depth + 1)
            }
            let wildcardNode = wildcard.isEmpty ? nil : node(for: wildcard, partitioned: inner, depth: depth + 1)
            summary.partitions += 1
            return IndexNode(attribute: attribute, children: children, wildcard: wildcardNode)
        }
        return IndexNode(leaf: leaf(for: rules, partitioned: partitioned))
    }

    /// The equality attribute whose partition leaves the fewest rules per visited path, if it
    /// at least halves them.
    private func bestPartition(_ rules: [Int], excluding partitioned: Set<Int>) -> Int? {
        var constrained: [Int: Int] = [:]
        var expansion: [Int: Int] = [:]
        var distinct: [Int: Set<Int32>] = [:]
        for ordinal in rules {
            for (attribute, ids) in shapes[ordinal].equalities where !partitioned.contains(attribute) {
                constrained[attribute, default: 0] += 1
                expansion[attribute, default: 0] += ids.count
                distinct[attribute, default: []].formUnion(ids)
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
        guard let best, best.cost <= Double(rules.count) * configuration.partitionGain else { return nil }
        return best.attribute
    }

    private mutating func leaf(for rules: [Int], partitioned: Set<Int>) -> IndexLeaf {
        var layout = LeafLayout(ruleCount: rules.count)
        var rangeChecks = [[LeafChecks.RangeCheck]](repeating: [], count: rules.count)
        var equalityChecks = [[LeafChecks.EqualityCheck]](repeating: [], count: rules.count)
        let alwaysVerify = layout.newBitset()
        var anyAlways = false

        // Attributes used in this leaf, in a stable order.
        var equalityAttributes = Set<Int>()
        var rangeAttributes = Set<Int>()
        for ordinal in rules {
            equalityAttributes.formUnion(shapes[ordinal].equalities.keys.filter { !partitioned.contains($0) })
            rangeAttributes.formUnion(shapes[ordinal].ranges.keys)
        }

        var equalityDimensions: [IndexLeaf.EqualityDimension] = []
        var slotTable: [Int32] = []
        var allCuts: [Double] = []
        for attribute in equalityAttributes.sorted() {
            var named = Set<Int32>()
            for ordinal in rules { named.formUnion(shapes[ordinal].equalities[attribute] ?? []) }
            if named.count > configuration.maximumEqualitySlots {
                for (local, ordinal) in rules.enumerated() {
                    if let ids = shapes[ordinal].equalities[attribute] {
                        equalityChecks[local].append(.init(attribute: attribute, valueIDs: ids.sorted()))
                        layout.set(alwaysVerify, local)
                        anyAlways = true
                    }
                }
                continue
            }
            let indifferent = layout.newBitset()
            for (local, ordinal) in rules.enumerated() where shapes[ordinal].equalities[attribute] == nil {
                layout.set(indifferent, local)
            }
            var slotByValue = [Int32](repeating: -1, count: values.count)
            for id in named.sorted() {
                let bitset = layout.newBitset(copying: indifferent)
                slotByValue[Int(id)] = Int32(bitset)
            }
            for (local, ordinal) in rules.enumerated() {
                for id in shapes[ordinal].equalities[attribute] ?? [] { layout.set(Int(slotByValue[Int(id)]), local) }
            }
            equalityDimensions.append(.init(attribute: attribute, tableStart: slotTable.count, indifferent: indifferent))
            slotTable.append(contentsOf: slotByValue)
        }

        var rangeDimensions: [IndexLeaf.RangeDimension] = []
        for attribute in rangeAttributes.sorted() {
            var bounds = Set<Double>()
            for ordinal in rules { bounds.formUnion(shapes[ordinal].ranges[attribute]?.boundaries ?? []) }
            var cuts = bounds.sorted()
            if cuts.count > configuration.maximumRangeCuts {
                let step = Double(cuts.count) / Double(configuration.maximumRangeCuts)
                cuts = Array(Set((0..<configuration.maximumRangeCuts).map { cuts[min(cuts.count - 1, Int(Double($0) * step))] })).sorted()
            }
            let indifferent = layout.newBitset()
            for (local, ordinal) in rules.enumerated() where shapes[ordinal].ranges[attribute] == nil {
                layout.set(indifferent, local)
            }
            let slotCount = 2 * cuts.count + 1
            let base = layout.bitsetCount
            for _ in 0..<slotCount { _ = layout.newBitset(copying: indifferent) }
            let partialBase = layout.bitsetCount
            for _ in 0..<slotCount { _ = layout.newBitset() }
            var anyPartial = false
            for (local, ordinal) in rules.enumerated() {
                guard let interval = shapes[ordinal].ranges[attribute] else { continue }
                var partialSomewhere = false
                for slot in 0..<slotCount {
                    let overlaps: Bool
                    let covers: Bool
                    if slot % 2 == 1 {
                        overlaps = interval.contains(cuts[slot / 2])
                        covers = overlaps
                    } else {
                        let index = slot / 2
                        let low = index > 0 ? cuts[index - 1] : nil
                        let high = index < cuts.count ? cuts[index] : nil
                        overlaps = interval.overlapsOpenGap(low: low, high: high)
                        covers = overlaps && interval.coversOpenGap(low: low, high: high)
                    }
                    if overlaps { layout.set(base + slot, local) }
                    if overlaps && !covers {
                        layout.set(partialBase + slot, local)
                        partialSomewhere = true
                    }
                }
                if partialSomewhere {
                    rangeChecks[local].append(.init(attribute: attribute, interval: interval))
                    anyPartial = true
                }
            }
            if !anyPartial { layout.dropLast(slotCount) }
            rangeDimensions.append(.init(
                attribute: attribute, cutStart: allCuts.count, cutCount: cuts.count, base: base,
                partialBase: anyPartial ? partialBase : -1, indifferent: indifferent))
            allCuts.append(contentsOf: cuts)
        }

        let everyRule = layout.newBitset()
        for local in rules.indices { layout.set(everyRule, local) }
        var residualStart: [Int32] = [0]
        var residuals: [Program] = []
        for (local, ordinal) in rules.enumerated() {
            if !shapes[ordinal].residual.isEmpty {
                residuals.append(contentsOf: shapes[ordinal].residual)
                layout.set(alwaysVerify, local)
                anyAlways = true
            }
            residualStart.append(Int32(residuals.count))
        }
        let checks = LeafChecks(
            rangeStart: Self.offsets(rangeChecks), ranges: rangeChecks.flatMap { $0 },
            equalityStart: Self.offsets(equalityChecks), equalities: equalityChecks.flatMap { $0 },
            residualStart: residualStart, residuals: residuals)
        let verifies = anyAlways || rangeDimensions.contains { $0.partialBase >= 0 }
        summary.leaves += 1
        summary.largestLeaf = max(summary.largestLeaf, rules.count)
        summary.bitsetWords += layout.words.count
        return IndexLeaf(
            rules: rules, wordCount: layout.wordCount, equalityDimensions: equalityDimensions,
            rangeDimensions: rangeDimensions, bitsets: layout.words, everyRule: everyRule,
            alwaysVerify: anyAlways ? alwaysVerify : -1, verifies: verifies, checks: checks,
            slotTable: slotTable, cuts: allCuts)
    }

    private static func offsets<Element>(_ lists: [[Element]]) -> [Int32] {
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(lists.count + 1)
        var total: Int32 = 0
        for list in lists {
            total += Int32(list.count)
            offsets.append(total)
        }
        return offsets
    }
}

/// The bitsets of one leaf while it is built.
struct LeafLayout {
    let wordCount: Int
    private(set) var words: [UInt64] = []

    init(ruleCount: Int) {
        wordCount = max(1, (ruleCount + 63) / 64)
    }

    var bitsetCount: Int { words.count / wordCount }

    mutating func newBitset() -> Int {
        words.append(contentsOf: repeatElement(0, count: wordCount))
        return bitsetCount - 1
    }

    mutating func newBitset(copying source: Int) -> Int {
        let bitset = newBitset()
        for word in 0..<wordCount { words[bitset * wordCount + word] = words[source * wordCount + word] }
        return bitset
    }

    mutating func set(_ bitset: Int, _ local: Int) {
        words[bitset * wordCount + local / 64] |= 1 << UInt64(local % 64)
    }

    /// Removes the last `count` bitsets (ones that turned out to be unneeded).
    mutating func dropLast(_ count: Int) {
        words.removeLast(count * wordCount)
    }
}
