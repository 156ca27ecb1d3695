import XIExpression

/// What the index learns from one condition: its top-level conjuncts, split into those it can
/// look up (equality and `in` on constants, numeric ranges) and the residual it must evaluate.
///
/// A condition `c1 && c2 && … && cn` is true exactly when every `ci` evaluates to `true`: CEL's
/// `&&` absorbs errors only to produce `false`, so for matching — where an error means "no
/// match" — each conjunct can be tested on its own and in any order.
struct AnalyzedCondition: Sendable {
    /// Per attribute, the keys one of which the attribute's value must equal. An empty set never matches.
    var equalities: [AttributePath: Set<IndexKey>] = [:]
    /// Per attribute, the interval its numeric value must lie in.
    var ranges: [AttributePath: NumericInterval] = [:]
    /// Conjuncts evaluated as compiled programs.
    var residual: [Expression] = []
}

/// Splits conditions into indexable conjuncts and residual ones.
struct ConditionAnalyzer {
    let declarations: Declarations

    /// Constants beyond this magnitude stay residual, so that converting record integers to
    /// doubles can never change the outcome of a range test.
    static let exactDoubleLimit = 9_007_199_254_740_992.0  // 2^53

    func analyze(_ expression: Expression) -> AnalyzedCondition {
        var result = AnalyzedCondition()
        var conjuncts: [Expression] = []
        flatten(expression, into: &conjuncts)
        for conjunct in conjuncts {
            if !absorb(conjunct, into: &result) {
                result.residual.append(conjunct)
            }
        }
        return result
    }

    private func flatten(_ expression: Expression, into conjuncts: inout [Expression]) {
        if case .call(Operator.logicalAnd, nil, let arguments) = expression.kind, arguments.count == 2 {
            flatten(arguments[0], into: &conjuncts)
            flatten(arguments[1], into: &conjuncts)
        } else {
            conjuncts.append(expression)
        }
    }

    /// Records `conjunct` as an index predicate when it has an indexable form; false otherwise.
    private func absorb(_ conjunct: Expression, into result: inout AnalyzedCondition) -> Bool {
        // A bare boolean attribute, or its negation.
        if let path = attribute(conjunct) {
            addEquality(path, [.bool(true)], into: &result)
            return true
        }
        guard case .call(let function, nil, let arguments) = conjunct.kind else { return false }
        if function == Operator.logicalNot, arguments.count == 1, let path = attribute(arguments[0]) {
            addEquality(path, [.bool(false)], into: &result)
            return true
        }
        guard arguments.count == 2 else { return false }
        let left = arguments[0]
        let right = arguments[1]
        switch function {
        case Operator.equals:
            if let path = attribute(left), let key = constantKey(right) {
                addEquality(path, [key], into: &result)
                return true
            }
            if let path = attribute(right), let key = constantKey(left) {
                addEquality(path, [key], into: &result)
                return true
            }
            return false
        case Operator.in:
            guard let path = attribute(left), case .list(let elements) = right.kind else { return false }
            var keys = Set<IndexKey>()
            for element in elements {
                guard let value = constant(element) else { return false }
                // NaN (and other unkeyed constants) can never equal anything.
                if let key = IndexKey(value) { keys.insert(key) } else if !isNaN(value) { return false }
            }
            addEquality(path, keys, into: &result)
            return true
        case Operator.less, Operator.lessOrEqual, Operator.greater, Operator.greaterOrEqual:
            if let path = attribute(left), let bound = rangeConstant(right) {
                addRange(path, interval(function, bound), into: &result)
                return true
            }
            if let path = attribute(right), let bound = rangeConstant(left) {
                addRange(path, interval(mirrored(function), bound), into: &result)
                return true
            }
            return false
        default:
            return false
        }
    }

    private func addEquality(_ path: AttributePath, _ keys: Set<IndexKey>, into result: inout AnalyzedCondition) {
        if let existing = result.equalities[path] {
            result.equalities[path] = existing.intersection(keys)
        } else {
            result.equalities[path] = keys
        }
    }

    private func addRange(_ path: AttributePath, _ interval: NumericInterval, into result: inout AnalyzedCondition) {
        result.ranges[path] = (result.ranges[path] ?? .everything).intersected(with: interval)
    }

    private func interval(_ function: String, _ bound: Double) -> NumericInterval {
        switch function {
        case Operator.less: NumericInterval(lower: nil, lowerInclusive: false, upper: bound, upperInclusive: false)
        case Operator.lessOrEqual: NumericInterval(lower: nil, lowerInclusive: false, upper: bound, upperInclusive: true)
        case Operator.greater: NumericInterval(lower: bound, lowerInclusive: false, upper: nil, upperInclusive: false)
        default: NumericInterval(lower: bound, lowerInclusive: true, upper: nil, upperInclusive: false)
        }
    }

    /// `c < x` is `x > c`.
    private func mirrored(_ function: String) -> String {
        switch function {
        case Operator.less: Operator.greater
        case Operator.lessOrEqual: Operator.greaterOrEqual
        case Operator.greater: Operator.less
        default: Operator.lessOrEqual
        }
    }

    /// The attribute an identifier or a select chain on a declared variable reads.
    /// The longest declared dotted name wins, as CEL's name resolution does.
    func attribute(_ expression: Expression) -> AttributePath? {
        var fields: [String] = []
        var node = expression
        while true {
            switch node.kind {
            case .select(let operand, let field, let testOnly):
                if testOnly { return nil }
                fields.append(field)
                node = operand
            case .identifier(let name):
                fields.reverse()
                // Try "a.b.c", then "a.b" + ["c"], then "a" + ["b", "c"].
                for split in stride(from: fields.count, through: 0, by: -1) {
                    let qualified = ([name] + fields[..<split]).joined(separator: ".")
                    if let slot = declarations.slot(of: qualified) {
                        return AttributePath(slot: slot, fields: Array(fields[split...]))
                    }
                }
                return nil
            default:
                return nil
            }
        }
    }

    private func constant(_ expression: Expression) -> Value? {
        if case .literal(let value) = expression.kind { return value }
        // A negative number literal may arrive as a negation of a positive one.
        if case .call(Operator.negate, nil, let arguments) = expression.kind, arguments.count == 1,
           case .literal(let value) = arguments[0].kind {
            switch value {
            case .int(let number) where number != Int64.min: return .int(-number)
            case .double(let number): return .double(-number)
            default: return nil
            }
        }
        return nil
    }

    private func constantKey(_ expression: Expression) -> IndexKey? {
        constant(expression).flatMap(IndexKey.init)
    }

    private func rangeConstant(_ expression: Expression) -> Double? {
        guard let value = constant(expression), let number = value.rangeNumber,
              abs(number) < Self.exactDoubleLimit else { return nil }
        return number
    }

    private func isNaN(_ value: Value) -> Bool {
        if case .double(let number) = value { return number.isNaN }
        return false
    }
}
