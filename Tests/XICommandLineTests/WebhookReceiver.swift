import Foundation

/// `scripts/webhook-receiver.py` as a child process on 127.0.0.1, for end-to-end webhook tests.
final class WebhookReceiver {
    let process = Process()
    let log: URL
    let port: Int

    /// Starts the receiver; `failFirst` requests get 500.
    init(secret: String, failFirst: Int = 0) throws {
        let folder = try CommandRunner.temporaryFolder()
        log = folder.appendingPathComponent("requests.jsonl")
        let portFile = folder.appendingPathComponent("port")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", CommandRunner.repositoryRoot.appendingPathComponent("scripts/webhook-receiver.py").path,
            "--port-file", portFile.path, "--log", log.path, "--secret", secret, "--fail-first", String(failFirst),
        ]
        try process.run()
        var port: Int?
        for _ in 0..<100 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let number = Int(text) { port = number; break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadNoSuchFile)
        }
        self.port = port
    }

    /// The requests received so far.
    func requests() -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: log.path) else { return [] }
        return data.split(separator: 0x0A).compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
    }

    /// Stops the receiver with SIGKILL: a child of the test runner may inherit a mask that blocks SIGTERM.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
