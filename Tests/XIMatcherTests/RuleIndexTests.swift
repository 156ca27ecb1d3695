import Testing
import XIExpression
import XIMatcher

/// Behaviour a rule author would notice, case by case.
@Suite("Rule index")
struct RuleIndexTests {
    func matches(_ conditions: [String], _ fields: [String: Value]) throws -> [Int] {
        let (set, failures) = ConditionSet.compileDeclaringVariables(conditions)
        #expect(failures.isEmpty, "\(failures)")
        var record = [Value?](repeating: nil, count: set.declarations.count)
        for (name, value) in fields {
            if let slot = set.declarations.slot(of: name) { record[slot] = value }
        }
        var indexed: [Int] = []
        var naive: [Int] = []
        RuleIndex(set).match(record, into: &indexed)
        NaiveMatcher(set).match(record, into: &naive)
        #expect(indexed == naive)
        return indexed.map { set.conditions[$0].position }
    }

    @Test("numbers are equal across int, uint and double")
    func numericEquality() throws {
        let rules = ["x == 1", "x == 1u", "x == 1.0", "x in [2, 1.0]", "x == '1'"]
        #expect(try matches(rules, ["x": .int(1)]) == [0, 1, 2, 3])
        #expect(try matches(rules, ["x": .double(1.0)]) == [0, 1, 2, 3])
        #expect(try matches(rules, ["x": .string("1")]) == [4])
    }

    @Test("a missing attribute or an error is no match")
    func errorsDoNotMatch() throws {
        let rules = ["nps <= 6", "nps <= 6 || true", "10 / nps > 1", "kind == 'survey' && 10 / nps > 1"]
        #expect(try matches(rules, [:]) == [1])
        #expect(try matches(rules, ["nps": .int(0), "kind": .string("survey")]) == [0, 1])
        #expect(try matches(rules, ["nps": .int(5), "kind": .string("survey")]) == [0, 1, 2, 3])
    }

    @Test("ranges combine into intervals, and contradictory ones never match")
    func ranges() throws {
        let rules = ["age >= 10 && age < 20", "age > 20 && age < 10", "5 < age", "age <= 10.5"]
        #expect(try matches(rules, ["age": .int(10)]) == [0, 2, 3])
        #expect(try matches(rules, ["age": .double(20)]) == [2])
        #expect(try matches(rules, ["age": .string("15")]) == [])
    }

    @Test("results come in rule order across partitions")
    func order() throws {
        var rules: [String] = []
        for index in 0..<300 {
            rules.append(index % 3 == 0 ? "segment == 'gold'" : "kind == 'k\(index % 7)' && segment == 'gold'")
        }
        let found = try matches(rules, ["kind": .string("k3"), "segment": .string("gold")])
        #expect(found == found.sorted())
        #expect(found.count == 100 + (0..<300).filter { $0 % 3 != 0 && $0 % 7 == 3 }.count)
    }

    @Test("nested map attributes are indexed")
    func nestedAttributes() throws {
        var profile = MapValue()
        profile.insert(.string("tier"), .string("platinum"))
        let rules = ["profile.tier == 'platinum'", "profile.tier in ['gold']", "profile.missing == 1"]
        #expect(try matches(rules, ["profile": .map(profile)]) == [0])
    }

    @Test("a condition that is not bool is rejected when compiled")
    func nonBoolean() {
        let (_, failures) = ConditionSet.compileDeclaringVariables(["1 + 2", "x == 1"])
        #expect(failures.map(\.position) == [0])
        #expect(failures.first?.error.message.contains("bool") == true)
    }
}
