#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An external plugin's process: started with pipes to its standard input and output, its
/// standard error forwarded line by line to a handler (xi's log), and stopped cleanly or killed.
///
/// It does no protocol work: plugins that speak xi's JSON-lines protocol (see
/// `docs/plugin-protocol.md`) read and write through it. Reads and writes wait with `poll(2)`, so
/// a child that never answers is noticed after a timeout instead of hanging the run.
///
/// One owner uses it at a time (a source's reader, an action's queue); the standard error thread
/// is its own.
public final class ChildProcess: @unchecked Sendable {
    /// How a child ended.
    public enum Exit: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this status.
        case status(Int32)
        /// A signal ended it.
        case signal(Int32)

        /// Whether it exited with status 0.
        public var isSuccess: Bool { self == .status(0) }

        /// "exited with status 3", "was killed by signal 9".
        public var description: String {
            switch self {
            case .status(let code): "exited with status \(code)"
            case .signal(let number): "was ended by signal \(number)\(number == SIGKILL ? " (SIGKILL)" : number == SIGTERM ? " (SIGTERM)" : number == SIGSEGV ? " (SIGSEGV)" : "")"
            }
        }
    }

    /// What a read gave.
    public enum ReadResult: Sendable, Equatable {
        /// This many bytes.
        case bytes(Int)
        /// The child closed its output (it exited, or closed standard output).
        case end
        /// Nothing came within the timeout.
        case timedOut
    }

    /// The command line, program first.
    public let command: [String]
    /// The child's process id.
    public let processIdentifier: pid_t
    private var input: Int32
    private let output: Int32
    private let lock = NSLock()
    private var exitStatus: Exit?
    /// Kept apart from the process object: the standard error thread holds it, not `self`, so a
    /// dropped ChildProcess is freed (and its program stopped) while the program still runs.
    private let recentErrors = RecentLines()

    /// Starts `command` (a program found on `PATH` when it has no `/`, and its arguments).
    ///
    /// - Parameters:
    ///   - environment: the child's environment (xi's own, usually, so secrets reach it the same way).
    ///   - workingDirectory: where it runs; nil: xi's working directory.
    ///   - standardError: called with each line the child writes to standard error, on a thread of
    ///     its own.
    /// - Throws: ``PluginError`` when the program cannot be started (not found, not executable).
    public init(
        command: [String], environment: [String: String], workingDirectory: String? = nil,
        standardError: @escaping @Sendable (String) -> Void
    ) throws(PluginError) {
        guard let program = command.first, !program.isEmpty else { throw PluginError("no command to run") }
        Self.ignoreBrokenPipes
        self.command = command
        // Checked here: started through the shell (for the working directory), a missing program
        // would only show as exit status 127.
        guard Self.findProgram(program, path: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin", folder: workingDirectory) != nil else {
            throw PluginError(
                program.contains("/")
                    ? "cannot start '\(program)': no such executable file (check the path, relative to xi.yaml, and that it is executable)"
                    : "cannot start '\(program)': not found on PATH (install it, or give its full path)")
        }
        // Pipes are made and the child started under one lock, so no other child inherits these
        // pipes' ends in the moment before they are marked close-on-exec.
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        var inputPipe: [Int32] = [-1, -1]
        var outputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        guard pipe(&inputPipe) == 0, pipe(&outputPipe) == 0, pipe(&errorPipe) == 0 else {
            throw PluginError("cannot make pipes for '\(program)': \(String(cString: strerror(errno)))")
        }
        for descriptor in inputPipe + outputPipe + errorPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with default signal handling (xi ignores SIGPIPE) and nothing blocked.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        // A working directory through the shell: `cd DIR && exec PROGRAM ARGUMENTS…`.
        let line = workingDirectory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0] + command } ?? command
        let arguments = line.map { strdup($0) } + [nil]
        let variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in arguments { free(pointer) }
            for pointer in variables { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, line[0], &actions, &attributes, arguments, variables)
        close(inputPipe[0])
        close(outputPipe[1])
        close(errorPipe[1])
        guard result == 0 else {
            close(inputPipe[1])
            close(outputPipe[0])
            close(errorPipe[0])
            throw PluginError("cannot start '\(program)': \(String(cString: strerror(result))) (check the command, that it is installed and executable)")
        }
        processIdentifier = pid
        input = inputPipe[1]
        output = outputPipe[0]
        let flags = fcntl(input, F_GETFL)
        _ = fcntl(input, F_SETFL, flags | O_NONBLOCK)
        let errors = errorPipe[0]
        let recent = recentErrors
        let thread = Thread { Self.forwardErrors(from: errors, to: standardError, keeping: recent) }
        thread.name = "xi-plugin-stderr"
        thread.start()
    }

    deinit {
        if input >= 0 { close(input) }
        close(output)
        let pid = processIdentifier
        if exitStatus == nil {
            // Dropped while running: ask it to stop, then make sure, without holding anyone up.
            Glibc.kill(pid, SIGTERM)
            Thread.detachNewThread {
                var status: Int32 = 0
                for _ in 0..<200 {
                    if waitpid(pid, &status, WNOHANG) != 0 { return }
                    usleep(10_000)
                }
                Glibc.kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
            }
        }
    }

    /// xi ignores SIGPIPE once, so writing to a child that has exited fails with EPIPE instead of
    /// ending xi.
    private static let spawnLock = NSLock()

    /// The program's path: as given when it has a `/` (relative to `folder`), else the first
    /// executable of that name on `path`; nil when there is none.
    public static func findProgram(_ program: String, path: String, folder: String?) -> String? {
        if program.contains("/") {
            let full = program.hasPrefix("/") || folder == nil ? program : folder! + "/" + program
            return access(full, X_OK) == 0 ? full : nil
        }
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = directory + "/" + program
            var status = stat()
            if access(candidate, X_OK) == 0, stat(candidate, &status) == 0, (status.st_mode & S_IFMT) != S_IFDIR { return candidate }
        }
        return nil
    }

    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// The last lines the child wrote to standard error (at most ten), for error messages. Once
    /// `waitForExit` has returned how the child ended, they include everything it wrote.
    public var lastErrorLines: [String] {
        recentErrors.lines
    }

    /// Reads what the child has written, waiting at most `timeout` seconds for something.
    public func read(into buffer: UnsafeMutableRawBufferPointer, timeout: Double) -> ReadResult {
        switch wait(for: output, events: Int16(POLLIN), timeout: timeout) {
        case false: return .timedOut
        case true:
            while true {
                let count = Glibc.read(output, buffer.baseAddress, buffer.count)
                if count > 0 { return .bytes(count) }
                if count == 0 { return .end }
                if errno == EINTR { continue }
                return .end
            }
        }
    }

    /// Writes all of `bytes` to the child's standard input, waiting at most `timeout` seconds for
    /// room in the pipe each time it is full. Returns false when the child stopped reading (its
    /// input is closed, or the timeout passed).
    public func write(_ bytes: [UInt8], timeout: Double) -> Bool {
        guard input >= 0 else { return false }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.write(input, buffer.baseAddress! + written, bytes.count - written)
            }
            if count > 0 {
                written += count
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                guard wait(for: input, events: Int16(POLLOUT), timeout: timeout) else { return false }
                continue
            }
            return false
        }
        return true
    }

    /// Closes the child's standard input: the protocol's signal to finish and exit.
    public func closeInput() {
        if input >= 0 {
            close(input)
            input = -1
        }
    }

    /// How the child ended, waiting at most `timeout` seconds; nil while it still runs.
    public func waitForExit(timeout: Double) -> Exit? {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let result = waitpid(processIdentifier, &status, WNOHANG)
            if result == processIdentifier {
                let exit = Self.exit(from: status)
                lock.lock()
                exitStatus = exit
                lock.unlock()
                // What it wrote to standard error just before it ended may still be in the pipe:
                // give the forwarding thread a moment to read it, so error messages quote its last
                // words. (A grandchild holding the pipe open only costs this one second.)
                recentErrors.waitForEnd(timeout: 1)
                return exit
            }
            if result < 0 && errno != EINTR {
                exitStatus = .status(-1)
                return exitStatus
            }
            if Date() >= deadline { return nil }
            usleep(5_000)
        }
    }

    /// Stops the child: closes its input and waits `grace` seconds for it to exit, then sends
    /// SIGTERM and waits again, then SIGKILL. Returns how it ended.
    @discardableResult
    public func stop(grace: Double) -> Exit {
        closeInput()
        if let exit = waitForExit(timeout: grace) { return exit }
        Glibc.kill(processIdentifier, SIGTERM)
        if let exit = waitForExit(timeout: grace) { return exit }
        return kill()
    }

    /// Kills the child at once (SIGKILL) and returns how it ended.
    @discardableResult
    public func kill() -> Exit {
        closeInput()
        if let exitStatus { return exitStatus }
        Glibc.kill(processIdentifier, SIGKILL)
        return waitForExit(timeout: 10) ?? .signal(SIGKILL)
    }

    private func wait(for descriptor: Int32, events: Int16, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let milliseconds = max(0, min(Int32.max, Int32(deadline.timeIntervalSinceNow * 1_000)))
            let result = poll(&entry, 1, milliseconds)
            if result > 0 { return true }
            if result < 0 && errno == EINTR { continue }
            if result < 0 { return true }  // let the read or write report the problem
            if Date() >= deadline { return false }
        }
    }

    private static func forwardErrors(from descriptor: Int32, to handler: @Sendable (String) -> Void, keeping recent: RecentLines) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        func emit(_ line: ArraySlice<UInt8>) {
            var text = String(decoding: line, as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            if text.count > 2_000 { text = String(text.prefix(2_000)) + "…" }
            recent.append(text)
            handler(text)
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending.append(contentsOf: buffer[0..<count])
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                emit(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(pending.startIndex..<start)
            // A very long line without a newline is passed on in pieces.
            if pending.count > 65_536 {
                emit(pending[...])
                pending.removeAll()
            }
        }
        if !pending.isEmpty { emit(pending[...]) }
        close(descriptor)
        recent.end()
    }

    private static func exit(from status: Int32) -> Exit {
        let signal = status & 0x7f
        if signal == 0 { return .status((status >> 8) & 0xff) }
        return .signal(signal)
    }
}

/// The last lines a child wrote to standard error, behind a lock, and whether the stream has ended.
final class RecentLines: @unchecked Sendable {
    private let condition = NSCondition()
    private var kept: [String] = []
    private var ended = false

    /// The lines, oldest first (at most ten).
    var lines: [String] {
        condition.lock()
        defer { condition.unlock() }
        return kept
    }

    /// Keeps `line`, dropping the oldest beyond ten.
    func append(_ line: String) {
        condition.lock()
        kept.append(line)
        if kept.count > 10 { kept.removeFirst() }
        condition.unlock()
    }

    /// Records that the stream has ended: every line it had is kept.
    func end() {
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits at most `timeout` seconds for the stream to end; true when it has.
    @discardableResult
    func waitForEnd(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !ended {
            if !condition.wait(until: deadline) { return ended }
        }
        return true
    }
}
