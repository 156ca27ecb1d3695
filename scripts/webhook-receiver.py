#!/usr/bin/env python3
"""A webhook receiver on 127.0.0.1 for trying xi's webhook action and for its end-to-end tests.

It records every request as one JSON line (idempotency key, Standard Webhooks headers, whether the
signature verifies, body) and can misbehave on purpose.

    scripts/webhook-receiver.py --port-file /tmp/port --log /tmp/requests.jsonl [--secret S]
        [--fail-first N]   answer 500 to the first N requests, then 200
        [--delay SECONDS]  wait before answering (to exceed the sender's timeout)

It binds port 0 (the system picks a free port) and writes the port to --port-file. Loopback only.
"""
import argparse
import base64
import hashlib
import hmac
import http.server
import json
import threading
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--secret", default="")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0)
    arguments = parser.parse_args()
    lock = threading.Lock()
    state = {"requests": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                state["requests"] += 1
                number = state["requests"]
            identifier = self.headers.get("webhook-id", "")
            timestamp = self.headers.get("webhook-timestamp", "")
            signature = self.headers.get("webhook-signature", "")
            verified = None
            if arguments.secret:
                key = arguments.secret.encode()
                if arguments.secret.startswith("whsec_"):
                    key = base64.b64decode(arguments.secret[len("whsec_"):])
                expected = base64.b64encode(hmac.new(key, f"{identifier}.{timestamp}.".encode() + body, hashlib.sha256).digest()).decode()
                verified = any(part == "v1," + expected for part in signature.split(" "))
            status = 500 if number <= arguments.fail_first else 200
            if arguments.delay:
                time.sleep(arguments.delay)
            record = {
                "number": number, "status": status, "idempotency_key": self.headers.get("Idempotency-Key"),
                "webhook_id": identifier, "verified": verified, "body": json.loads(body or b"null"),
            }
            with lock, open(arguments.log, "a") as log:
                log.write(json.dumps(record) + "\n")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": true}' if status == 200 else b'{"error": "try again"}')

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(arguments.port_file, "w") as port_file:
        port_file.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
