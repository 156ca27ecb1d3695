/// CEL's operators and standard functions on values, shared by the evaluator's nodes and constant folding.
enum Operations {
    static func overflow() -> EvaluationError { EvaluationError("integer overflow") }

    static func add(_ a: Value, _ b: Value) throws(EvaluationError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (result, overflow) = x.addingReportingOverflow(y)
            if overflow { throw Operations.overflow() }
            return .int(result)
        case (.uint(let x), .uint(let y)):
            let (result, overflow) = x.addingReportingOverflow(y)
            if overflow { throw Operations.overflow() }
            return .uint(result)
        case (.double(let x), .double(let y)): return .double(x + y)
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.bytes(let x), .bytes(let y)): return .bytes(x + y)
        case (.list(let x), .list(let y)): return .list(x + y)
        case (.duration(let x), .duration(let y)):
            guard let result = x.adding(y) else { throw EvaluationError("duration out of range") }
            return .duration(result)
        case (.timestamp(let x), .duration(let y)), (.duration(let y), .timestamp(let x)):
            guard let result = x.adding(y) else { throw EvaluationError("timestamp out of range") }
            return .timestamp(result)
        default: throw EvaluationError.noOverload(Operator.add, [a, b])
        }
    }

    static func subtract(_ a: Value, _ b: Value) throws(EvaluationError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (result, overflow) = x.subtractingReportingOverflow(y)
            if overflow { throw Operations.overflow() }
            return .int(result)
        case (.uint(let x), .uint(let y)):
            let (result, overflow) = x.subtractingReportingOverflow(y)
            if overflow { throw Operations.overflow() }
            return .uint(result)
        case (.double(let x), .double(let y)): return .double(x - y)
        case (.duration(let x), .duration(let y)):
            guard let result = x.subtracting(y) else { throw EvaluationError("duration out of range") }
            return .duration(result)
        case (.timestamp(let x), .timestamp(let y)):
            guard let result = x.subtracting(y) else { throw EvaluationError("duration out of range") }
            return .duration(result)
        case (.timestamp(let x), .duration(let y)):
            guard let result = x.subtracting(y) else { throw EvaluationError("timestamp out of range") }
            return .timestamp(result)
        default: throw EvaluationError.noOverload(Operator.subtract, [a, b])
        }
    }

    static func multiply(_ a: Value, _ b: Value) throws(EvaluationError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (result, overflow) = x.multipliedReportingOverflow(by: y)
            if overflow { throw Operations.overflow() }
            return .int(result)
        case (.uint(let x), .uint(let y)):
            let (result, overflow) = x.multipliedReportingOverflow(by: y)
            if overflow { throw Operations.overflow() }
            return .uint(result)
        case (.double(let x), .double(let y)): return .double(x * y)
        default: throw EvaluationError.noOverload(Operator.multiply, [a, b])
        }
    }

    static func divide(_ a: Value, _ b: Value) throws(EvaluationError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw EvaluationError("division by zero") }
            let (result, overflow) = x.dividedReportingOverflow(by: y)
            if overflow { throw Operations.overflow() }
            return .int(result)
        case (.uint(let x), .uint(let y)):
            if y == 0 { throw EvaluationError("division by zero") }
            return .uint(x / y)
        case (.double(let x), .double(let y)): return .double(x / y)
        default: throw EvaluationError.noOverload(Operator.divide, [a, b])
        }
    }

    static func modulo(_ a: Value, _ b: Value) throws(EvaluationError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw EvaluationError("modulus by zero") }
            let (result, overflow) = x.remainderReportingOverflow(dividingBy: y)
            if overflow { throw Operations.overflow() }
            return .int(result)
        case (.uint(let x), .uint(let y)):
            if y == 0 { throw EvaluationError("modulus by zero") }
            return .uint(x % y)
        default: throw EvaluationError.noOverload(Operator.modulo, [a, b])
        }
    }

    static func negate(_ a: Value) throws(EvaluationError) -> Value {
        switch a {
        case .int(let x):
            if x == .min { throw Operations.overflow() }
            return .int(-x)
        case .double(let x): return .double(-x)
        case .duration(let x): return .duration(x.negated)
        default: throw EvaluationError.noOverload(Operator.negate, [a])
        }
    }

    static func index(_ container: Value, _ index: Value) throws(EvaluationError) -> Value {
        switch container {
        case .list(let elements):
            let position: Int
            switch index {
            case .int(let value): position = Int(value)
            case .uint(let value): position = value > UInt64(Int.max) ? -1 : Int(value)
            case .double(let value):
                guard value.isFinite, value.rounded(.towardZero) == value, abs(value) < 9.2e18 else {
                    throw EvaluationError("invalid_argument: list index \(value) is not an integer")
                }
                position = Int(value)
            default:
                throw EvaluationError("invalid_argument: no such overload: list index of type '\(index.type)'")
            }
            guard position >= 0 && position < elements.count else {
                throw EvaluationError("invalid_argument: index out of range: \(index.celLiteral) (list size \(elements.count))")
            }
            return elements[position]
        case .map(let map):
            guard let value = map[index] else { throw EvaluationError("no such key: \(index.celLiteral)") }
            return value
        default:
            throw EvaluationError.noOverload(Operator.index, [container, index])
        }
    }

    static func contains(_ container: Value, _ element: Value) throws(EvaluationError) -> Value {
        switch container {
        case .list(let elements):
            for candidate in elements where candidate.celEquals(element) { return .bool(true) }
            return .bool(false)
        case .map(let map):
            return .bool(map.contains(element))
        default:
            throw EvaluationError.noOverload(Operator.in, [element, container])
        }
    }

    static func compare(_ a: Value, _ b: Value, _ function: String) throws(EvaluationError) -> Int {
        if let order = a.celCompare(b) { return order }
        // NaN is unordered: every comparison with it is false.
        if isNumber(a) && isNumber(b) { return 2 }
        throw EvaluationError.noOverload(function, [a, b])
    }

    static func isNumber(_ value: Value) -> Bool {
        switch value {
        case .int, .uint, .double: true
        default: false
        }
    }

    static func size(_ value: Value) throws(EvaluationError) -> Value {
        switch value {
        case .string(let text): return .int(Int64(text.unicodeScalars.count))
        case .bytes(let data): return .int(Int64(data.count))
        case .list(let elements): return .int(Int64(elements.count))
        case .map(let map): return .int(Int64(map.count))
        default: throw EvaluationError.noOverload("size", [value])
        }
    }

    static func stringFunction(_ name: String, _ target: Value, _ argument: Value, _ body: (String, String) -> Bool) throws(EvaluationError) -> Value {
        guard case .string(let text) = target, case .string(let other) = argument else {
            throw EvaluationError.noOverload(name, [target, argument])
        }
        return .bool(body(text, other))
    }

    static func startsWith(_ target: Value, _ argument: Value) throws(EvaluationError) -> Value {
        try stringFunction("startsWith", target, argument) { $0.hasBytePrefix($1) }
    }

    static func endsWith(_ target: Value, _ argument: Value) throws(EvaluationError) -> Value {
        try stringFunction("endsWith", target, argument) { $0.hasByteSuffix($1) }
    }

    static func containsString(_ target: Value, _ argument: Value) throws(EvaluationError) -> Value {
        try stringFunction("contains", target, argument) { text, part in
            if part.isEmpty { return true }
            let haystack = Array(text.utf8)
            let needle = Array(part.utf8)
            if needle.count > haystack.count { return false }
            let first = needle[0]
            var index = 0
            let last = haystack.count - needle.count
            while index <= last {
                if haystack[index] == first && haystack[index..<index + needle.count].elementsEqual(needle) { return true }
                index += 1
            }
            return false
        }
    }
}
