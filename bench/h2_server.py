"""Serve a built site over HTTPS and HTTP/2, as GitHub Pages does, for the benchmark.

The test server (tools/pages_server.py) speaks HTTP/1.0: one connection per file.
Lighthouse's phone simulation charges each new connection its handshakes at a slow
phone's round-trip time, so a page of ten files read slower than it is on GitHub Pages,
which sends them all over one HTTP/2 connection. This server gives the same answers as
the test server (sub-path, 404 page, redirects, gzip), through Hypercorn. Hand-written
because Hypercorn serves an app, not a folder, and no file server answers as GitHub Pages does.
"""

import asyncio
import os
import ssl
import subprocess
import threading
from pathlib import Path

from hypercorn.asyncio import serve
from hypercorn.config import Config

from tools.pages_server import PagesServer


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1, made with openssl; Chromium runs with --ignore-certificate-errors."""
    certificate, key = folder / "certificate.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    return certificate, key


class H2PagesServer(PagesServer):
    """The test server's answers over HTTP/2 with TLS, on the loopback port it has bound."""

    def __init__(self, prefix: str, certificate: tuple[Path, Path]):
        super().__init__(prefix)
        self.config = Config()
        self.config.bind = [f"fd://{os.dup(self.fileno())}"]  # a copy, which Hypercorn closes when it stops
        self.config.certfile, self.config.keyfile = (str(path) for path in certificate)
        self.config.loglevel = "WARNING"
        self.stopped = asyncio.Event()
        self.thread = threading.Thread(target=asyncio.run, args=(self.serve(),), daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.server_address[1]}{self.prefix}"

    async def serve(self):
        self.loop = asyncio.get_running_loop()
        self.loop.set_exception_handler(self.handle_exception)
        await serve(self.app, self.config, shutdown_trigger=self.stopped.wait)

    @staticmethod
    def handle_exception(loop: asyncio.AbstractEventLoop, context: dict):
        """A browser that hangs up while TLS closes is normal; anything else is reported."""
        if not isinstance(context.get("exception"), ssl.SSLError | ConnectionError):
            loop.default_exception_handler(context)

    async def app(self, scope, receive, send):
        """An ASGI app: Hypercorn's lifespan messages, then one file per request."""
        if scope["type"] == "lifespan":
            while (await receive())["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        target = scope["raw_path"].decode() + (f"?{scope['query_string'].decode()}" if scope["query_string"] else "")
        accepted = dict(scope["headers"]).get(b"accept-encoding", b"")
        status, headers, body = self.response(target, b"gzip" in accepted)
        start = [(name.lower().encode(), value.encode()) for name, value in headers]
        await send({"type": "http.response.start", "status": status, "headers": start})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    def start(self) -> "H2PagesServer":
        self.thread.start()
        return self

    def stop(self):
        self.loop.call_soon_threadsafe(self.stopped.set)
        self.thread.join()
        self.server_close()
