"""Serve a built site the way GitHub Pages does, for the tests and the benchmark.

Hand-written because Python's http.server knows neither a sub-path nor a custom
404 page. This one serves the site under /<repo>/, answers unknown paths with
404.html and status 404, redirects a folder without its slash, gzips text
when the client accepts it, and lets browsers keep each file for 10 minutes.
"""

import gzip
import mimetypes
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class PagesHandler(BaseHTTPRequestHandler):
    server: "PagesServer"

    def do_GET(self):
        self.respond(with_body=True)

    def do_HEAD(self):
        self.respond(with_body=False)

    def respond(self, with_body: bool):
        status, headers, body = self.server.response(self.path, "gzip" in self.headers.get("Accept-Encoding", ""))
        self.send_response(status)
        # linkchecker goes faster than 10 requests a second only for servers that send this.
        self.send_header("LinkChecker", "allowed")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class PagesServer(ThreadingHTTPServer):
    """A server on a free loopback port; set `root` before `start()`."""

    daemon_threads = True

    def __init__(self, prefix: str = "/", root: Path | None = None):
        super().__init__(("127.0.0.1", 0), PagesHandler)
        self.prefix = prefix
        self.root = root

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{self.prefix}"

    def resolve(self, path: str) -> tuple[int, Path | None]:
        not_found = (404, self.root / "404.html")
        if not (path + "/").startswith(self.prefix):
            return not_found
        target = (self.root / path[len(self.prefix) :]).resolve()
        if not target.is_relative_to(self.root.resolve()):
            return not_found
        if target.is_dir():
            if not path.endswith("/"):
                return 301, None
            target = target / "index.html"
        return (200, target) if target.is_file() else not_found

    def response(self, target: str, gzip_accepted: bool) -> tuple[int, list[tuple[str, str]], bytes]:
        """Status, headers and body for a GET of `target` (path and query), as GitHub Pages answers it."""
        url = urlsplit(target)
        status, path = self.resolve(unquote(url.path))
        if path is None:  # a folder without its slash
            return (
                301,
                [("Location", url.path + "/" + (f"?{url.query}" if url.query else "")), ("Content-Length", "0")],
                b"",
            )
        body = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = [("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))]
        if kind.startswith(COMPRESSED) and gzip_accepted:
            body = gzip.compress(body, mtime=0)
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        return status, [*headers, ("Content-Length", str(len(body))), ("Cache-Control", "max-age=600")], body

    def handle_error(self, request, client_address):
        """A browser that hangs up mid-response is normal; anything else is reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def start(self) -> "PagesServer":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.shutdown()
        self.server_close()
