/// Parses CEL source text into an ``Expression``, expanding macros.
///
/// Nesting is bounded: an expression whose syntax tree is deeper than ``maximumDepth`` (or whose
/// parentheses, brackets and calls nest deeper than that) is rejected with
/// "expression nested too deeply", so the checker, compiler and evaluator can recurse safely.
public struct ExpressionParser: Sendable {
    /// The deepest syntax tree (and the deepest nesting of parentheses, brackets, braces and calls) accepted.
    ///
    /// CEL asks implementations to support at least 32 levels of nested calls and operators and 12 of
    /// nested literals; 100 leaves room for real conditions while keeping parse, check, compile and
    /// evaluation well inside a 512 KiB thread stack in release builds.
    public static let maximumDepth = 100

    /// Words CEL reserves: they cannot be used as identifiers (they may follow a `.`).
    public static let reservedWords: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
        "package", "namespace", "return", "var", "void", "while",
    ]

    /// The accumulator variable name macros use; it cannot clash with a user's identifier.
    public static let accumulatorName = "@result"

    /// Creates a parser.
    public init() {}

    /// Parses `source`.
    public func parse(_ source: String) throws(ExpressionError) -> Expression {
        var lexer = ExpressionLexer(source: source)
        let tokens = try lexer.tokenize()
        var state = ParserState(source: source, tokens: tokens)
        return try state.parseAll()
    }
}

/// The mutable state of one parse.
struct ParserState {
    let source: String
    let tokens: [Token]
    var position = 0
    var nextIdentifier = 1
    /// Depth of each node's subtree, indexed by node id.
    var depths: [Int] = [0]
    var nesting = 0

    init(source: String, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
        depths.reserveCapacity(tokens.count + 1)
    }

    var current: Token { tokens[position] }

    func peekToken(_ ahead: Int) -> Token {
        tokens[min(position + ahead, tokens.count - 1)]
    }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    func error(_ message: String, at location: SourceLocation) -> ExpressionError {
        ExpressionError(message: message, location: location, source: source)
    }

    func tooDeep(at location: SourceLocation) -> ExpressionError {
        error("expression nested too deeply (limit \(ExpressionParser.maximumDepth))", at: location)
    }

    /// Creates a node, checking the depth bound.
    mutating func node(_ kind: Expression.Kind, at location: SourceLocation, children: [Expression] = []) throws(ExpressionError) -> Expression {
        var depth = 0
        for child in children { depth = max(depth, depths[child.id]) }
        depth += 1
        if depth > ExpressionParser.maximumDepth { throw tooDeep(at: location) }
        let identifier = nextIdentifier
        nextIdentifier += 1
        depths.append(depth)
        return Expression(id: identifier, location: location, kind: kind)
    }

    mutating func expect(_ symbol: String, context: String) throws(ExpressionError) -> Token {
        let token = current
        guard token.isSymbol(symbol) else {
            throw error("expected '\(symbol)' \(context), found \(token.display)", at: token.location)
        }
        advance()
        return token
    }

    mutating func parseAll() throws(ExpressionError) -> Expression {
        if case .end = current.kind {
            throw error("empty expression", at: current.location)
        }
        let expression = try parseExpression()
        if case .end = current.kind { return expression }
        throw error("unexpected \(current.display) after the end of the expression", at: current.location)
    }

    // expr: or ('?' or ':' expr)?
    mutating func parseExpression() throws(ExpressionError) -> Expression {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > ExpressionParser.maximumDepth { throw tooDeep(at: current.location) }
        let condition = try parseLogical(or: true)
        guard current.isSymbol("?") else { return condition }
        let questionMark = current.location
        advance()
        let whenTrue = try parseLogical(or: true)
        _ = try expect(":", context: "in conditional expression")
        let whenFalse = try parseExpression()
        return try node(
            .call(function: Operator.conditional, target: nil, arguments: [condition, whenTrue, whenFalse]),
            at: questionMark, children: [condition, whenTrue, whenFalse])
    }

    /// `a || b || c` and `a && b && c`, built as balanced trees to keep them shallow.
    mutating func parseLogical(or: Bool) throws(ExpressionError) -> Expression {
        let symbol = or ? "||" : "&&"
        var operands = [or ? try parseLogical(or: false) : try parseBinary(minimumPrecedence: 1)]
        var operators: [SourceLocation] = []
        while current.isSymbol(symbol) {
            operators.append(current.location)
            advance()
            operands.append(or ? try parseLogical(or: false) : try parseBinary(minimumPrecedence: 1))
        }
        if operands.count == 1 { return operands[0] }
        return try balance(or ? Operator.logicalOr : Operator.logicalAnd, operands[...], operators[...])
    }

    mutating func balance(_ function: String, _ operands: ArraySlice<Expression>, _ operators: ArraySlice<SourceLocation>) throws(ExpressionError) -> Expression {
        if operands.count == 1 { return operands.first! }
        let middle = operators.startIndex + operators.count / 2
        let splitIndex = operands.startIndex + (middle - operators.startIndex) + 1
        let left = try balance(function, operands[operands.startIndex..<splitIndex], operators[operators.startIndex..<middle])
        let right = try balance(function, operands[splitIndex...], operators[(middle + 1)...])
        return try node(.call(function: function, target: nil, arguments: [left, right]), at: operators[middle], children: [left, right])
    }

    /// The binary operator at the current token with its precedence, or nil.
    func binaryOperator() -> (function: String, precedence: Int)? {
        switch current.kind {
        case .symbol(let text):
            switch text {
            case "<": (Operator.less, 1)
            case "<=": (Operator.lessOrEqual, 1)
            case ">": (Operator.greater, 1)
            case ">=": (Operator.greaterOrEqual, 1)
            case "==": (Operator.equals, 1)
            case "!=": (Operator.notEquals, 1)
            case "+": (Operator.add, 2)
            case "-": (Operator.subtract, 2)
            case "*": (Operator.multiply, 3)
            case "/": (Operator.divide, 3)
            case "%": (Operator.modulo, 3)
            default: nil
            }
        case .identifier("in"): (Operator.in, 1)
        default: nil
        }
    }

    /// Precedence climbing over relations (1), additions (2) and multiplications (3); all left-associative.
    mutating func parseBinary(minimumPrecedence: Int) throws(ExpressionError) -> Expression {
        var left = try parseUnary()
        while let (function, precedence) = binaryOperator(), precedence >= minimumPrecedence {
            let location = current.location
            advance()
            let right = try parseBinary(minimumPrecedence: precedence + 1)
            left = try node(.call(function: function, target: nil, arguments: [left, right]), at: location, children: [left, right])
        }
        return left
    }

    mutating func parseUnary() throws(ExpressionError) -> Expression {
        var operators: [Token] = []
        while current.isSymbol("!") || current.isSymbol("-") {
            operators.append(current)
            advance()
        }
        if operators.isEmpty { return try parsePostfix() }
        var operand: Expression
        // A minus directly before a number literal is part of the literal (so -9223372036854775808 is valid).
        if let last = operators.last, last.isSymbol("-"), isNumberLiteral(current), !isPostfix(peekToken(1)) {
            operand = try parseNumber(negative: true, foldedMinus: last.location)
            operators.removeLast()
        } else {
            operand = try parsePostfix()
        }
        for token in operators.reversed() {
            let function = token.isSymbol("!") ? Operator.logicalNot : Operator.negate
            operand = try node(.call(function: function, target: nil, arguments: [operand]), at: token.location, children: [operand])
        }
        return operand
    }

    func isNumberLiteral(_ token: Token) -> Bool {
        switch token.kind {
        case .integer, .double: true
        default: false
        }
    }

    func isPostfix(_ token: Token) -> Bool {
        token.isSymbol(".") || token.isSymbol("[")
    }

    mutating func parseNumber(negative: Bool, foldedMinus: SourceLocation?) throws(ExpressionError) -> Expression {
        let token = current
        let location = foldedMinus ?? token.location
        advance()
        switch token.kind {
        case .integer(let magnitude, let overflowed):
            if negative {
                guard !overflowed, magnitude <= UInt64(Int64.max) + 1 else {
                    throw error("integer literal out of range (int is 64-bit signed)", at: location)
                }
                let value = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
                return try node(.literal(.int(value)), at: location)
            }
            guard !overflowed, magnitude <= UInt64(Int64.max) else {
                throw error("integer literal out of range (int is 64-bit signed; use the 'u' suffix for uint)", at: location)
            }
            return try node(.literal(.int(Int64(magnitude))), at: location)
        case .double(let value):
            return try node(.literal(.double(negative ? -value : value)), at: location)
        default:
            throw error("expected a number", at: location)
        }
    }

    mutating func parsePostfix() throws(ExpressionError) -> Expression {
        var operand = try parsePrimary()
        while true {
            if current.isSymbol(".") {
                operand = try parseMember(of: operand)
            } else if current.isSymbol("[") {
                operand = try parseIndex(of: operand)
            } else {
                return operand
            }
        }
    }

    @inline(never)
    mutating func parseMember(of operand: Expression) throws(ExpressionError) -> Expression {
        let dot = current.location
        advance()
        let nameToken = current
        let name: String
        var quoted = false
        switch nameToken.kind {
        case .identifier(let text): name = text
        case .quotedIdentifier(let text):
            name = text
            quoted = true
        default:
            throw error("expected a field or function name after '.', found \(nameToken.display)", at: nameToken.location)
        }
        advance()
        if current.isSymbol("(") && !quoted {
            let arguments = try parseArguments()
            return try makeCall(name, target: operand, arguments: arguments, at: nameToken.location)
        }
        return try node(.select(operand: operand, field: name, testOnly: false), at: dot, children: [operand])
    }

    @inline(never)
    mutating func parseIndex(of operand: Expression) throws(ExpressionError) -> Expression {
        let bracket = current.location
        advance()
        let index = try parseExpression()
        _ = try expect("]", context: "to close the index")
        return try node(.call(function: Operator.index, target: nil, arguments: [operand, index]), at: bracket, children: [operand, index])
    }

    mutating func parseArguments() throws(ExpressionError) -> [Expression] {
        _ = try expect("(", context: "to start the arguments")
        var arguments: [Expression] = []
        if current.isSymbol(")") {
            advance()
            return arguments
        }
        while true {
            arguments.append(try parseExpression())
            if current.isSymbol(",") {
                advance()
                continue
            }
            _ = try expect(")", context: "to close the arguments")
            return arguments
        }
    }

    /// Kept small: it is on the recursion path of every nested expression.
    mutating func parsePrimary() throws(ExpressionError) -> Expression {
        switch current.kind {
        case .symbol("("):
            advance()
            let inner = try parseExpression()
            _ = try expect(")", context: "to close the parenthesis")
            return inner
        case .symbol("["):
            return try parseList()
        case .symbol("{"):
            return try parseMap()
        case .identifier(let name):
            return try parseIdentifier(name, token: current)
        default:
            return try parseAtom()
        }
    }

    @inline(never)
    mutating func parseAtom() throws(ExpressionError) -> Expression {
        let token = current
        switch token.kind {
        case .integer, .double:
            return try parseNumber(negative: false, foldedMinus: nil)
        case .unsignedInteger(let value, let overflowed):
            advance()
            if overflowed { throw error("unsigned integer literal out of range (uint is 64-bit)", at: token.location) }
            return try node(.literal(.uint(value)), at: token.location)
        case .string(let text):
            advance()
            return try node(.literal(.string(text)), at: token.location)
        case .bytes(let data):
            advance()
            return try node(.literal(.bytes(data)), at: token.location)
        case .symbol("."):
            // A leading dot names the root scope: `.x` is `x`.
            advance()
            guard case .identifier(let name) = current.kind, !ExpressionParser.reservedWords.contains(name) else {
                throw error("expected an identifier after '.', found \(current.display)", at: current.location)
            }
            let location = current.location
            advance()
            if current.isSymbol("(") {
                let arguments = try parseArguments()
                return try makeCall(name, target: nil, arguments: arguments, at: location)
            }
            return try node(.identifier(name), at: token.location)
        case .end:
            throw error("unexpected end of expression", at: token.location)
        case .quotedIdentifier:
            throw error("back-quoted names are only allowed after '.'", at: token.location)
        default:
            throw error("unexpected \(token.display)", at: token.location)
        }
    }

    @inline(never)
    mutating func parseIdentifier(_ name: String, token: Token) throws(ExpressionError) -> Expression {
        switch name {
        case "true", "false":
            advance()
            return try node(.literal(.bool(name == "true")), at: token.location)
        case "null":
            advance()
            return try node(.literal(.null), at: token.location)
        case "in":
            throw error("unexpected 'in'", at: token.location)
        default:
            break
        }
        if ExpressionParser.reservedWords.contains(name) {
            throw error("'\(name)' is a reserved word and cannot be used as an identifier", at: token.location)
        }
        advance()
        if current.isSymbol("(") {
            let arguments = try parseArguments()
            return try makeCall(name, target: nil, arguments: arguments, at: token.location)
        }
        if current.isSymbol("{") {
            throw error("message construction ('\(name){…}') is not supported", at: current.location)
        }
        return try node(.identifier(name), at: token.location)
    }

    @inline(never)
    mutating func parseList() throws(ExpressionError) -> Expression {
        let location = current.location
        advance()
        var elements: [Expression] = []
        while !current.isSymbol("]") {
            elements.append(try parseExpression())
            if current.isSymbol(",") {
                advance()
            } else if !current.isSymbol("]") {
                throw error("expected ',' or ']' in list, found \(current.display)", at: current.location)
            }
        }
        advance()
        return try node(.list(elements), at: location, children: elements)
    }

    @inline(never)
    mutating func parseMap() throws(ExpressionError) -> Expression {
        let location = current.location
        advance()
        var entries: [Expression.MapEntry] = []
        var children: [Expression] = []
        while !current.isSymbol("}") {
            let key = try parseExpression()
            _ = try expect(":", context: "after a map key")
            let value = try parseExpression()
            entries.append(Expression.MapEntry(key: key, value: value))
            children.append(key)
            children.append(value)
            if current.isSymbol(",") {
                advance()
            } else if !current.isSymbol("}") {
                throw error("expected ',' or '}' in map, found \(current.display)", at: current.location)
            }
        }
        advance()
        return try node(.map(entries), at: location, children: children)
    }

    // MARK: - Calls and macros

    mutating func makeCall(_ name: String, target: Expression?, arguments: [Expression], at location: SourceLocation) throws(ExpressionError) -> Expression {
        if target == nil && name == "has" && arguments.count == 1 {
            guard case .select(let operand, let field, _) = arguments[0].kind else {
                throw error("invalid argument to has() macro: expected a field selection such as has(a.b)", at: arguments[0].location)
            }
            return try node(.select(operand: operand, field: field, testOnly: true), at: location, children: [operand])
        }
        if let target {
            let macro: Expression.Macro?
            switch (name, arguments.count) {
            case ("all", 2): macro = .all
            case ("exists", 2): macro = .exists
            case ("exists_one", 2): macro = .existsOne
            case ("map", 2): macro = .map
            case ("map", 3): macro = .filterMap
            case ("filter", 2): macro = .filter
            default: macro = nil
            }
            if let macro { return try expand(macro, target: target, arguments: arguments, at: location) }
        }
        var children = arguments
        if let target { children.append(target) }
        return try node(.call(function: name, target: target, arguments: arguments), at: location, children: children)
    }

    mutating func expand(_ macro: Expression.Macro, target: Expression, arguments: [Expression], at location: SourceLocation) throws(ExpressionError) -> Expression {
        guard case .identifier(let variable) = arguments[0].kind else {
            throw error("argument 1 of \(macro == .filterMap ? "map" : macro.rawValue)() must be a simple name", at: arguments[0].location)
        }
        let accumulator = ExpressionParser.accumulatorName
        func reference() throws(ExpressionError) -> Expression {
            try node(.identifier(accumulator), at: location)
        }
        func literal(_ value: Value) throws(ExpressionError) -> Expression { try node(.literal(value), at: location) }
        func call(_ function: String, _ arguments: [Expression]) throws(ExpressionError) -> Expression {
            try node(.call(function: function, target: nil, arguments: arguments), at: location, children: arguments)
        }
        let initial: Expression
        let condition: Expression
        let step: Expression
        let result: Expression
        switch macro {
        case .all:
            initial = try literal(.bool(true))
            condition = try call("@not_strictly_false", [try reference()])
            step = try call(Operator.logicalAnd, [try reference(), arguments[1]])
            result = try reference()
        case .exists:
            initial = try literal(.bool(false))
            condition = try call("@not_strictly_false", [try call(Operator.logicalNot, [try reference()])])
            step = try call(Operator.logicalOr, [try reference(), arguments[1]])
            result = try reference()
        case .existsOne:
            initial = try literal(.int(0))
            condition = try literal(.bool(true))
            step = try call(Operator.conditional, [arguments[1], try call(Operator.add, [try reference(), try literal(.int(1))]), try reference()])
            result = try call(Operator.equals, [try reference(), try literal(.int(1))])
        case .map:
            initial = try node(.list([]), at: location)
            condition = try literal(.bool(true))
            let element = try node(.list([arguments[1]]), at: location, children: [arguments[1]])
            step = try call(Operator.add, [try reference(), element])
            result = try reference()
        case .filterMap:
            initial = try node(.list([]), at: location)
            condition = try literal(.bool(true))
            let element = try node(.list([arguments[2]]), at: location, children: [arguments[2]])
            step = try call(Operator.conditional, [arguments[1], try call(Operator.add, [try reference(), element]), try reference()])
            result = try reference()
        case .filter:
            initial = try node(.list([]), at: location)
            condition = try literal(.bool(true))
            let variableReference = try node(.identifier(variable), at: arguments[0].location)
            let element = try node(.list([variableReference]), at: location, children: [variableReference])
            step = try call(Operator.conditional, [arguments[1], try call(Operator.add, [try reference(), element]), try reference()])
            result = try reference()
        }
        var comprehension = Expression.Comprehension(
            iterationVariable: variable, range: target, accumulatorVariable: accumulator,
            initial: initial, condition: condition, step: step, result: result)
        comprehension.macro = macro
        return try node(.comprehension(comprehension), at: location, children: [target, initial, condition, step, result])
    }
}
