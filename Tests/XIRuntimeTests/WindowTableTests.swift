import Testing
@testable import XIRuntime

/// The engine's table of windows behaves as a dictionary keyed by goal × subject (the oracle):
/// lookups, replacements, removals, the count and the set of keys it goes through.
@Suite("window table")
struct WindowTableTests {
    @Test("random sets, removals and lookups agree with a dictionary", arguments: 0..<10)
    func agreesWithDictionary(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var table = WindowTable(goals: 6)
        var oracle: [RunEngine.WindowKey: SubjectWindow] = [:]
        for _ in 0..<5_000 {
            // Few goals, subjects numbered densely as the engine numbers them.
            let key = RunEngine.WindowKey(goalNumber: Int32.random(in: 0..<6, using: &random), subjectNumber: Int32.random(in: 0..<300, using: &random))
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<5:
                let window = SubjectWindow()
                table[key] = window
                oracle[key] = window
            case 5..<7:
                #expect(table.removeValue(forKey: key) === oracle.removeValue(forKey: key))
            case 7:
                table[key] = nil
                oracle[key] = nil
            default:
                #expect(table[key] === oracle[key])
            }
            #expect(table.count == oracle.count)
        }
        #expect(oracle.count > 100)
        let listed = Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0.window) })
        #expect(listed.count == table.count, "each window is listed once")
        #expect(Set(listed.keys) == Set(oracle.keys))
        #expect(Set(table.keys) == Set(oracle.keys))
        for (key, window) in oracle { #expect(listed[key] === window) }
    }

    @Test("a key past every subject seen finds nothing, and removing it removes nothing")
    func unknownSubject() {
        var table = WindowTable(goals: 6)
        let window = SubjectWindow()
        table[RunEngine.WindowKey(goalNumber: 1, subjectNumber: 2)] = window
        #expect(table[RunEngine.WindowKey(goalNumber: 1, subjectNumber: 2)] === window)
        #expect(table[RunEngine.WindowKey(goalNumber: 0, subjectNumber: 2)] == nil)
        #expect(table[RunEngine.WindowKey(goalNumber: 1, subjectNumber: 1_000)] == nil)
        #expect(table.removeValue(forKey: RunEngine.WindowKey(goalNumber: 1, subjectNumber: 1_000)) == nil)
        #expect(table.count == 1)
        // Subjects before the highest seen have empty slots: nothing is found there.
        #expect(table[RunEngine.WindowKey(goalNumber: 1, subjectNumber: 0)] == nil)
        #expect(table.removeValue(forKey: RunEngine.WindowKey(goalNumber: 5, subjectNumber: 1)) == nil)
        #expect(table.count == 1)
    }
}
