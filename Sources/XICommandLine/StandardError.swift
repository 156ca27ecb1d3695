#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes diagnostics and statistics to standard error, keeping standard output for results.
enum StandardError {
    static func write(_ text: String) {
        var line = text
        if !line.hasSuffix("\n") { line += "\n" }
        _ = line.withCString { fputs($0, stderr) }
    }
}
