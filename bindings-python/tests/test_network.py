"""Proxies and CA bundles reach the core from Python's settings."""

from __future__ import annotations

import socket
import threading
from typing import List, Tuple

import pytest

import alternative_payments as ap
from conftest import Sandbox


def forward_proxy() -> Tuple[str, List[str]]:
    """A loopback HTTP forward proxy that records each connection's first request line."""
    listener = socket.create_server(("127.0.0.1", 0))
    seen: List[str] = []

    def relay(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            target.close()

    def serve() -> None:
        while True:
            client, _ = listener.accept()
            head = client.recv(65536)
            line = head.split(b"\r\n", 1)[0].decode()
            seen.append(line)
            host = line.split(" ")[1].removeprefix("http://").split("/", 1)[0]
            name, port = host.rsplit(":", 1)
            upstream = socket.create_connection((name, int(port)))
            upstream.sendall(head)
            threading.Thread(target=relay, args=(client, upstream), daemon=True).start()
            threading.Thread(target=relay, args=(upstream, client), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}", seen


def test_calls_go_through_the_proxy_setting(sandbox: Sandbox) -> None:
    url, seen = forward_proxy()
    client = sandbox.client(proxy=url)
    client.customers.list_page()
    assert any(line.startswith("POST http://") and "/oauth/token" in line for line in seen), seen


def test_a_missing_ca_bundle_or_a_bad_proxy_is_a_configuration_error(sandbox: Sandbox) -> None:
    with pytest.raises(ap.ConfigurationError) as missing:
        sandbox.client(ca_bundle="/no/such/bundle.pem")
    assert missing.value.setting == "ca_bundle"
    with pytest.raises(ap.ConfigurationError) as proxy:
        sandbox.client(proxy="not a url:hunter2")
    assert proxy.value.setting == "proxy" and "hunter2" not in str(proxy.value)
