#!/usr/bin/env python3
"""A test double of Microsoft for supportgate's forwarder: one HTTPS server (HTTP/1.1
keep-alive, a thread per connection) on one port serving the authority (login), Azure
Resource Manager's Support API and Partner Center's service requests, plus a control
API under /_double/. See README.md beside it.

    double.py --state DIR [--port N] [--config FILE] [--openapi DIR] [--verbose]
"""
import argparse
import http.server
import json
import os
import random
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from authority import AadError, Authority  # noqa: E402
from control import Control  # noqa: E402
from openapi_documents import Documents  # noqa: E402
from partner_center import PartnerCenter  # noqa: E402
from support_api import Answer, SupportApi  # noqa: E402
from test_ca import make_certificates  # noqa: E402
from world import World  # noqa: E402


class Request:
    def __init__(self, handler, body, kind):
        split = urllib.parse.urlsplit(handler.path)
        self.method = handler.command
        self.url_path = split.path
        self.path = urllib.parse.unquote(split.path)
        self.query_all = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        self.query = {k: v[0] for k, v in self.query_all.items()}
        self.headers = handler.headers
        self.body = body
        host = handler.headers.get("Host") or f"127.0.0.1:{handler.server.server_address[1]}"
        self.base = f"https://{host}"
        self.url = self.base + handler.path
        self.kind = kind
        self.once_fault = None
        self.force_expired = False

    def summary(self):
        return {"method": self.method, "path": self.url_path, "kind": self.kind}


def classify(method, path):
    lower = path.lower()
    if lower.startswith("/_double/"):
        return "control"
    parts = [p for p in lower.split("/") if p]
    if lower.startswith("/v1/"):
        return PartnerCenter.kind(path)
    if parts[:1] in (["subscriptions"], ["providers"]):
        if len(parts) >= 2 and parts[-2] in ("operationsstatus", "operationresults"):
            return "arm-poll"
        if lower.endswith("/checknameavailability"):
            return "arm-check-name"
        if "supporttickets" in parts:
            return {"PUT": "arm-create", "GET": "arm-get"}.get(method, "arm-other")
        return "arm-other"
    if len(parts) == 4 and parts[1:] == ["oauth2", "v2.0", "token"]:
        return "token"
    if lower == "/common/discovery/instance" or lower.endswith("/.well-known/openid-configuration") \
            or lower.endswith("/discovery/v2.0/keys"):
        return "discovery"
    return "unknown"


def reset(sock):
    """Ends the connection with a TCP RST: the client sees a reset, never an answer."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "supportgate-microsoft-double"
    timeout = 120
    was_reset = False

    def do_GET(self):
        self.dispatch()

    do_PUT = do_POST = do_PATCH = do_DELETE = do_GET

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("double: %s %s\n" % (self.address_string(), fmt % args))

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def dispatch(self):
        app = self.server.app
        body = self.read_body()
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        kind = classify(self.command, path)
        request = Request(self, body, kind)
        world = app.world
        world.count(kind)
        if kind != "control":
            if time.time() < world.down_until:
                return self.reset_connection()
            latency = world.setting("latencyMs")
            if latency:
                time.sleep(latency / 1000.0)
            fault = app.pick_fault(request)
            if fault == "reset":
                return self.reset_connection()
            if fault in ("429", "500", "503"):
                return self.answer(app.fault_answer(request, fault), kind)
            if fault == "expiredToken":
                request.force_expired = True
            elif fault is not None:
                request.once_fault = fault
        answer = app.route(request)
        if answer.reset:
            world.count_answer(kind, "reset")
            return self.reset_connection()
        self.answer(answer, kind)

    def answer(self, answer, kind):
        self.server.app.world.count_answer(kind, answer.status)
        payload = b"" if answer.body is None else json.dumps(answer.body).encode()
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if answer.body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        # Head and body leave in one write: two small writes meet Nagle's algorithm and the
        # client's delayed ACK, 40 ms per answer.
        self._headers_buffer.append(b"\r\n" + payload)
        self.flush_headers()

    def reset_connection(self):
        self.was_reset = True
        self.close_connection = True
        reset(self.connection)

    def finish(self):
        if not self.was_reset:
            super().finish()


class App:
    def __init__(self, world, documents, port_holder):
        self.world = world
        self.authority = Authority(world)
        self.support = SupportApi(world, self.authority, documents)
        self.partner_center = PartnerCenter(world, self.authority)
        self.control = Control(world, self.support)
        self.port_holder = port_holder
        seed = world.setting("faultSeed")
        self.random = random.Random(seed)

    def own_hosts(self):
        return {"localhost", "127.0.0.1", "::1"}

    def pick_fault(self, request):
        with self.world.lock:
            for index, entry in enumerate(self.world.once_faults):
                if entry["kind"] in ("any", request.kind):
                    if entry["fault"] in ("resetAfterCreate", "asyncFailed") and request.kind != "arm-create":
                        continue
                    del self.world.once_faults[index]
                    if entry["fault"] not in ("resetAfterCreate", "asyncFailed"):
                        self.world.count_fault(entry["fault"])
                    return entry["fault"]
        if request.kind not in self.world.setting("faultKinds"):
            return None
        faults = self.world.setting("faults")
        draw = self.random.random()
        for fault in ("429", "500", "503", "expiredToken"):
            probability = faults.get(fault, 0.0)
            if fault == "expiredToken" and request.kind in ("token", "discovery"):
                continue
            if draw < probability:
                self.world.count_fault(fault)
                return fault
            draw -= probability
        return None

    def fault_answer(self, request, fault):
        status = int(fault)
        headers = {"Retry-After": str(int(self.world.setting("retryAfterSeconds")))} if status in (429, 503) else {}
        message = {429: "Too many requests (injected by the double).", 500: "Internal server error (injected by the double).",
                   503: "Service unavailable (injected by the double)."}[status]
        if request.kind == "token":
            code = {429: 50196, 500: 90033, 503: 90033}[status]
            error = "temporarily_unavailable" if status != 500 else "server_error"
            return Answer(status, AadError(status, error, code, message).body(request.base), headers)
        if request.kind.startswith("pc-"):
            return Answer(status, {"code": status, "description": message, "data": [], "source": "PartnerFD"}, headers)
        code = {429: "TooManyRequests", 500: "InternalServerError", 503: "ServiceUnavailable"}[status]
        return Answer(status, {"error": {"code": code, "message": message}}, headers)

    def route(self, request):
        kind = request.kind
        if kind == "control":
            return self.control.handle(request)
        if kind.startswith("arm-"):
            return self.support.handle(request)
        if kind.startswith("pc-"):
            return self.partner_center.handle(request)
        try:
            if kind == "token":
                if request.method != "POST":
                    raise AadError(405, "invalid_request", 900561, "The endpoint only accepts POST requests.")
                media = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
                if media != "application/x-www-form-urlencoded":
                    raise AadError(400, "invalid_request", 900144,
                                   "The request body must contain the following parameter: 'grant_type'. "
                                   "(The body must be application/x-www-form-urlencoded.)")
                form = {k: v[0] for k, v in urllib.parse.parse_qs(request.body.decode("utf-8", "replace")).items()}
                tenant = request.path.strip("/").split("/")[0]
                return Answer(200, self.authority.token(tenant, form, request.headers.get("Authorization")),
                              {"Cache-Control": "no-store, no-cache", "Pragma": "no-cache"})
            if kind == "discovery":
                return self.discovery(request)
        except AadError as error:
            if error.violation:
                self.world.violation(error.violation, f"{error.error} AADSTS{error.code}: {error.message}", request.summary())
            return Answer(error.status, error.body(request.base))
        return Answer(404, {"error": {"code": "NotFound", "message": f"The double serves nothing at {request.path}."}})

    def discovery(self, request):
        lower = request.path.lower()
        if lower == "/common/discovery/instance":
            return Answer(200, self.authority.instance_discovery(request.query, request.base, self.own_hosts()))
        tenant = request.path.strip("/").split("/")[0]
        if lower.endswith("/discovery/v2.0/keys"):
            return Answer(200, {"keys": []})
        return Answer(200, self.authority.openid_configuration(tenant, request.base))


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256
    allow_reuse_address = True

    def finish_request(self, request, client_address):
        # The TLS handshake runs here, in the connection's own thread, so a slow or
        # silent client never holds up accept().
        if time.time() < self.app.world.down_until:
            return reset(request)
        try:
            request.settimeout(Handler.timeout)
            request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            tls = self.tls.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError):
            return reset(request)
        try:
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            try:
                tls.close()
            except OSError:
                pass

    def handle_error(self, request, client_address):
        # A client that goes away mid-answer (a test killing the forwarder) is routine;
        # anything else is the double's own bug and is shown.
        if self.verbose or not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)

    def shutdown_request(self, request):
        try:
            request.close()
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--state", required=True, help="folder for the state, the certificates and the port file")
    parser.add_argument("--port", type=int, default=0, help="0: any free port (written to STATE/port)")
    parser.add_argument("--config", help="JSON: the world (README.md)")
    parser.add_argument("--openapi", default=os.path.join(HERE, "..", "Fixtures", "azure-support-api", "openapi"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.state, exist_ok=True)
    key, cert = make_certificates(args.state)
    documents = Documents(args.openapi)
    world = World(args.state)
    if args.config:
        with open(args.config, encoding="utf-8") as f:
            world.extend(json.load(f))
    port_holder = [0]
    server = Server(("127.0.0.1", args.port), Handler)
    port_holder[0] = server.server_address[1]
    server.verbose = args.verbose
    server.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.tls.minimum_version = ssl.TLSVersion.TLSv1_2
    server.tls.load_cert_chain(cert, key)
    server.tls.set_alpn_protocols(["http/1.1"])
    server.app = App(world, documents, port_holder)
    port_file = os.path.join(args.state, "port")
    with open(port_file + ".tmp", "w") as f:
        f.write(f"{port_holder[0]}\n")
    os.replace(port_file + ".tmp", port_file)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"double: listening on https://127.0.0.1:{port_holder[0]} (state {args.state})", file=sys.stderr, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        world.close()
        try:
            os.unlink(port_file)
        except OSError:
            pass


if __name__ == "__main__":
    main()
