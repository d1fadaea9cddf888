#!/usr/bin/env python3
"""A throwaway RFC 3161 timestamp server for installer/test-package.sh (CI has no internet).

    test-tsa.py DIR     serves on 127.0.0.1, a free port, printed on the first line of standard output

DIR holds tsa.cnf, tsa.pem and tsa.key (made by the test with openssl). Each POSTed timestamp query
is answered by `openssl ts -reply`; the server stops when it is killed. For tests only.
"""
import http.server
import os
import subprocess
import sys
import tempfile

folder = sys.argv[1]


class TimestampHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        query = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with tempfile.TemporaryDirectory() as scratch:
            query_file = os.path.join(scratch, "query.tsq")
            reply_file = os.path.join(scratch, "reply.tsr")
            with open(query_file, "wb") as f:
                f.write(query)
            done = subprocess.run(
                ["openssl", "ts", "-reply", "-config", "tsa.cnf", "-queryfile", query_file,
                 "-signer", "tsa.pem", "-inkey", "tsa.key", "-out", reply_file],
                cwd=folder, capture_output=True)
            if done.returncode != 0:
                sys.stderr.write(done.stderr.decode(errors="replace"))
                self.send_response(500)
                self.end_headers()
                return
            with open(reply_file, "rb") as f:
                reply = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), TimestampHandler)
print(server.server_address[1], flush=True)
server.serve_forever()
