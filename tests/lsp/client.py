"""A minimal LSP client that drives the YAML language server over stdio.

Usage: /usr/bin/python3 tests/lsp/client.py SERVER FILE REQUEST...
SERVER is the server's command line (one string, split on spaces, run with
--stdio added), FILE a YAML file opened as it is on disk.  REQUEST is
  complete:LINE:COL   print 'complete LINE:COL: LABEL' for each completion item
  hover:LINE:COL      print 'hover LINE:COL: TEXT' (TEXT on one line)
  diagnostics         print 'diagnostic LINE:COL: MESSAGE' for each diagnostic
LINE and COL are 1-based, as hvnetc's diagnostics count them.  Exits 2 if
the server does not answer within the timeout.
"""
import json
import os
import select
import subprocess
import sys
import time

TIMEOUT = 30


class Server:
    def __init__(self, argv):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.buf = b""
        self.seq = 0
        self.diagnostics = None

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def request(self, method, params):
        self.seq += 1
        self.send({"id": self.seq, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.seq and "method" not in m)

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def read(self, deadline):
        """The next message, or None at the deadline."""
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                length = 0
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if len(rest) >= length:
                    self.buf = rest[length:]
                    return json.loads(rest[:length])
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.p.stdout], [], [], left)[0]:
                return None
            chunk = os.read(self.p.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buf += chunk

    def wait(self, want):
        deadline = time.monotonic() + TIMEOUT
        while True:
            m = self.read(deadline)
            if m is None:
                sys.stderr.write("lsp client: no answer from the server\n")
                sys.exit(2)
            self.handle(m)
            if want(m):
                return m

    def handle(self, m):
        """Answer the server's own requests; keep the diagnostics."""
        method = m.get("method")
        if method == "textDocument/publishDiagnostics":
            self.diagnostics = m["params"]["diagnostics"]
        elif method and "id" in m:
            result = None
            if method == "workspace/configuration":
                result = [settings()["yaml"] for _ in m["params"]["items"]]
            self.send({"id": m["id"], "result": result})


def settings():
    return {"yaml": {"validate": True, "hover": True, "completion": True,
                     "format": {"enable": False}, "schemaStore": {"enable": False}}}


def oneline(s):
    return " ".join(s.split())


def hovertext(result):
    if not result:
        return ""
    c = result.get("contents")
    if isinstance(c, dict):
        return c.get("value", "")
    if isinstance(c, list):
        return " ".join(x if isinstance(x, str) else x.get("value", "") for x in c)
    return c or ""


def main():
    server, path, requests = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3:]
    uri = "file://" + path
    with open(path, encoding="utf-8") as f:
        text = f.read()
    s = Server(server.split() + ["--stdio"])
    s.request("initialize", {"processId": os.getpid(), "rootUri": None,
                             "capabilities": {"textDocument": {
                                 "hover": {"contentFormat": ["plaintext", "markdown"]},
                                 "completion": {"completionItem": {"snippetSupport": False}},
                                 "publishDiagnostics": {}},
                                 "workspace": {"configuration": True}}})
    s.notify("initialized", {})
    s.notify("workspace/didChangeConfiguration", {"settings": settings()})
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml",
                                                       "version": 1, "text": text}})
    for r in requests:
        kind, _, at = r.partition(":")
        if kind == "diagnostics":
            deadline = time.monotonic() + TIMEOUT
            while s.diagnostics is None:
                m = s.read(deadline)
                if m is None:
                    sys.stderr.write("lsp client: no diagnostics from the server\n")
                    sys.exit(2)
                s.handle(m)
            for d in sorted(s.diagnostics, key=lambda d: (d["range"]["start"]["line"],
                                                          d["range"]["start"]["character"])):
                st = d["range"]["start"]
                print("diagnostic %d:%d: %s" % (st["line"] + 1, st["character"] + 1,
                                                oneline(d["message"])))
            continue
        line, col = (int(x) for x in at.split(":"))
        pos = {"textDocument": {"uri": uri}, "position": {"line": line - 1, "character": col - 1}}
        if kind == "complete":
            res = s.request("textDocument/completion", pos).get("result") or []
            items = res.get("items", []) if isinstance(res, dict) else res
            for it in items:
                print("complete %s: %s" % (at, it["label"]))
        elif kind == "hover":
            res = s.request("textDocument/hover", pos).get("result")
            print("hover %s: %s" % (at, oneline(hovertext(res))))
        else:
            sys.stderr.write("lsp client: unknown request %s\n" % r)
            sys.exit(2)
    s.request("shutdown", None)
    s.notify("exit", None)
    s.p.wait(timeout=TIMEOUT)


if __name__ == "__main__":
    main()
