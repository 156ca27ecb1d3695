/// A parsed CEL expression: the abstract syntax tree the checker, the compiler and the matcher read.
///
/// Operators are calls with CEL's canonical function names (see ``Operator``): `a && b` is
/// `.call(function: "_&&_", target: nil, arguments: [a, b])`, `x in list` is `@in`, `a[i]` is `_[_]`.
/// Receiver-style calls (`s.startsWith("a")`) keep their receiver in `target`.
/// Macros (`has`, `all`, `exists`, `exists_one`, `map`, `filter`) are expanded by the parser:
/// `has(a.b)` becomes a test-only select, the others comprehensions.
public struct Expression: Sendable {
    /// A unique id within one parse, for diagnostics and caches.
    public var id: Int
    /// Where the expression starts in the source.
    public var location: SourceLocation
    /// What the expression is.
    public var kind: Kind

    /// Creates an expression node.
    public init(id: Int, location: SourceLocation, kind: Kind) {
        self.id = id
        self.location = location
        self.kind = kind
    }

    /// The node kinds of CEL's abstract syntax.
    public indirect enum Kind: Sendable {
        /// A constant.
        case literal(Value)
        /// A variable or a (possibly dotted) name resolved by the checker.
        case identifier(String)
        /// `operand.field`; with `testOnly`, the presence test of `has(operand.field)`.
        case select(operand: Expression, field: String, testOnly: Bool)
        /// A function or operator call; `target` is the receiver of `target.function(arguments)`.
        case call(function: String, target: Expression?, arguments: [Expression])
        /// `[a, b, c]`.
        case list([Expression])
        /// `{k: v, …}`.
        case map([MapEntry])
        /// A macro expanded into CEL's comprehension form.
        case comprehension(Comprehension)
    }

    /// One `key: value` entry of a map literal.
    public struct MapEntry: Sendable {
        /// The key expression.
        public var key: Expression
        /// The value expression.
        public var value: Expression
        /// Creates an entry.
        public init(key: Expression, value: Expression) {
            self.key = key
            self.value = value
        }
    }

    /// CEL's comprehension: iterate `range` binding `iterationVariable`, folding into
    /// `accumulatorVariable` from `initial` while `condition` holds, stepping with `step`,
    /// and yielding `result`.
    public struct Comprehension: Sendable {
        /// The iteration variable's name.
        public var iterationVariable: String
        /// The list or map iterated over (maps iterate their keys).
        public var range: Expression
        /// The accumulator's name.
        public var accumulatorVariable: String
        /// The accumulator's initial value.
        public var initial: Expression
        /// Evaluated before each step; iteration stops when it is false.
        public var condition: Expression
        /// Computes the next accumulator.
        public var step: Expression
        /// Computes the result from the final accumulator.
        public var result: Expression
        /// The macro this comprehension was expanded from, when the parser expanded one; the
        /// compiler evaluates known macros with dedicated loops.
        public var macro: Macro? = nil
        /// Creates a comprehension.
        public init(
            iterationVariable: String, range: Expression, accumulatorVariable: String,
            initial: Expression, condition: Expression, step: Expression, result: Expression
        ) {
            self.iterationVariable = iterationVariable
            self.range = range
            self.accumulatorVariable = accumulatorVariable
            self.initial = initial
            self.condition = condition
            self.step = step
            self.result = result
        }
    }
}

/// CEL's canonical names for operators, as they appear in ``Expression/Kind/call(function:target:arguments:)``.
public enum Operator {
    /// `a && b`
    public static let logicalAnd = "_&&_"
    /// `a || b`
    public static let logicalOr = "_||_"
    /// `!a`
    public static let logicalNot = "!_"
    /// `-a`
    public static let negate = "-_"
    /// `c ? a : b`
    public static let conditional = "_?_:_"
    /// `a == b`
    public static let equals = "_==_"
    /// `a != b`
    public static let notEquals = "_!=_"
    /// `a < b`
    public static let less = "_<_"
    /// `a <= b`
    public static let lessOrEqual = "_<=_"
    /// `a > b`
    public static let greater = "_>_"
    /// `a >= b`
    public static let greaterOrEqual = "_>=_"
    /// `a + b`
    public static let add = "_+_"
    /// `a - b`
    public static let subtract = "_-_"
    /// `a * b`
    public static let multiply = "_*_"
    /// `a / b`
    public static let divide = "_/_"
    /// `a % b`
    public static let modulo = "_%_"
    /// `a[b]`
    public static let index = "_[_]"
    /// `a in b`
    public static let `in` = "@in"
}
