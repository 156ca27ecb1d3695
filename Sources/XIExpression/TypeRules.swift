/// CEL's overloads for xi's subset, as type rules: which argument types each function accepts and what it returns.
enum TypeRules {
    /// The common type of `a` and `b`, or nil when they are incompatible. `dyn` is compatible with everything.
    static func join(_ a: ValueType, _ b: ValueType) -> ValueType? {
        if a == b { return a }
        switch (a, b) {
        case (.dyn, _), (_, .dyn): return .dyn
        case (.list(let x), .list(let y)): return join(x, y).map { .list($0) }
        case (.map(let k1, let v1), .map(let k2, let v2)):
            guard let key = join(k1, k2), let value = join(v1, v2) else { return nil }
            return .map(key, value)
        default: return nil
        }
    }

    static func isNumeric(_ type: ValueType) -> Bool { type == .int || type == .uint || type == .double }

    static func isOrderable(_ type: ValueType) -> Bool {
        switch type {
        case .int, .uint, .double, .string, .bytes, .bool, .duration, .timestamp, .dyn: true
        default: false
        }
    }

    static let timestampAccessors: Set<String> = [
        "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear",
        "getHours", "getMinutes", "getSeconds", "getMilliseconds",
    ]
    static let durationAccessors: Set<String> = ["getHours", "getMinutes", "getSeconds", "getMilliseconds"]

    static let knownFunctions: Set<String> = Set(ExpressionChecker.functionNames).union([
        Operator.logicalAnd, Operator.logicalOr, Operator.logicalNot, Operator.negate, Operator.conditional,
        Operator.equals, Operator.notEquals, Operator.less, Operator.lessOrEqual, Operator.greater,
        Operator.greaterOrEqual, Operator.add, Operator.subtract, Operator.multiply, Operator.divide,
        Operator.modulo, Operator.index, Operator.in, "@not_strictly_false",
    ])

    static func isKnownFunction(_ name: String) -> Bool { knownFunctions.contains(name) }

    static func noOverloadMessage(function: String, target: ValueType?, arguments: [ValueType]) -> String {
        let list = arguments.map(\.description).joined(separator: ", ")
        if let target {
            return "found no matching overload for '\(function)' applied to '\(target).(\(list))'"
        }
        return "found no matching overload for '\(function)' applied to '(\(list))'"
    }

    /// The result type of a call, or nil when no overload accepts the argument types.
    static func resultType(function: String, target: ValueType?, arguments: [ValueType]) -> ValueType? {
        if let target {
            return receiverResultType(function: function, target: target, arguments: arguments)
        }
        let count = arguments.count
        switch (function, count) {
        case (Operator.logicalAnd, 2), (Operator.logicalOr, 2):
            return arguments.allSatisfy { $0 == .bool || $0 == .dyn } ? .bool : nil
        case (Operator.logicalNot, 1), ("@not_strictly_false", 1):
            return arguments[0] == .bool || arguments[0] == .dyn ? .bool : nil
        case (Operator.negate, 1):
            switch arguments[0] {
            case .int, .double, .duration, .dyn: return arguments[0]
            default: return nil
            }
        case (Operator.conditional, 3):
            guard arguments[0] == .bool || arguments[0] == .dyn else { return nil }
            return join(arguments[1], arguments[2])
        case (Operator.equals, 2), (Operator.notEquals, 2):
            return join(arguments[0], arguments[1]) != nil ? .bool : nil
        case (Operator.less, 2), (Operator.lessOrEqual, 2), (Operator.greater, 2), (Operator.greaterOrEqual, 2):
            let (a, b) = (arguments[0], arguments[1])
            guard isOrderable(a), isOrderable(b) else { return nil }
            if a == .dyn || b == .dyn || a == b || (isNumeric(a) && isNumeric(b)) { return .bool }
            return nil
        case (Operator.add, 2):
            return addResult(arguments[0], arguments[1])
        case (Operator.subtract, 2):
            return subtractResult(arguments[0], arguments[1])
        case (Operator.multiply, 2), (Operator.divide, 2):
            return sameNumeric(arguments[0], arguments[1], allowed: [.int, .uint, .double])
        case (Operator.modulo, 2):
            return sameNumeric(arguments[0], arguments[1], allowed: [.int, .uint])
        case (Operator.index, 2):
            switch (arguments[0], arguments[1]) {
            case (.list(let element), .int), (.list(let element), .uint), (.list(let element), .dyn):
                return element
            case (.map(let key, let value), let index):
                return join(key, index) != nil ? value : nil
            case (.dyn, _): return .dyn
            default: return nil
            }
        case (Operator.in, 2):
            switch arguments[1] {
            case .list(let element): return join(arguments[0], element) != nil ? .bool : nil
            case .map(let key, _): return join(arguments[0], key) != nil ? .bool : nil
            case .dyn: return .bool
            default: return nil
            }
        case ("size", 1):
            switch arguments[0] {
            case .string, .bytes, .list, .map, .dyn: return .int
            default: return nil
            }
        case ("matches", 2):
            return isStringLike(arguments[0]) && isStringLike(arguments[1]) ? .bool : nil
        case ("int", 1):
            switch arguments[0] {
            case .int, .uint, .double, .string, .timestamp, .dyn: return .int
            default: return nil
            }
        case ("uint", 1):
            switch arguments[0] {
            case .int, .uint, .double, .string, .dyn: return .uint
            default: return nil
            }
        case ("double", 1):
            switch arguments[0] {
            case .int, .uint, .double, .string, .dyn: return .double
            default: return nil
            }
        case ("string", 1):
            switch arguments[0] {
            case .int, .uint, .double, .string, .bytes, .bool, .duration, .timestamp, .dyn: return .string
            default: return nil
            }
        case ("bool", 1):
            switch arguments[0] {
            case .bool, .string, .dyn: return .bool
            default: return nil
            }
        case ("bytes", 1):
            switch arguments[0] {
            case .bytes, .string, .dyn: return .bytes
            default: return nil
            }
        case ("dyn", 1):
            return .dyn
        case ("type", 1):
            return .type
        case ("duration", 1):
            switch arguments[0] {
            case .string, .duration, .dyn: return .duration
            default: return nil
            }
        case ("timestamp", 1):
            switch arguments[0] {
            case .string, .int, .timestamp, .dyn: return .timestamp
            default: return nil
            }
        default:
            return nil
        }
    }

    static func isStringLike(_ type: ValueType) -> Bool { type == .string || type == .dyn }

    static func receiverResultType(function: String, target: ValueType, arguments: [ValueType]) -> ValueType? {
        switch (function, arguments.count) {
        case ("size", 0):
            return resultType(function: "size", target: nil, arguments: [target])
        case ("contains", 1), ("startsWith", 1), ("endsWith", 1), ("matches", 1):
            return isStringLike(target) && isStringLike(arguments[0]) ? .bool : nil
        case (let name, 0) where timestampAccessors.contains(name):
            if target == .timestamp || target == .dyn { return .int }
            if target == .duration && durationAccessors.contains(name) { return .int }
            return nil
        case (let name, 1) where timestampAccessors.contains(name):
            return (target == .timestamp || target == .dyn) && isStringLike(arguments[0]) ? .int : nil
        default:
            return nil
        }
    }

    static func sameNumeric(_ a: ValueType, _ b: ValueType, allowed: Set<ValueType>) -> ValueType? {
        switch (a, b) {
        case (.dyn, .dyn): return .dyn
        case (.dyn, let other), (let other, .dyn): return allowed.contains(other) ? other : nil
        default: return a == b && allowed.contains(a) ? a : nil
        }
    }

    static func addResult(_ a: ValueType, _ b: ValueType) -> ValueType? {
        switch (a, b) {
        case (.dyn, .dyn): return .dyn
        case (.list(let x), .list(let y)): return .list(join(x, y) ?? .dyn)
        case (.list, .dyn), (.dyn, .list): return .list(.dyn)
        case (.duration, .duration): return .duration
        case (.timestamp, .duration), (.duration, .timestamp): return .timestamp
        case (.duration, .dyn), (.dyn, .duration), (.timestamp, .dyn), (.dyn, .timestamp): return .dyn
        case (.dyn, let other), (let other, .dyn):
            return [.int, .uint, .double, .string, .bytes].contains(other) ? other : nil
        default:
            return a == b && [.int, .uint, .double, .string, .bytes].contains(a) ? a : nil
        }
    }

    static func subtractResult(_ a: ValueType, _ b: ValueType) -> ValueType? {
        switch (a, b) {
        case (.duration, .duration), (.timestamp, .timestamp): return .duration
        case (.timestamp, .duration): return .timestamp
        case (.duration, .dyn), (.dyn, .duration), (.timestamp, .dyn), (.dyn, .timestamp): return .dyn
        default: return sameNumeric(a, b, allowed: [.int, .uint, .double])
        }
    }
}
