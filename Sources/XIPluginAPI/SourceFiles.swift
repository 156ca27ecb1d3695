import Foundation

/// The files a file source reads, from its `path` option: one file, a folder (its files with the
/// given extensions, sorted by name), or a glob whose last component holds `*` or `?`
/// (`data/*.csv`, `logs/contacts-2026-??.jsonl`), sorted by name.
public struct SourceFiles: Sendable {
    /// One file: its path on disk and the name positions and checkpoints show.
    public struct File: Sendable, Hashable {
        /// The path to open.
        public var path: String
        /// The path as shown, and the file's name in checkpoints: relative to the configuration
        /// folder when inside it, else absolute; both with symbolic links resolved, so the same
        /// file has the same name however the folder is spelled (`.`, a relative path, a link).
        public var displayPath: String
        /// The last path component (it goes into derived event ids).
        public var name: String
        /// The absolute path with symbolic links resolved: what identifies the file.
        public var canonicalPath: String
    }

    /// The pattern as written.
    public let pattern: String
    /// The configuration folder relative paths start from.
    public let folder: String
    /// The extensions a folder's files must have (`csv`), without the dot.
    public let extensions: [String]

    /// Creates a file set.
    public init(pattern: String, folder: String, extensions: [String]) {
        self.pattern = pattern
        self.folder = folder
        self.extensions = extensions
    }

    /// The files, sorted. Throws ``PluginError`` when nothing matches.
    public func resolve() throws(PluginError) -> [File] {
        let absolute = pattern.hasPrefix("/") ? pattern : (folder.isEmpty ? pattern : folder + "/" + pattern)
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        var paths: [String] = []
        if absolute.contains("*") || absolute.contains("?") {
            let directory = (absolute as NSString).deletingLastPathComponent
            let namePattern = (absolute as NSString).lastPathComponent
            if directory.contains("*") || directory.contains("?") {
                throw PluginError("path '\(pattern)': wildcards are allowed only in the file name, not in folders")
            }
            let names = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            paths = names.filter { Self.matches(Array($0.utf8)[...], Array(namePattern.utf8)[...]) }.sorted().map { directory + "/" + $0 }
                .filter { manager.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue }
            if paths.isEmpty { throw PluginError("path '\(pattern)': no files match in '\(directory)'") }
        } else if manager.fileExists(atPath: absolute, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                let names = (try? manager.contentsOfDirectory(atPath: absolute)) ?? []
                paths = names.filter { name in extensions.contains { name.lowercased().hasSuffix("." + $0) } }.sorted().map { absolute + "/" + $0 }
                if paths.isEmpty {
                    throw PluginError("path '\(pattern)': the folder has no \(extensions.map { "*." + $0 }.joined(separator: " or ")) files")
                }
            } else {
                paths = [absolute]
            }
        } else {
            throw PluginError("path '\(pattern)' does not exist (relative paths start at '\(folder)')")
        }
        let base = Self.canonical(folder.isEmpty ? "." : folder)
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return paths.map { path in
            let canonical = Self.canonical(path)
            let display = base != "/" && canonical.hasPrefix(prefix) ? String(canonical.dropFirst(prefix.count)) : canonical
            return File(path: path, displayPath: display, name: (path as NSString).lastPathComponent, canonicalPath: canonical)
        }
    }

    /// `path` made absolute (from the working directory) with `.`, `..` and symbolic links
    /// resolved; when it cannot be resolved (it does not exist), made absolute and standardized.
    public static func canonical(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (absolute as NSString).standardizingPath
    }

    /// Glob match of a name: `*` any run, `?` one byte, anything else itself.
    static func matches(_ name: ArraySlice<UInt8>, _ pattern: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return name.isEmpty }
        switch first {
        case UInt8(ascii: "*"):
            var rest = name
            while true {
                if matches(rest, pattern.dropFirst()) { return true }
                if rest.isEmpty { return false }
                rest = rest.dropFirst()
            }
        case UInt8(ascii: "?"):
            return !name.isEmpty && matches(name.dropFirst(), pattern.dropFirst())
        default:
            return name.first == first && matches(name.dropFirst(), pattern.dropFirst())
        }
    }
}
