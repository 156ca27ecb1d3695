import Foundation
import Testing
import XIEmailAction
import XIPluginAPI
import XIPluginTesting

/// A real SMTP server on 127.0.0.1 (Python's aiosmtpd): STARTTLS with a certificate made for the
/// test, AUTH (xi / s3cret) only over TLS; every message it accepts is a line of
/// `received.jsonl`. `nobody@` is refused (550); `busy@` answers 451 the first time.
private let serverScript = #"""
import json, os, socket, ssl, sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

folder, mode, cert, key = sys.argv[1:5]

class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 no such user here"
        marker = os.path.join(folder, "busy.once")
        if address.startswith("busy@") and not os.path.exists(marker):
            open(marker, "w").write("x")
            return "451 4.3.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        path = os.path.join(folder, "received.jsonl")
        with open(path, "a") as file:
            file.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                                   "data": envelope.content.decode("utf-8", "replace"),
                                   "tls": session.ssl is not None, "auth": bool(session.authenticated)}) + "\n")
        return "250 2.0.0 queued as Q%d" % sum(1 for _ in open(path))

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"xi" and auth_data.password == b"s3cret"
    return AuthResult(success=ok)

probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
options = {"hostname": "127.0.0.1", "port": port, "authenticator": authenticator}
if mode == "starttls":
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    options.update(tls_context=context, require_starttls=True, auth_require_tls=True)
else:
    options.update(auth_require_tls=True)
controller = Controller(Handler(), **options)
controller.start()
print("ready", port, flush=True)
sys.stdin.read()
controller.stop()
"""#

/// The server, running while the test does.
final class SMTPServer {
    let process = Process()
    let input = Pipe()
    let port: Int
    let folder: TestFolder

    init(mode: String, folder: TestFolder) throws {
        self.folder = folder
        folder.write("smtp-server.py", serverScript)
        let certificate = Process()
        certificate.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        certificate.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", folder.path + "/key.pem", "-out", folder.path + "/cert.pem",
        ]
        certificate.standardError = FileHandle.nullDevice
        try certificate.run()
        certificate.waitUntilExit()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", folder.path + "/smtp-server.py", folder.path, mode, folder.path + "/cert.pem", folder.path + "/key.pem"]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard text.hasPrefix("ready "), let port = Int(text.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw PluginError("the SMTP server did not start (is aiosmtpd installed? python3 -m pip install aiosmtpd): \(text)")
        }
        self.port = port
    }

    deinit {
        // Stopped by a signal: other child processes of the test run may hold a copy of the end
        // of its input pipe, so closing ours need not reach it.
        // SIGKILL: the test process may start children with SIGTERM blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    var received: [[String: Any]] {
        ((try? String(contentsOfFile: folder.path + "/received.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}

@Suite("email action (a real SMTP server with STARTTLS)", .serialized)
struct EmailActionTests {
    let folder = TestFolder()

    func action(_ server: SMTPServer, user: String? = "xi:s3cret", to: [String] = ["retention-team@bank.example"], options: [String: ConfigurationValue] = [:]) throws -> EmailAction {
        var all: [String: ConfigurationValue] = [
            "smtp_url": .string("${SMTP_URL}"), "from": .string("xi@bank.example"), "to": .list(to.map { .string($0) }),
            "ca_file": .string("cert.pem"), "backoff": .string("0s"), "timeout": .string("10s"),
        ]
        for (key, value) in options { all[key] = value }
        let url = "smtp://\(user.map { $0 + "@" } ?? "")localhost:\(server.port)"
        return try EmailAction(context: PluginContext(
            name: "retention-team/0-email", options: all, configurationFolder: folder.path, stateFolder: folder.path + "/.xi", environment: ["SMTP_URL": url]))
    }

    let insight = Delivery(
        id: "ins-9/retention-team/0-email", audience: "retention-team", action: "retention-team/0-email", kind: .insight, insights: ["ins-9"],
        body: #"{"id":"ins-9","goal":"retention","priority":"high","score":9.5,"recommend":"Call Zoë today.","subject":{"id":"C-9"},"evidence":{"summary":"detractor ×1"}}"#)

    @Test("an insight goes over STARTTLS with a login; subject, text, Message-ID and the delivery id are in the message")
    func sends() async throws {
        let server = try SMTPServer(mode: "starttls", folder: folder)
        let receipt = await try action(server, options: ["starttls": .string("required")]).deliver(insight)
        guard case .delivered(let reference) = receipt else {
            Issue.record("expected delivered, got \(receipt)")
            return
        }
        // On a loaded machine a try can time out after the server took the message; the retry
        // sends it again (at least once, each copy with the delivery's id): the reference is the
        // last copy's. CI saw "queued as Q2" once.
        let received = server.received
        #expect(reference?.contains("queued as Q\(received.count)") == true)
        #expect(received.allSatisfy { ($0["data"] as? String)?.contains("X-XI-Delivery-Id: ins-9/retention-team/0-email") == true })
        let message = try #require(received.first)
        #expect(message["tls"] as? Bool == true)
        #expect(message["auth"] as? Bool == true)
        #expect(message["to"] as? [String] == ["retention-team@bank.example"])
        let data = try #require(message["data"] as? String)
        #expect(data.contains("Subject: retention: high priority insight for C-9"))
        #expect(data.contains("X-XI-Delivery-Id: ins-9/retention-team/0-email"))
        #expect(data.contains("Message-ID: <xi-"))
        let body = data.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").dropFirst().joined().replacingOccurrences(of: "\n", with: "")
        let text = String(decoding: Data(base64Encoded: body) ?? Data(), as: UTF8.self)
        #expect(text.contains("Call Zoë today."), "\(text)")
        #expect(text.contains("Priority: high (score 9.5)"))
    }

    @Test("a refused recipient is refused for good; a busy one is retried; one session carries a batch")
    func refusalsAndRetries() async throws {
        let server = try SMTPServer(mode: "starttls", folder: folder)
        let refused = await try action(server, to: ["nobody@bank.example"]).deliver(insight)
        #expect(refused == .rejected(reason: "localhost refused the recipient nobody@bank.example: 550 5.1.1 no such user here"))
        let busy = await try action(server, to: ["busy@bank.example"]).deliver(insight)
        guard case .delivered = busy else {
            Issue.record("expected delivered after a retry, got \(busy)")
            return
        }
        let batch = (0..<5).map { index in
            Delivery(id: "ins-\(index)/retention-team/0-email", audience: "retention-team", action: "retention-team/0-email", kind: .insight, insights: ["ins-\(index)"], body: "{}")
        }
        let receipts = await try action(server).deliver(batch: batch)
        #expect(receipts.allSatisfy { if case .delivered = $0 { true } else { false } })
        #expect(server.received.count == 6)
    }

    @Test("without TLS, xi will not send the password in clear text; starttls: required refuses the server")
    func noClearTextPasswords() async throws {
        let server = try SMTPServer(mode: "plain", folder: folder)
        guard case .rejected(let reason) = await try action(server).deliver(insight) else {
            Issue.record("a password went over a plain session")
            return
        }
        #expect(reason.contains("will not send the password in clear text"))
        guard case .rejected(let required) = await try action(server, user: nil, options: ["starttls": .string("required")]).deliver(insight) else {
            Issue.record("starttls: required accepted a server without STARTTLS")
            return
        }
        #expect(required.contains("does not offer STARTTLS"))
        guard case .delivered = await try action(server, user: nil).deliver(insight) else {
            Issue.record("no delivery to an open server")
            return
        }
        #expect(server.received.first?["tls"] as? Bool == false)
    }

    @Test("a server that is down leaves the delivery pending, with the reason")
    func serverDown() async throws {
        let action = try EmailAction(context: PluginContext(
            name: "retention-team/0-email",
            options: ["smtp_url": .string("smtp://127.0.0.1:9"), "from": .string("xi@bank.example"), "to": .string("a@bank.example"), "retries": .integer(1), "backoff": .string("0s")],
            configurationFolder: folder.path, stateFolder: folder.path, environment: [:]))
        guard case .retry(let reason, _) = await action.deliver(insight) else {
            Issue.record("expected a retry")
            return
        }
        #expect(reason.contains("cannot connect to 127.0.0.1:9"))
        #expect(reason.contains("(2 tries)"))
    }

    @Test("passes the test kit's action conformance check against the server")
    func conforms() async throws {
        let server = try SMTPServer(mode: "starttls", folder: folder)
        let made = try action(server)
        let failures = await ActionConformance.check(makeAction: { made })
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("options that cannot work are reported when the configuration loads, without the secret URL")
    func badOptions() {
        func message(_ options: [String: ConfigurationValue]) -> String {
            do {
                _ = try EmailAction(context: PluginContext(name: "team/0-email", options: options, configurationFolder: "/", stateFolder: "/", environment: ["URL": "http://user:T0P@host"]))
                return "accepted"
            } catch {
                return error.message
            }
        }
        #expect(message(["smtp_url": .string("${URL}"), "from": .string("xi@bank.example"), "to": .string("a@b.example")]).contains("must be smtp://"))
        #expect(!message(["smtp_url": .string("${URL}"), "from": .string("xi@bank.example"), "to": .string("a@b.example")]).contains("T0P"))
        #expect(message(["smtp_url": .string("smtp://h"), "from": .string("xi"), "to": .string("a@b.example")]).contains("'from'"))
        #expect(message(["smtp_url": .string("smtp://h"), "from": .string("xi@b.example"), "to": .list([])]).contains("'to'"))
        #expect(message(["smtp_url": .string("smtp://h"), "from": .string("xi@b.example"), "to": .string("a@b.example"), "subject": .string("{{#x}}")]).contains("not a valid Mustache template"))
    }
}
