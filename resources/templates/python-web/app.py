"""A small web service: answers on port 5000 with its name, version and host."""
import os
import socket

from flask import Flask, jsonify

app = Flask(__name__)
VERSION = os.environ.get("APP_VERSION", "1.0.0")


@app.get("/")
def index():
    return jsonify(service="python-web", version=VERSION, host=socket.gethostname())


@app.get("/healthz")
def healthz():
    return "ok"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))
