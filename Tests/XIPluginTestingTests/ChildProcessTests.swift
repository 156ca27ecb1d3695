import Foundation
import Testing
import XIPluginAPI

@Suite("child processes")
struct ChildProcessTests {
    /// CI once saw "exited with status 2 before answering" without the line the program wrote to
    /// standard error just before it exited: the forwarding thread had not read it yet.
    @Test("once its exit is known, the last lines a child wrote to standard error are there", arguments: [1, 3_000])
    func lastErrorLinesAfterExit(lines: Int) throws {
        let script = "i=1; while [ $i -lt \(lines) ]; do echo \"noise $i\" >&2; i=$((i+1)); done; echo 'cannot reach the ticket system' >&2; exit 2"
        for round in 0..<20 {
            let child = try ChildProcess(
                command: ["/bin/sh", "-c", script], environment: ProcessInfo.processInfo.environment, standardError: { _ in })
            var buffer = [UInt8](repeating: 0, count: 256)
            while case .bytes = buffer.withUnsafeMutableBytes({ child.read(into: $0, timeout: 10) }) {}
            let exit = child.waitForExit(timeout: 10)
            #expect(exit == .status(2), "round \(round): \(String(describing: exit))")
            #expect(child.lastErrorLines.last == "cannot reach the ticket system", "round \(round): \(child.lastErrorLines)")
        }
    }
}
