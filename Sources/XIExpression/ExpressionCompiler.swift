/// Parses, type-checks and compiles CEL expressions against a set of ``Declarations``.
///
/// Compile once, evaluate many times:
///
/// ```swift
/// var declarations = Declarations()
/// declarations.declare("nps", .int)
/// declarations.declare("segment", .string)
/// let compiler = ExpressionCompiler(declarations: declarations)
/// let program = try compiler.compile(#"nps <= 6 && segment in ["gold", "platinum"]"#)
/// let result = try program.evaluate([.int(4), .string("gold")])   // .bool(true)
/// ```
public struct ExpressionCompiler: Sendable {
    /// The variables expressions may read, with their slots.
    public let declarations: Declarations
    /// Whether ``compile(_:)`` type-checks before compiling.
    public let checkTypes: Bool

    /// Creates a compiler. With `checkTypes: false`, type errors surface only at evaluation.
    public init(declarations: Declarations, checkTypes: Bool = true) {
        self.declarations = declarations
        self.checkTypes = checkTypes
    }

    /// Parses `source` into an expression, expanding macros.
    public func parse(_ source: String) throws(ExpressionError) -> Expression {
        try ExpressionParser().parse(source)
    }

    /// Type-checks a parsed expression (source is for error excerpts) and returns its type.
    public func check(_ expression: Expression, source: String) throws(ExpressionError) -> ValueType {
        try ExpressionChecker(declarations: declarations).check(expression, source: source)
    }

    /// parse + check (when checkTypes) + compile.
    public func compile(_ source: String) throws(ExpressionError) -> Program {
        try compile(try parse(source), source: source)
    }

    /// check (when checkTypes) + compile of an already parsed expression or sub-expression.
    public func compile(_ expression: Expression, source: String) throws(ExpressionError) -> Program {
        let resultType = checkTypes ? try check(expression, source: source) : .dyn
        var state = CompilerState(declarations: declarations, source: source)
        let root = try state.compile(expression)
        return Program(source: source, resultType: resultType, root: root, localCount: state.localCount, declarations: declarations)
    }
}

/// The mutable state of one compilation.
struct CompilerState {
    let declarations: Declarations
    let source: String
    /// Comprehension variables in scope; a variable's local slot is its position in this stack.
    var locals: [String] = []
    var localCount = 0

    init(declarations: Declarations, source: String) {
        self.declarations = declarations
        self.source = source
    }

    func error(_ message: String, at location: SourceLocation) -> ExpressionError {
        ExpressionError(message: message, location: location, source: source)
    }

    func localSlot(_ name: String) -> Int? {
        locals.lastIndex(of: name)
    }

    mutating func pushLocal(_ name: String) -> Int {
        locals.append(name)
        localCount = max(localCount, locals.count)
        return locals.count - 1
    }

    /// Replaces `node` by its value when all `children` are constants and evaluation succeeds.
    func fold(_ node: EvaluationNode, _ children: [EvaluationNode]) -> EvaluationNode {
        guard children.allSatisfy({ $0.constant != nil }) else { return node }
        var frame = Frame(variables: UnsafeBufferPointer(start: nil, count: 0), locals: [])
        guard let value = try? node.evaluate(&frame) else { return node }
        return ConstantNode(value)
    }

    mutating func compile(_ expression: Expression) throws(ExpressionError) -> EvaluationNode {
        switch expression.kind {
        case .literal(let value):
            return ConstantNode(value)
        case .identifier(let name):
            if let slot = localSlot(name) { return LocalNode(index: slot) }
            if let slot = declarations.slot(of: name) { return VariableNode(slot: slot, name: name) }
            if let type = ValueType.typeNamed(name) { return ConstantNode(.type(type)) }
            return ErrorNode("undeclared reference to '\(name)'")
        case .select(let operand, let field, let testOnly):
            if let operandPath = NameResolution.path(of: operand), localSlot(operandPath[0]) == nil {
                let path = operandPath + [field]
                guard let resolved = NameResolution.resolve(path, in: declarations) else {
                    return ErrorNode("undeclared reference to '\(path.joined(separator: "."))'")
                }
                if resolved.length == path.count {
                    return testOnly ? VariablePresenceNode(slot: resolved.slot) : VariableNode(slot: resolved.slot, name: resolved.name)
                }
                var node: EvaluationNode = VariableNode(slot: resolved.slot, name: resolved.name)
                for index in resolved.length..<path.count - 1 {
                    node = SelectNode(operand: node, field: path[index])
                }
                return testOnly ? HasFieldNode(operand: node, field: field) : SelectNode(operand: node, field: field)
            }
            let operandNode = try compile(operand)
            let node: EvaluationNode = testOnly ? HasFieldNode(operand: operandNode, field: field) : SelectNode(operand: operandNode, field: field)
            return fold(node, [operandNode])
        case .list(let elements):
            var nodes: [EvaluationNode] = []
            nodes.reserveCapacity(elements.count)
            for element in elements { nodes.append(try compile(element)) }
            return fold(ListNode(elements: nodes), nodes)
        case .map(let entries):
            var nodes: [(key: EvaluationNode, value: EvaluationNode)] = []
            for entry in entries { nodes.append((try compile(entry.key), try compile(entry.value))) }
            return fold(MapNode(entries: nodes), nodes.flatMap { [$0.key, $0.value] })
        case .call(let function, let target, let arguments):
            return try compileCall(function, target: target, arguments: arguments, at: expression.location)
        case .comprehension(let comprehension):
            return try compileComprehension(comprehension)
        }
    }

    mutating func compileCall(_ function: String, target: Expression?, arguments: [Expression], at location: SourceLocation) throws(ExpressionError) -> EvaluationNode {
        var nodes: [EvaluationNode] = []
        nodes.reserveCapacity(arguments.count + 1)
        if let target { nodes.append(try compile(target)) }
        for argument in arguments { nodes.append(try compile(argument)) }

        func unary(_ implementation: @escaping @Sendable (Value) throws(EvaluationError) -> Value) -> EvaluationNode {
            fold(UnaryFunctionNode(argument: nodes[0], implementation: implementation), nodes)
        }
        func binary(_ implementation: @escaping @Sendable (Value, Value) throws(EvaluationError) -> Value) -> EvaluationNode {
            fold(BinaryFunctionNode(first: nodes[0], second: nodes[1], implementation: implementation), nodes)
        }
        func compare(_ relation: CompareNode.Relation) -> EvaluationNode {
            if nodes[0].constant == nil, let constant = nodes[1].constant {
                return CompareConstantNode(operand: nodes[0], constant: constant, relation: relation, function: function)
            }
            if nodes[1].constant == nil, let constant = nodes[0].constant {
                let mirrored: CompareNode.Relation = switch relation {
                case .less: .greater
                case .lessOrEqual: .greaterOrEqual
                case .greater: .less
                case .greaterOrEqual: .lessOrEqual
                }
                let mirroredFunction = [Operator.less: Operator.greater, Operator.lessOrEqual: Operator.greaterOrEqual,
                                        Operator.greater: Operator.less, Operator.greaterOrEqual: Operator.lessOrEqual][function] ?? function
                return CompareConstantNode(operand: nodes[1], constant: constant, relation: mirrored, function: mirroredFunction)
            }
            return fold(CompareNode(left: nodes[0], right: nodes[1], relation: relation, function: function), nodes)
        }
        func equals(negated: Bool) -> EvaluationNode {
            if nodes[0].constant == nil, case .string(let text)? = nodes[1].constant {
                return EqualsConstantStringNode(operand: nodes[0], text: text, negated: negated)
            }
            if nodes[1].constant == nil, case .string(let text)? = nodes[0].constant {
                return EqualsConstantStringNode(operand: nodes[1], text: text, negated: negated)
            }
            return fold(EqualsNode(left: nodes[0], right: nodes[1], negated: negated), nodes)
        }

        let isReceiver = target != nil
        switch (function, nodes.count, isReceiver) {
        case (Operator.logicalAnd, 2, false): return fold(LogicalNode(left: nodes[0], right: nodes[1], decisive: false), nodes)
        case (Operator.logicalOr, 2, false): return fold(LogicalNode(left: nodes[0], right: nodes[1], decisive: true), nodes)
        case (Operator.logicalNot, 1, false): return fold(NotNode(operand: nodes[0]), nodes)
        case ("@not_strictly_false", 1, false): return NotStrictlyFalseNode(operand: nodes[0])
        case (Operator.conditional, 3, false):
            if case .bool(let flag)? = nodes[0].constant { return flag ? nodes[1] : nodes[2] }
            return ConditionalNode(condition: nodes[0], whenTrue: nodes[1], whenFalse: nodes[2])
        case (Operator.negate, 1, false): return unary(Operations.negate)
        case (Operator.equals, 2, false): return equals(negated: false)
        case (Operator.notEquals, 2, false): return equals(negated: true)
        case (Operator.less, 2, false): return compare(.less)
        case (Operator.lessOrEqual, 2, false): return compare(.lessOrEqual)
        case (Operator.greater, 2, false): return compare(.greater)
        case (Operator.greaterOrEqual, 2, false): return compare(.greaterOrEqual)
        case (Operator.add, 2, false): return binary(Operations.add)
        case (Operator.subtract, 2, false): return binary(Operations.subtract)
        case (Operator.multiply, 2, false): return binary(Operations.multiply)
        case (Operator.divide, 2, false): return binary(Operations.divide)
        case (Operator.modulo, 2, false): return binary(Operations.modulo)
        case (Operator.index, 2, false): return binary(Operations.index)
        case (Operator.in, 2, false):
            if nodes[0].constant == nil, case .list(let elements)? = nodes[1].constant, elements.count <= 8 {
                let texts = elements.compactMap { element -> String? in
                    if case .string(let text) = element { return text }
                    return nil
                }
                if texts.count == elements.count {
                    return InConstantStringsNode(operand: nodes[0], texts: texts)
                }
            }
            if case .list(let elements)? = nodes[1].constant, elements.count > 8 {
                var keys = MapValue()
                if elements.allSatisfy({ keys.insert($0, .bool(true)) }) {
                    return fold(InConstantSetNode(element: nodes[0], keys: keys), nodes)
                }
            }
            return binary { element, container throws(EvaluationError) in try Operations.contains(container, element) }
        case ("size", 1, _): return unary(Operations.size)
        case ("contains", 2, true): return binary(Operations.containsString)
        case ("startsWith", 2, true): return binary(Operations.startsWith)
        case ("endsWith", 2, true): return binary(Operations.endsWith)
        case ("matches", 2, _):
            if case .string(let pattern)? = nodes[1].constant {
                do {
                    let expression = try RegularExpression(pattern: pattern)
                    return fold(MatchesConstantNode(target: nodes[0], expression: expression), nodes)
                } catch {
                    throw self.error(error.message, at: arguments.last?.location ?? location)
                }
            }
            return binary(RegularExpression.matches)
        case ("int", 1, false): return unary(Conversions.toInt)
        case ("uint", 1, false): return unary(Conversions.toUInt)
        case ("double", 1, false): return unary(Conversions.toDouble)
        case ("string", 1, false): return unary(Conversions.toString)
        case ("bool", 1, false): return unary(Conversions.toBool)
        case ("bytes", 1, false): return unary(Conversions.toBytes)
        case ("duration", 1, false), ("timestamp", 1, false):
            // A literal that is not a valid duration or timestamp is a load error, not a run-time one.
            let conversion: @Sendable (Value) throws(EvaluationError) -> Value = function == "duration" ? Conversions.toDuration : Conversions.toTimestamp
            if case .string? = nodes[0].constant {
                do {
                    return ConstantNode(try conversion(nodes[0].constant!))
                } catch {
                    throw self.error(error.message, at: arguments[0].location)
                }
            }
            return unary(conversion)
        case ("dyn", 1, false): return nodes[0]
        case ("type", 1, false): return unary { value in .type(value.type) }
        case (let name, 1, true) where TypeRules.timestampAccessors.contains(name):
            return unary { value throws(EvaluationError) in try TimeFunctions.accessor(name, value, zone: nil) }
        case (let name, 2, true) where TypeRules.timestampAccessors.contains(name):
            return binary { value, zone throws(EvaluationError) in try TimeFunctions.accessor(name, value, zone: zone) }
        default:
            if TypeRules.isKnownFunction(function) {
                return ErrorNode("no such overload: '\(function)' with \(arguments.count) argument(s)\(isReceiver ? " on a receiver" : "")")
            }
            return ErrorNode("unbound function '\(function)'")
        }
    }

    mutating func compileComprehension(_ comprehension: Expression.Comprehension) throws(ExpressionError) -> EvaluationNode {
        let range = try compile(comprehension.range)
        if let macro = comprehension.macro, let node = try compileMacro(macro, comprehension, range: range) {
            return node
        }
        let accumulatorSlot = pushLocal(comprehension.accumulatorVariable)
        let initial = try compile(comprehension.initial)
        let iterationSlot = pushLocal(comprehension.iterationVariable)
        let condition = try compile(comprehension.condition)
        let step = try compile(comprehension.step)
        locals.removeLast()
        let result = try compile(comprehension.result)
        locals.removeLast()
        return ComprehensionNode(range: range, iterationSlot: iterationSlot, accumulatorSlot: accumulatorSlot,
                                 initial: initial, condition: condition, step: step, result: result)
    }

    /// Dedicated loops for the standard macros; nil when the comprehension does not have the macro's shape.
    mutating func compileMacro(_ macro: Expression.Macro, _ comprehension: Expression.Comprehension, range: EvaluationNode) throws(ExpressionError) -> EvaluationNode? {
        guard case .call(let function, nil, let arguments) = comprehension.step.kind else { return nil }
        // The parts of the step that are the user's expressions.
        var predicate: Expression?
        var transform: Expression?
        switch macro {
        case .all:
            guard function == Operator.logicalAnd, arguments.count == 2 else { return nil }
            predicate = arguments[1]
        case .exists:
            guard function == Operator.logicalOr, arguments.count == 2 else { return nil }
            predicate = arguments[1]
        case .existsOne, .filter:
            guard function == Operator.conditional, arguments.count == 3 else { return nil }
            predicate = arguments[0]
        case .map:
            guard function == Operator.add, arguments.count == 2, case .list(let elements) = arguments[1].kind,
                  elements.count == 1 else { return nil }
            transform = elements[0]
        case .filterMap:
            guard function == Operator.conditional, arguments.count == 3,
                  case .call(Operator.add, nil, let addition) = arguments[1].kind, addition.count == 2,
                  case .list(let elements) = addition[1].kind, elements.count == 1 else { return nil }
            predicate = arguments[0]
            transform = elements[0]
        }
        // The accumulator is not visible to user expressions; reserve its slot name anyway for shadowing.
        let slot = pushLocal(comprehension.iterationVariable)
        defer { locals.removeLast() }
        let predicateNode = try predicate.map { (expression) throws(ExpressionError) -> EvaluationNode in try compile(expression) }
        let transformNode = try transform.map { (expression) throws(ExpressionError) -> EvaluationNode in try compile(expression) }
        switch macro {
        case .all: return QuantifierNode(range: range, predicate: predicateNode!, slot: slot, decisive: false)
        case .exists: return QuantifierNode(range: range, predicate: predicateNode!, slot: slot, decisive: true)
        case .existsOne: return ExistsOneNode(range: range, predicate: predicateNode!, slot: slot)
        case .map, .filterMap, .filter:
            return MapFilterNode(range: range, predicate: predicateNode, transform: transformNode, slot: slot)
        }
    }
}
