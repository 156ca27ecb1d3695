/// The variables an expression may read, with their types and their slots.
///
/// Each declared variable gets a slot, its position in declaration order. A compiled ``Program``
/// reads variables from an array indexed by slot, so evaluation never looks a name up.
public struct Declarations: Sendable {
    /// The declared variables in slot order.
    public private(set) var variables: [(name: String, type: ValueType)] = []
    private var slots: [String: Int] = [:]

    /// Creates an empty set of declarations.
    public init() {}

    /// Creates declarations from name-type pairs, in slot order.
    public init(_ variables: [(String, ValueType)]) {
        for (name, type) in variables { declare(name, type) }
    }

    /// Declares `name` with `type` and returns its slot. Declaring a name again updates its type.
    @discardableResult
    public mutating func declare(_ name: String, _ type: ValueType) -> Int {
        if let slot = slots[name] {
            variables[slot].type = type
            return slot
        }
        let slot = variables.count
        variables.append((name, type))
        slots[name] = slot
        return slot
    }

    /// The slot of `name`, or nil when it is not declared.
    public func slot(of name: String) -> Int? { slots[name] }

    /// The declared type of `name`, or nil when it is not declared.
    public func type(of name: String) -> ValueType? { slots[name].map { variables[$0].type } }

    /// The number of declared variables (and so the size of an activation array).
    public var count: Int { variables.count }
}
