import Testing
@testable import XIRuntime

/// The routes an open insight took: a set of small numbers (a bit mask below 64, a set beyond),
/// checked against a `Set<Int>` as the oracle. Routing skips an insight whose routes hold every
/// subscription of its goal, so `contains(all:)` must never say yes too early.
@Suite("route set")
struct RouteSetTests {
    @Test("inserts, membership and contains(all:) agree with a Set", arguments: 0..<5)
    func agreesWithSet(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var routes = RouteSet()
        var oracle = Set<Int>()
        for _ in 0..<400 {
            let number = Int.random(in: 0..<130, using: &random)
            #expect(routes.insert(number) == oracle.insert(number).inserted)
            let probe = Int.random(in: 0..<130, using: &random)
            #expect(routes.contains(probe) == oracle.contains(probe))
            let some = (0..<Int.random(in: 0..<4, using: &random)).map { _ in Int.random(in: 0..<130, using: &random) }
            #expect(routes.contains(all: some) == some.allSatisfy(oracle.contains))
        }
    }

    @Test("an empty list is held by any set; a number not taken is not, on either side of 64")
    func edges() {
        var routes = RouteSet()
        #expect(routes.contains(all: []))
        #expect(!routes.contains(all: [3]))
        _ = routes.insert(3)
        _ = routes.insert(64)
        #expect(routes.contains(all: [3, 64]))
        #expect(!routes.contains(all: [3, 64, 65]))
        #expect(!routes.contains(all: [63]))
    }
}
