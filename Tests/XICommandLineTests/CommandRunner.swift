import Foundation
import Testing

/// Runs the built `xi` executable as a user would, capturing its output and exit status.
struct CommandRunner {
    /// What one run printed and how it ended.
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The `xi` binary beside the test bundle in the build folder.
    static var executable: URL {
        let testBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [testBundle, testBundle.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("xi")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("xi")
    }

    /// The repository root (the folder holding Package.swift).
    static var repositoryRoot: URL {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// Runs `xi arguments…` in `directory` and waits for it.
    static func run(_ arguments: [String], in directory: URL? = nil, input: Data? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = directory ?? repositoryRoot
        let output = Pipe()
        let error = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = inputPipe
        try process.run()
        // Drain both pipes concurrently so a large output never blocks the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outputData = Data()
        nonisolated(unsafe) var errorData = Data()
        DispatchQueue.global().async(group: group) { outputData = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errorData = error.fileHandleForReading.readDataToEndOfFile() }
        if let input { inputPipe.fileHandleForWriting.write(input) }
        try? inputPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// A fresh temporary folder, inside one folder for this test process that is removed when
    /// the process exits.
    static func temporaryFolder() throws -> URL {
        let folder = testRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A fresh temporary folder holding `files` (relative path → text).
    static func folder(with files: [String: String]) throws -> URL {
        let folder = try temporaryFolder()
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// `xi-tests-<pid>` in the system's temporary folder; removed at exit.
    static let testRoot: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("xi-tests-\(ProcessInfo.processInfo.processIdentifier)")
        atexit { try? FileManager.default.removeItem(at: CommandRunner.testRoot) }
        return root
    }()
}
