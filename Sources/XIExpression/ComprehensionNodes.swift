/// Iterates a list's elements or a map's keys.
@inline(__always)
func iterationValues(_ range: Value, macro: String) throws(EvaluationError) -> [Value] {
    switch range {
    case .list(let elements): return elements
    case .map(let map): return map.entries.map(\.key)
    default: throw EvaluationError("\(macro)() needs a list or a map, found \(range.type)")
    }
}

/// `range.all(x, predicate)` and `range.exists(x, predicate)`: the answer is `decisive` as soon
/// as one element gives `decisive` (false for `all`, true for `exists`); otherwise the first
/// error, if any; otherwise `!decisive`.
final class QuantifierNode: EvaluationNode, @unchecked Sendable {
    let range: EvaluationNode
    let predicate: EvaluationNode
    let slot: Int
    let decisive: Bool
    init(range: EvaluationNode, predicate: EvaluationNode, slot: Int, decisive: Bool) {
        self.range = range
        self.predicate = predicate
        self.slot = slot
        self.decisive = decisive
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        var firstError: EvaluationError?
        for element in try iterationValues(try range.evaluate(&frame), macro: decisive ? "exists" : "all") {
            frame.locals[slot] = element
            do {
                switch try predicate.evaluate(&frame) {
                case .bool(let flag): if flag == decisive { return .bool(decisive) }
                case let other:
                    if firstError == nil { firstError = .noOverload(decisive ? Operator.logicalOr : Operator.logicalAnd, [other]) }
                }
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return .bool(!decisive)
    }
}

/// `range.exists_one(x, predicate)`: exactly one element gives true; errors propagate.
final class ExistsOneNode: EvaluationNode, @unchecked Sendable {
    let range: EvaluationNode
    let predicate: EvaluationNode
    let slot: Int
    init(range: EvaluationNode, predicate: EvaluationNode, slot: Int) {
        self.range = range
        self.predicate = predicate
        self.slot = slot
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        var count = 0
        for element in try iterationValues(try range.evaluate(&frame), macro: "exists_one") {
            frame.locals[slot] = element
            switch try predicate.evaluate(&frame) {
            case .bool(true): count += 1
            case .bool(false): break
            case let other: throw EvaluationError.noOverload(Operator.conditional, [other])
            }
        }
        return .bool(count == 1)
    }
}

/// `range.map(x, transform)`, `range.map(x, predicate, transform)` and `range.filter(x, predicate)`.
final class MapFilterNode: EvaluationNode, @unchecked Sendable {
    let range: EvaluationNode
    let predicate: EvaluationNode?
    let transform: EvaluationNode?
    let slot: Int
    init(range: EvaluationNode, predicate: EvaluationNode?, transform: EvaluationNode?, slot: Int) {
        self.range = range
        self.predicate = predicate
        self.transform = transform
        self.slot = slot
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        var results: [Value] = []
        for element in try iterationValues(try range.evaluate(&frame), macro: transform == nil ? "filter" : "map") {
            frame.locals[slot] = element
            if let predicate {
                switch try predicate.evaluate(&frame) {
                case .bool(true): break
                case .bool(false): continue
                case let other: throw EvaluationError.noOverload(Operator.conditional, [other])
                }
            }
            results.append(try transform?.evaluate(&frame) ?? element)
        }
        return .list(results)
    }
}

/// A general comprehension (not one of the macros): fold `step` over the range while `condition` holds.
final class ComprehensionNode: EvaluationNode, @unchecked Sendable {
    let range: EvaluationNode
    let iterationSlot: Int
    let accumulatorSlot: Int
    let initial: EvaluationNode
    let condition: EvaluationNode
    let step: EvaluationNode
    let result: EvaluationNode
    init(range: EvaluationNode, iterationSlot: Int, accumulatorSlot: Int, initial: EvaluationNode,
         condition: EvaluationNode, step: EvaluationNode, result: EvaluationNode) {
        self.range = range
        self.iterationSlot = iterationSlot
        self.accumulatorSlot = accumulatorSlot
        self.initial = initial
        self.condition = condition
        self.step = step
        self.result = result
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        let values = try iterationValues(try range.evaluate(&frame), macro: "comprehension")
        frame.locals[accumulatorSlot] = try initial.evaluate(&frame)
        for element in values {
            frame.locals[iterationSlot] = element
            guard case .bool(true) = try condition.evaluate(&frame) else { break }
            frame.locals[accumulatorSlot] = try step.evaluate(&frame)
        }
        return try result.evaluate(&frame)
    }
}
