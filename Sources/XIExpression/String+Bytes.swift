#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether two strings have the same code points (no Unicode normalization, unlike `==`).
    @inline(__always)
    func hasSameCodePoints(as other: String) -> Bool {
        var left = self
        var right = other
        return left.withUTF8 { a in
            right.withUTF8 { b in
                a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
            }
        }
    }

    /// Whether the string's UTF-8 bytes start with `prefix`'s.
    func hasBytePrefix(_ prefix: String) -> Bool {
        let count = prefix.utf8.count
        guard count <= utf8.count else { return false }
        if let result = utf8.withContiguousStorageIfAvailable({ whole in
            prefix.utf8.withContiguousStorageIfAvailable { part in
                UnsafeBufferPointer(rebasing: whole[0..<count]).elementsEqual(part)
            }
        }), let result {
            return result
        }
        return utf8.starts(with: prefix.utf8)
    }

    /// Whether the string's UTF-8 bytes end with `suffix`'s.
    func hasByteSuffix(_ suffix: String) -> Bool {
        let count = suffix.utf8.count
        let total = utf8.count
        guard count <= total else { return false }
        if let result = utf8.withContiguousStorageIfAvailable({ whole in
            suffix.utf8.withContiguousStorageIfAvailable { part in
                UnsafeBufferPointer(rebasing: whole[(total - count)..<total]).elementsEqual(part)
            }
        }), let result {
            return result
        }
        return utf8.reversed().starts(with: suffix.utf8.reversed())
    }
}
