/// Small formatters for hot paths, where `String(format:)` costs microseconds a call.
enum TextFormat {
    /// Lower-case hexadecimal digits of `bytes`.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        for byte in bytes {
            output.append(hexDigit(Int(byte >> 4)))
            output.append(hexDigit(Int(byte & 0x0F)))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Writes two lowercase hex digits per byte of `bytes` into `buffer` from `start`.
    static func writeHex(_ bytes: UnsafeRawBufferPointer, to buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        for (index, byte) in bytes.enumerated() {
            buffer[start + 2 * index] = hexDigit(Int(byte >> 4))
            buffer[start + 2 * index + 1] = hexDigit(Int(byte & 0x0F))
        }
    }

    /// Writes the last `count` hex digits of `value` (lower case, leading zeros kept) into `buffer` from `start`.
    static func writeHex(_ value: UInt64, digits count: Int, to buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        for position in 0..<count {
            buffer[start + position] = hexDigit(Int(value >> UInt64(4 * (count - 1 - position)) & 0xF))
        }
    }

    /// The lowercase hex digit of `value` (0 to 15), as UTF-8.
    @inline(__always)
    static func hexDigit(_ value: Int) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + UInt8(value) : UInt8(ascii: "a") + UInt8(value - 10)
    }

    /// `number` with exactly `places` decimals (0 to 6), rounded half away from zero, as `%.Nf` would
    /// print it for the numbers xi shows (scores and weights); other numbers go through `String`.
    static func fixed(_ number: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(number) * scale).rounded()
        guard number.isFinite, places >= 0, places <= 6, scaled < 1e15 else { return String(number) }
        let units = Int64(scaled)
        let divisor = Int64(scale)
        var text = (number < 0 && units != 0 ? "-" : "") + String(units / divisor)
        if places > 0 {
            let fraction = String(units % divisor)
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return text
    }
}
