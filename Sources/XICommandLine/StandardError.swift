import Foundation

/// Writes diagnostics and statistics to standard error, keeping standard output for results.
enum StandardError {
    /// Writes `text`, adding a final newline when it has none.
    static func write(_ text: String) {
        var line = text
        if !line.hasSuffix("\n") { line += "\n" }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Writes `text` as it is (for a progress line that rewrites itself).
    static func writeRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
