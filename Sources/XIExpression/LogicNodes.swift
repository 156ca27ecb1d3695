/// `a && b` (`decisive` false) and `a || b` (`decisive` true), with CEL's commutative error
/// absorption: a `decisive` value on either side wins over an error on the other.
final class LogicalNode: EvaluationNode, @unchecked Sendable {
    let left: EvaluationNode
    let right: EvaluationNode
    let decisive: Bool
    init(left: EvaluationNode, right: EvaluationNode, decisive: Bool) {
        self.left = left
        self.right = right
        self.decisive = decisive
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        var leftValue = Value.null
        var leftError: EvaluationError?
        do { leftValue = try left.evaluate(&frame) } catch { leftError = error }
        if leftError == nil, case .bool(let flag) = leftValue {
            if flag == decisive { return leftValue }
            let value = try right.evaluate(&frame)
            if case .bool = value { return value }
            throw EvaluationError.noOverload(decisive ? Operator.logicalOr : Operator.logicalAnd, [leftValue, value])
        }
        // The left side is an error (or not a bool): a decisive right side still decides.
        let value = try right.evaluate(&frame)
        if case .bool(let flag) = value, flag == decisive { return value }
        throw leftError ?? EvaluationError.noOverload(decisive ? Operator.logicalOr : Operator.logicalAnd, [leftValue, value])
    }
}

/// `!a`.
final class NotNode: EvaluationNode, @unchecked Sendable {
    let operand: EvaluationNode
    init(operand: EvaluationNode) { self.operand = operand }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        let value = try operand.evaluate(&frame)
        guard case .bool(let flag) = value else { throw EvaluationError.noOverload(Operator.logicalNot, [value]) }
        return .bool(!flag)
    }
}

/// `@not_strictly_false(a)`: true unless `a` is false (errors count as true), for `all` and `exists`.
final class NotStrictlyFalseNode: EvaluationNode, @unchecked Sendable {
    let operand: EvaluationNode
    init(operand: EvaluationNode) { self.operand = operand }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        do {
            if case .bool(false) = try operand.evaluate(&frame) { return .bool(false) }
        } catch {}
        return .bool(true)
    }
}

/// `c ? a : b`.
final class ConditionalNode: EvaluationNode, @unchecked Sendable {
    let condition: EvaluationNode
    let whenTrue: EvaluationNode
    let whenFalse: EvaluationNode
    init(condition: EvaluationNode, whenTrue: EvaluationNode, whenFalse: EvaluationNode) {
        self.condition = condition
        self.whenTrue = whenTrue
        self.whenFalse = whenFalse
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        switch try condition.evaluate(&frame) {
        case .bool(true): return try whenTrue.evaluate(&frame)
        case .bool(false): return try whenFalse.evaluate(&frame)
        case let other: throw EvaluationError.noOverload(Operator.conditional, [other])
        }
    }
}

extension EvaluationError {
    /// "no such overload" for a function applied to values of the given types.
    static func noOverload(_ function: String, _ arguments: [Value]) -> EvaluationError {
        let types = arguments.map { $0.type.description }.joined(separator: ", ")
        return EvaluationError("no such overload: '\(function)' applied to (\(types))")
    }
}
