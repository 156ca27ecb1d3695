import Benchmark
import XIExpression
import XIMatcher
import XIWorkloads

/// Matcher throughput and allocations at 10 to 100,000 rules, indexed and naive, on the
/// workload of ``MatchWorkload``: records with seven attributes, rules `kind == K && 1–3 more`.
/// One scaled iteration matches one record; read throughput as records per second.
let benchmarks: @Sendable () -> Void = {
    let records = 4_096
    for ruleCount in [10, 1_000, 10_000, 100_000] {
        let sources = MatchWorkload.rules(count: ruleCount, seed: UInt64(ruleCount))
        let (set, _) = ConditionSet.compileDeclaringVariables(sources)
        let decoder = JSONRecordDecoder(declarations: set.declarations)
        let prepared = MatchWorkload.records(count: records).map { try! decoder.decode(Array($0.jsonLine.utf8)) }
        let index = RuleIndex(set)
        let naive = NaiveMatcher(set)
        let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident]

        Benchmark(
            "indexed \(ruleCount) rules",
            configuration: .init(metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(2), maxIterations: 1_000)
        ) { benchmark in
            var matches: [Int] = []
            matches.reserveCapacity(1_024)
            for iteration in benchmark.scaledIterations {
                matches.removeAll(keepingCapacity: true)
                index.match(prepared[iteration % records], into: &matches)
                blackHole(matches.count)
            }
        }

        // The oracle is slow at large rule counts: one record per iteration there.
        Benchmark(
            "naive \(ruleCount) rules",
            configuration: .init(metrics: metrics, scalingFactor: ruleCount >= 10_000 ? .one : .kilo, maxDuration: .seconds(2), maxIterations: 200)
        ) { benchmark in
            var matches: [Int] = []
            matches.reserveCapacity(1_024)
            for iteration in benchmark.scaledIterations {
                matches.removeAll(keepingCapacity: true)
                naive.match(prepared[iteration % records], into: &matches)
                blackHole(matches.count)
            }
        }
    }
}
