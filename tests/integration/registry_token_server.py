#!/usr/bin/env python3
"""A token service for a docker-registry configured with `auth: token:` (the Docker registry token
authentication: https://distribution.github.io/distribution/spec/auth/token/), for the tests that check
Flotilla's bearer-token flow against a real registry.

GET /token?service=…&scope=repository:name:pull,push[&scope=…] with HTTP Basic credentials answers
{"token": <JWT>, "access_token": <JWT>, "expires_in": …}. The JWT is signed RS256 with the given key, its
certificate in the `x5c` header; the registry trusts it through `rootcertbundle`.
  - the right user and password: every action asked for, on every repository and on the catalogue;
  - no credentials: `pull` only (so a push is refused by the registry);
  - a wrong user or password: 401.
Signing uses the openssl command line (the standard library has no RSA). Each request is logged to stderr
without its credentials.

Usage: registry_token_server.py PORT KEY.pem CERT.pem ISSUER SERVICE USER PASSWORD [LIFETIME_SECONDS]
"""
import base64
import hmac
import http.server
import json
import os
import subprocess
import sys
import time
import urllib.parse


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main() -> None:
    port, key, cert, issuer, service, user, password = sys.argv[1:8]
    lifetime = int(sys.argv[8]) if len(sys.argv) > 8 else 300
    der = subprocess.run(["openssl", "x509", "-in", cert, "-outform", "DER"], check=True,
                         capture_output=True).stdout
    header = b64url(json.dumps({"typ": "JWT", "alg": "RS256",
                                "x5c": [base64.b64encode(der).decode()]}).encode())

    def sign(claims: dict) -> str:
        payload = header + "." + b64url(json.dumps(claims).encode())
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=payload.encode(),
                                   check=True, capture_output=True).stdout
        return payload + "." + b64url(signature)

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):  # the request line only: no credentials are in it
            sys.stderr.write("token: " + (fmt % args) + "\n")

        def answer(self, status: int, body: dict, extra=()) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urllib.parse.urlparse(self.path)
            if url.path != "/token":
                return self.answer(404, {"errors": [{"code": "NOT_FOUND"}]})
            query = urllib.parse.parse_qs(url.query)
            subject = ""
            authorization = self.headers.get("Authorization", "")
            if authorization.lower().startswith("basic "):
                try:
                    given_user, _, given_password = base64.b64decode(authorization[6:]).decode().partition(":")
                except ValueError:
                    given_user, given_password = "", ""
                if not (hmac.compare_digest(given_user, user) and hmac.compare_digest(given_password, password)):
                    return self.answer(401, {"details": "incorrect username or password"},
                                       [("WWW-Authenticate", 'Basic realm="flotilla-test-token"')])
                subject = user
            access = []
            for scope in " ".join(query.get("scope", [])).split():
                kind, _, rest = scope.partition(":")
                name, _, actions = rest.rpartition(":")
                wanted = [a for a in actions.split(",") if a]
                granted = wanted if subject else [a for a in wanted if a == "pull"]
                access.append({"type": kind, "name": name, "actions": granted})
            now = int(time.time())
            token = sign({"iss": issuer, "sub": subject, "aud": query.get("service", [service])[0],
                          "exp": now + lifetime, "nbf": now - 10, "iat": now,
                          "jti": b64url(os.urandom(12)), "access": access})
            self.answer(200, {"token": token, "access_token": token, "expires_in": lifetime,
                              "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))})

    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
