import XIExpression

/// Numbers the index's equality constants, and finds a record value's number with one cheap
/// hash: an open-addressing table with FNV-1a over a string's UTF-8 bytes, instead of the
/// general-purpose (and, for this job, slower) seeded hashing of `Dictionary`.
struct ValueInterner: Sendable {
    private(set) var keys: [IndexKey] = []
    private var table: [Int32] = [Int32](repeating: -1, count: 16)

    /// The number of interned values.
    var count: Int { keys.count }

    /// The id of `key`, interning it if new.
    mutating func intern(_ key: IndexKey) -> Int32 {
        let existing = id(of: key)
        if existing >= 0 { return existing }
        let id = Int32(keys.count)
        keys.append(key)
        if keys.count * 2 > table.count { rehash(capacity: table.count * 2) } else { insert(id) }
        return id
    }

    /// The id of `key`, or -1.
    @inline(__always)
    func id(of key: IndexKey) -> Int32 {
        table.withUnsafeBufferPointer { table in
            let mask = table.count &- 1
            var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
            while true {
                let id = table[slot]
                if id < 0 { return -1 }
                if keys[Int(id)] == key { return id }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// The id of the constant equal (under CEL's `==`) to `value`, or -1.
    @inline(__always)
    func id(of value: Value) -> Int32 {
        guard let key = IndexKey(value) else { return -1 }
        return id(of: key)
    }

    private mutating func insert(_ id: Int32) {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(keys[Int(id)])) & mask
        while table[slot] >= 0 { slot = (slot + 1) & mask }
        table[slot] = id
    }

    private mutating func rehash(capacity: Int) {
        table = [Int32](repeating: -1, count: capacity)
        for id in keys.indices { insert(Int32(id)) }
    }

    @inline(__always)
    static func hash(_ key: IndexKey) -> UInt64 {
        switch key {
        case .integer(let number): return mix(UInt64(bitPattern: number) ^ 0x0100_0000_0000_0001)
        case .largeUnsigned(let number): return mix(number ^ 0x0200_0000_0000_0002)
        case .double(let number): return mix(number.bitPattern ^ 0x0300_0000_0000_0003)
        case .bool(let flag): return flag ? 0x5555_0001 : 0x5555_0002
        case .null: return 0x7777_0003
        case .string(let text):
            return text.utf8.withContiguousStorageIfAvailable { fnv($0) } ?? fnv(Array(text.utf8))
        case .bytes(let bytes):
            return bytes.withUnsafeBufferPointer { fnv($0) } ^ 0x0400_0000_0000_0004
        }
    }

    @inline(__always)
    private static func fnv(_ bytes: some Collection<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return mix(hash)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed = (mixed ^ (mixed >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        mixed = (mixed ^ (mixed >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return mixed ^ (mixed >> 33)
    }
}
