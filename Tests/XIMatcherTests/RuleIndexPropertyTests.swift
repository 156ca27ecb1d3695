import Testing
import XIExpression
import XIMatcher
import XIWorkloads

/// The rule index must return exactly what the naive evaluator returns, for any rules and records,
/// including rules that raise errors (an error is "no match") and records of unexpected types.
@Suite("Rule index against the naive oracle")
struct RuleIndexPropertyTests {
    /// Index configurations that exercise partitions, small and large leaves, and coarse ranges.
    static let configurations: [RuleIndex.Configuration] = {
        var tiny = RuleIndex.Configuration()
        tiny.leafCapacity = 2
        tiny.maximumRangeCuts = 3
        tiny.maximumEqualitySlots = 2
        var flat = RuleIndex.Configuration()
        flat.leafCapacity = 1_000_000
        return [RuleIndex.Configuration(), tiny, flat]
    }()

    @Test("random rules with errors and mixed types", arguments: [1, 2, 3, 4, 5, 6])
    func randomRules(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let sources = (0..<800).map { _ in RandomRules.condition(using: &generator) }
        let (set, failures) = ConditionSet.compile(sources, declarations: RandomRules.declarations)
        #expect(failures.count < sources.count / 10, "too many generated rules failed to compile: \(failures.prefix(3))")
        let records = (0..<800).map { _ in RandomRules.record(using: &generator) }
        let oracle = NaiveMatcher(set)
        let answers = records.map { record in
            var expected: [Int] = []
            oracle.match(record, into: &expected)
            return expected
        }
        let totalMatches = answers.reduce(0) { $0 + $1.count }
        for configuration in Self.configurations {
            let index = RuleIndex(set, configuration: configuration)
            var actual: [Int] = []
            for (record, expected) in zip(records, answers) {
                actual.removeAll(keepingCapacity: true)
                index.match(record, into: &actual)
                if expected != actual {
                    let missing = Set(expected).subtracting(actual).sorted().prefix(3).map { set.conditions[$0].source }
                    let extra = Set(actual).subtracting(expected).sorted().prefix(3).map { set.conditions[$0].source }
                    Issue.record("record \(RandomRules.describe(record)): missing \(missing), extra \(extra)")
                    return
                }
            }
        }
        // The generated workload must actually produce matches, or the comparison proves little.
        #expect(totalMatches > records.count)
    }

    @Test("the benchmark workload at several sizes")
    func benchmarkWorkload() throws {
        for count in [10, 1_000, 3_000] {
            let sources = MatchWorkload.rules(count: count, seed: UInt64(count))
            let (set, failures) = ConditionSet.compileDeclaringVariables(sources)
            #expect(failures.isEmpty)
            let decoder = JSONRecordDecoder(declarations: set.declarations)
            let records = try MatchWorkload.records(count: 400).map { try decoder.decode(Array($0.jsonLine.utf8)) }
            let index = RuleIndex(set)
            let oracle = NaiveMatcher(set)
            var total = 0
            for record in records {
                var expected: [Int] = []
                var actual: [Int] = []
                oracle.match(record, into: &expected)
                index.match(record, into: &actual)
                #expect(expected == actual)
                total += expected.count
                if expected != actual { return }
            }
            if count >= 1_000 { #expect(total > 0) }
        }
    }
}

/// Random conditions and records over a few `dyn` attributes.
enum RandomRules {
    static let names = ["a", "b", "c", "s", "n", "d", "flag", "m"]
    static let declarations = Declarations(names.map { ($0, ValueType.dyn) })

    static func constant(using generator: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<12, using: &generator) {
        case 0...3: return String(Int.random(in: -3...3, using: &generator))
        case 4: return "\(Int.random(in: 0...3, using: &generator))u"
        case 5, 6: return ["0.5", "1.0", "-1.5", "2.0", "3.25", "-0.0"].randomElement(using: &generator)!
        case 7, 8: return ["'x'", "'y'", "\"z\"", "''"].randomElement(using: &generator)!
        case 9: return Bool.random(using: &generator) ? "true" : "false"
        case 10: return "null"
        default: return ["9007199254740993", "-9223372036854775808", "18446744073709551615u", "1e300"].randomElement(using: &generator)!
        }
    }

    static func attribute(using generator: inout SeededGenerator) -> String {
        Int.random(in: 0..<10, using: &generator) == 0 ? ["m.x", "m.y"].randomElement(using: &generator)! : names.randomElement(using: &generator)!
    }

    static func conjunct(using generator: inout SeededGenerator) -> String {
        let attribute = attribute(using: &generator)
        let value = constant(using: &generator)
        switch Int.random(in: 0..<20, using: &generator) {
        case 0...4: return "\(attribute) == \(value)"
        case 5: return "\(value) == \(attribute)"
        case 6, 7:
            let count = Int.random(in: 0...3, using: &generator)
            return "\(attribute) in [" + (0..<count).map { _ in constant(using: &generator) }.joined(separator: ", ") + "]"
        case 8...11:
            let operation = ["<", "<=", ">", ">="].randomElement(using: &generator)!
            let number = ["0", "1", "2", "-1", "1.5", "2u", "0.0", "-2.5", "3"].randomElement(using: &generator)!
            return Bool.random(using: &generator) ? "\(attribute) \(operation) \(number)" : "\(number) \(operation) \(attribute)"
        case 12: return Bool.random(using: &generator) ? "flag" : "!flag"
        case 13: return "\(attribute) != \(value)"
        case 14: return "\(attribute) + 1 > 2"
        case 15: return "(\(attribute) == \(value) || \(self.attribute(using: &generator)) == \(constant(using: &generator)))"
        case 16: return "size(s) > 1"
        case 17: return "has(m.x)"
        case 18: return "10 / n > 2"
        default: return "\(attribute) > 0 ? true : \(attribute) == \(value)"
        }
    }

    static func condition(using generator: inout SeededGenerator) -> String {
        let count = Int.random(in: 1...4, using: &generator)
        return (0..<count).map { _ in conjunct(using: &generator) }.joined(separator: " && ")
    }

    static func value(using generator: inout SeededGenerator, depth: Int = 0) -> Value? {
        switch Int.random(in: 0..<20, using: &generator) {
        case 0, 1: return nil
        case 2...5: return .int(Int64.random(in: -3...3, using: &generator))
        case 6: return .uint(UInt64.random(in: 0...3, using: &generator))
        case 7, 8: return .double([0.5, 1.0, -1.5, 2.0, 3.25, -0.0, .nan, .infinity, -.infinity, 1.5].randomElement(using: &generator)!)
        case 9, 10: return .string(["x", "y", "z", "", "xy"].randomElement(using: &generator)!)
        case 11, 12: return .bool(Bool.random(using: &generator))
        case 13: return .null
        case 14: return .int([9_007_199_254_740_993, Int64.min, Int64.max].randomElement(using: &generator)!)
        case 15: return .uint(UInt64.max)
        case 16: return .list([.int(1), .string("x")])
        case 17 where depth == 0:
            var map = MapValue()
            if Bool.random(using: &generator), let x = value(using: &generator, depth: 1) { map.insert(.string("x"), x) }
            if Bool.random(using: &generator), let y = value(using: &generator, depth: 1) { map.insert(.string("y"), y) }
            return .map(map)
        default: return .int(Int64.random(in: 0...2, using: &generator))
        }
    }

    static func record(using generator: inout SeededGenerator) -> [Value?] {
        names.map { name in
            if name == "m" {
                var map = MapValue()
                if Bool.random(using: &generator), let x = value(using: &generator, depth: 1) { map.insert(.string("x"), x) }
                if Bool.random(using: &generator), let y = value(using: &generator, depth: 1) { map.insert(.string("y"), y) }
                return Int.random(in: 0..<5, using: &generator) == 0 ? value(using: &generator) : .map(map)
            }
            return value(using: &generator)
        }
    }

    static func describe(_ record: [Value?]) -> String {
        zip(names, record).map { "\($0)=\($1.map { "\($0)" } ?? "absent")" }.joined(separator: " ")
    }
}
