/// Type-checks an ``Expression`` against ``Declarations`` with CEL's rules for xi's subset.
///
/// No implicit numeric conversion: `1 + 1.0` is an error, while `<`, `<=`, `>`, `>=` compare any
/// numeric types. `==` needs compatible types (either side `dyn` is always compatible).
/// Undeclared names are reported with the nearest declared name.
public struct ExpressionChecker: Sendable {
    /// The variables expressions may read.
    public var declarations: Declarations

    /// Creates a checker.
    public init(declarations: Declarations) {
        self.declarations = declarations
    }

    /// Checks `expression` (parsed from `source`, used for error excerpts) and returns its type.
    public func check(_ expression: Expression, source: String) throws(ExpressionError) -> ValueType {
        var state = CheckerState(declarations: declarations, source: source)
        return try state.check(expression)
    }

    /// Functions the checker and evaluator know, for did-you-mean suggestions.
    public static let functionNames: [String] = [
        "size", "contains", "startsWith", "endsWith", "matches", "int", "uint", "double", "string", "bool",
        "bytes", "dyn", "type", "duration", "timestamp", "getFullYear", "getMonth", "getDate", "getDayOfMonth",
        "getDayOfWeek", "getDayOfYear", "getHours", "getMinutes", "getSeconds", "getMilliseconds",
        "has", "all", "exists", "exists_one", "map", "filter",
    ]
}

/// The mutable state of one check.
struct CheckerState {
    let declarations: Declarations
    let source: String
    var locals: [(name: String, type: ValueType)] = []
    /// Ids of sub-expressions whose types a macro needs (the transform of `map`), and their types.
    var recordIdentifiers: Set<Int> = []
    var recorded: [Int: ValueType] = [:]

    init(declarations: Declarations, source: String) {
        self.declarations = declarations
        self.source = source
    }

    func error(_ message: String, at location: SourceLocation) -> ExpressionError {
        ExpressionError(message: message, location: location, source: source)
    }

    func localType(_ name: String) -> ValueType? {
        for local in locals.reversed() where local.name == name { return local.type }
        return nil
    }

    mutating func check(_ expression: Expression) throws(ExpressionError) -> ValueType {
        let type = try checkKind(expression)
        if !recordIdentifiers.isEmpty && recordIdentifiers.contains(expression.id) { recorded[expression.id] = type }
        return type
    }

    mutating func checkKind(_ expression: Expression) throws(ExpressionError) -> ValueType {
        switch expression.kind {
        case .literal(let value):
            return value.type
        case .identifier(let name):
            if let type = localType(name) { return type }
            if let type = declarations.type(of: name) { return type }
            if ValueType.typeNamed(name) != nil { return .type }
            throw undeclared(name, at: expression.location)
        case .select(let operand, let field, let testOnly):
            return try checkSelect(expression, operand: operand, field: field, testOnly: testOnly)
        case .list(let elements):
            var elementType: ValueType?
            for element in elements {
                let type = try check(element)
                if let current = elementType {
                    elementType = TypeRules.join(current, type) ?? .dyn
                } else {
                    elementType = type
                }
            }
            return .list(elementType ?? .dyn)
        case .map(let entries):
            var keyType: ValueType?
            var valueType: ValueType?
            for entry in entries {
                let key = try check(entry.key)
                switch key {
                case .string, .int, .uint, .bool, .dyn: break
                default:
                    throw error("unsupported map key type '\(key)' (use string, int, uint or bool)", at: entry.key.location)
                }
                let value = try check(entry.value)
                keyType = keyType.map { TypeRules.join($0, key) ?? .dyn } ?? key
                valueType = valueType.map { TypeRules.join($0, value) ?? .dyn } ?? value
            }
            return .map(keyType ?? .dyn, valueType ?? .dyn)
        case .call(let function, let target, let arguments):
            var argumentTypes: [ValueType] = []
            argumentTypes.reserveCapacity(arguments.count)
            let targetType = try target.map { (target) throws(ExpressionError) -> ValueType in try check(target) }
            for argument in arguments { argumentTypes.append(try check(argument)) }
            guard let type = TypeRules.resultType(function: function, target: targetType, arguments: argumentTypes) else {
                if !TypeRules.isKnownFunction(function) {
                    throw undeclaredFunction(function, at: expression.location)
                }
                throw error(TypeRules.noOverloadMessage(function: function, target: targetType, arguments: argumentTypes), at: expression.location)
            }
            return type
        case .comprehension(let comprehension):
            let rangeType = try check(comprehension.range)
            let iterationType: ValueType
            switch rangeType {
            case .list(let element): iterationType = element
            case .map(let key, _): iterationType = key
            case .dyn: iterationType = .dyn
            default:
                throw error("expression of type '\(rangeType)' cannot be the range of a comprehension (it must be a list or a map)", at: comprehension.range.location)
            }
            let initialType = try check(comprehension.initial)
            locals.append((comprehension.accumulatorVariable, initialType))
            locals.append((comprehension.iterationVariable, iterationType))
            let conditionType = try check(comprehension.condition)
            if conditionType != .bool && conditionType != .dyn {
                throw error("comprehension condition must be bool, found '\(conditionType)'", at: comprehension.condition.location)
            }
            let transform = Self.transform(of: comprehension)
            if let transform { recordIdentifiers.insert(transform.id) }
            let stepType = try check(comprehension.step)
            locals.removeLast(2)
            var accumulatorType = initialType
            switch comprehension.macro {
            case .map?, .filterMap?:
                if let transform, let type = recorded[transform.id] { accumulatorType = .list(type) }
            case .filter?:
                accumulatorType = .list(iterationType)
            default:
                if case .list(.dyn) = initialType, case .list = stepType { accumulatorType = stepType }
            }
            locals.append((comprehension.accumulatorVariable, accumulatorType))
            let resultType = try check(comprehension.result)
            locals.removeLast()
            return resultType
        }
    }

    /// The transform expression of a `map` macro: `[f]` in the step `@result + [f]`.
    static func transform(of comprehension: Expression.Comprehension) -> Expression? {
        guard let macro = comprehension.macro, macro == .map || macro == .filterMap,
              case .call(let function, nil, let arguments) = comprehension.step.kind else { return nil }
        var addition = arguments
        if function == Operator.conditional, arguments.count == 3, case .call(Operator.add, nil, let inner) = arguments[1].kind {
            addition = inner
        } else if function != Operator.add {
            return nil
        }
        guard addition.count == 2, case .list(let elements) = addition[1].kind, elements.count == 1 else { return nil }
        return elements[0]
    }

    mutating func checkSelect(_ expression: Expression, operand: Expression, field: String, testOnly: Bool) throws(ExpressionError) -> ValueType {
        // Dotted names: the longest declared prefix wins, unless the root is a comprehension variable.
        if let operandPath = NameResolution.path(of: operand), localType(operandPath[0]) == nil {
            let path = operandPath + [field]
            guard let resolved = NameResolution.resolve(path, in: declarations) else {
                throw undeclared(path.joined(separator: "."), root: path[0], at: rootLocation(of: operand))
            }
            var type = declarations.variables[resolved.slot].type
            if resolved.length == path.count {
                return testOnly ? .bool : type
            }
            for index in resolved.length..<path.count {
                type = try selectType(type, field: path[index], at: expression.location)
            }
            return testOnly ? .bool : type
        }
        let operandType = try check(operand)
        let type = try selectType(operandType, field: field, at: expression.location)
        return testOnly ? .bool : type
    }

    func rootLocation(of expression: Expression) -> SourceLocation {
        var current = expression
        while case .select(let operand, _, _) = current.kind { current = operand }
        return current.location
    }

    func selectType(_ type: ValueType, field: String, at location: SourceLocation) throws(ExpressionError) -> ValueType {
        switch type {
        case .dyn: return .dyn
        case .map(let key, let value):
            guard key == .string || key == .dyn else {
                throw error("cannot select field '\(field)' from a map with \(key) keys (use m[key])", at: location)
            }
            return value
        default:
            throw error("type '\(type)' has no fields (selecting '\(field)')", at: location)
        }
    }

    func undeclared(_ name: String, root: String? = nil, at location: SourceLocation) -> ExpressionError {
        let names = declarations.variables.map(\.name) + locals.map(\.name).filter { !$0.hasPrefix("@") }
        var message = "undeclared reference to '\(name)'"
        if let suggestion = NameResolution.suggestion(for: name, among: names)
            ?? root.flatMap({ NameResolution.suggestion(for: $0, among: names) }) {
            message += " (did you mean '\(suggestion)'?)"
        }
        return error(message, at: location)
    }

    func undeclaredFunction(_ name: String, at location: SourceLocation) -> ExpressionError {
        var message = "undeclared reference to function '\(name)'"
        if let suggestion = NameResolution.suggestion(for: name, among: ExpressionChecker.functionNames) {
            message += " (did you mean '\(suggestion)'?)"
        }
        return error(message, at: location)
    }
}
