/// `a == b` or `a != b` with CEL's heterogeneous equality.
final class EqualsNode: EvaluationNode, @unchecked Sendable {
    let left: EvaluationNode
    let right: EvaluationNode
    let negated: Bool
    init(left: EvaluationNode, right: EvaluationNode, negated: Bool) {
        self.left = left
        self.right = right
        self.negated = negated
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        let a = try left.evaluate(&frame)
        let b = try right.evaluate(&frame)
        return .bool(a.celEquals(b) != negated)
    }
}

/// `a <op> b` for `<`, `<=`, `>`, `>=`.
final class CompareNode: EvaluationNode, @unchecked Sendable {
    enum Relation {
        case less, lessOrEqual, greater, greaterOrEqual
    }
    let left: EvaluationNode
    let right: EvaluationNode
    let relation: Relation
    let function: String
    init(left: EvaluationNode, right: EvaluationNode, relation: Relation, function: String) {
        self.left = left
        self.right = right
        self.relation = relation
        self.function = function
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        let a = try left.evaluate(&frame)
        let b = try right.evaluate(&frame)
        let order: Int
        switch (a, b) {
        case (.int(let x), .int(let y)): order = x < y ? -1 : (x == y ? 0 : 1)
        case (.double(let x), .double(let y)):
            order = x < y ? -1 : (x == y ? 0 : (x > y ? 1 : 2))
        default: order = try Operations.compare(a, b, function)
        }
        if order == 2 { return .bool(false) }
        switch relation {
        case .less: return .bool(order < 0)
        case .lessOrEqual: return .bool(order <= 0)
        case .greater: return .bool(order > 0)
        case .greaterOrEqual: return .bool(order >= 0)
        }
    }
}

/// `x in [constants…]` with a precomputed hash set: constant time for any list size.
final class InConstantSetNode: EvaluationNode, @unchecked Sendable {
    let element: EvaluationNode
    let keys: MapValue
    init(element: EvaluationNode, keys: MapValue) {
        self.element = element
        self.keys = keys
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        .bool(keys.contains(try element.evaluate(&frame)))
    }
}
