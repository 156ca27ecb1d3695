/// `operand <op> constant` (or the mirror, with the relation flipped): the constant's case is known at
/// compile time, so the common same-type case compares without copying the constant.
final class CompareConstantNode: EvaluationNode, @unchecked Sendable {
    let operand: EvaluationNode
    let other: Value
    let relation: CompareNode.Relation
    let function: String
    /// The constant as a double when it is numeric, for the int/double fast paths.
    let integer: Int64?
    let double: Double?

    init(operand: EvaluationNode, constant: Value, relation: CompareNode.Relation, function: String) {
        self.operand = operand
        self.other = constant
        self.relation = relation
        self.function = function
        if case .int(let value) = constant { integer = value } else { integer = nil }
        if case .double(let value) = constant { double = value } else { double = nil }
    }

    @inline(__always)
    func result(_ order: Int) -> Value {
        switch relation {
        case .less: .bool(order < 0)
        case .lessOrEqual: .bool(order <= 0)
        case .greater: .bool(order > 0)
        case .greaterOrEqual: .bool(order >= 0)
        }
    }

    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        let value = try operand.evaluate(&frame)
        if let integer, case .int(let x) = value {
            return result(x < integer ? -1 : (x == integer ? 0 : 1))
        }
        if let double, case .double(let x) = value {
            if x.isNaN || double.isNaN { return .bool(false) }
            return result(x < double ? -1 : (x == double ? 0 : 1))
        }
        let order = try Operations.compare(value, other, function)
        if order == 2 { return .bool(false) }
        return result(order)
    }
}

/// `operand == 'constant'` or `!=`, comparing strings by code point without copying the constant.
final class EqualsConstantStringNode: EvaluationNode, @unchecked Sendable {
    let operand: EvaluationNode
    let text: String
    let negated: Bool
    init(operand: EvaluationNode, text: String, negated: Bool) {
        self.operand = operand
        self.text = text
        self.negated = negated
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        if case .string(let value) = try operand.evaluate(&frame) {
            return .bool(value.hasSameCodePoints(as: text) != negated)
        }
        return .bool(negated)
    }
}

/// `operand in ['a', 'b', …]` for a short list of constant strings: a linear scan beats hashing.
final class InConstantStringsNode: EvaluationNode, @unchecked Sendable {
    let operand: EvaluationNode
    let texts: [String]
    init(operand: EvaluationNode, texts: [String]) {
        self.operand = operand
        self.texts = texts
    }
    override func evaluate(_ frame: inout Frame) throws(EvaluationError) -> Value {
        guard case .string(let value) = try operand.evaluate(&frame) else { return .bool(false) }
        for text in texts where value.hasSameCodePoints(as: text) { return .bool(true) }
        return .bool(false)
    }
}
