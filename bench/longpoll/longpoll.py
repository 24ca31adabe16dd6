#!/usr/bin/env python3
"""Holds many snapshot long-polls open on a running control plane, publishes a version, and measures how
long each held poll takes to receive the new snapshot.

Usage: longpoll.py HOST:PORT DATA_DIR PID [--polls N] [--wait SECONDS] [--batch N]

HOST:PORT is the control plane's REST address, DATA_DIR its data directory (for admin.token and node.token)
and PID its process id (for the resident memory read from /proc). Only the standard library is used.
"""

import argparse
import asyncio
import json
import statistics
import sys
import time


def read_token(data_dir, name):
    with open(f"{data_dir}/{name}") as file:
        return file.read().strip()


def resident_kib(pid):
    with open(f"/proc/{pid}/status") as file:
        for line in file:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


class AdminConnection:
    """One keep-alive connection for admin calls, answered one at a time."""

    def __init__(self, host, port, token):
        self.host, self.port, self.token = host, port, token
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def call(self, method, path, body=None, token=None):
        payload = b"" if body is None else json.dumps(body).encode()
        head = [f"{method} {path} HTTP/1.1", f"host: {self.host}", f"authorization: Bearer {token or self.token}"]
        if body is not None:
            head += ["content-type: application/json", f"content-length: {len(payload)}"]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
        status, headers = await read_head(self.reader)
        length = int(headers.get("content-length", "0"))
        data = await self.reader.readexactly(length) if length else b""
        return status, headers, data


async def read_head(reader):
    raw = await reader.readuntil(b"\r\n\r\n")
    lines = raw.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return status, headers


class Poll(asyncio.Protocol):
    """One held snapshot poll; records when its whole answer arrived."""

    def __init__(self, request, done):
        self.request, self.done = request, done
        self.buffer = b""
        self.status = None
        self.finished_at = None
        self.etag = None

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data):
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0 or self.finished_at is not None:
            return
        head = self.buffer[:end].decode("latin-1").split("\r\n")
        length = 0
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
            elif name.strip().lower() == "etag":
                self.etag = value.strip()
        if len(self.buffer) - end - 4 < length:
            return
        self.finished_at = time.monotonic()
        self.status = int(head[0].split(" ")[1])
        self.transport.close()
        self.done(self)

    def connection_lost(self, exc):
        if self.finished_at is None:
            self.finished_at = time.monotonic()
            self.status = -1
            self.done(self)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("address")
    parser.add_argument("data_dir")
    parser.add_argument("pid", type=int)
    parser.add_argument("--polls", type=int, default=10_000)
    parser.add_argument("--wait", type=int, default=120)
    parser.add_argument("--batch", type=int, default=500)
    options = parser.parse_args()
    host, port = options.address.rsplit(":", 1)
    port = int(port)
    admin_token = read_token(options.data_dir, "admin.token")
    node_token = read_token(options.data_dir, "node.token")

    # The admin connection is opened before the polls and kept alive, so that admin calls still get through if
    # the polls fill the control plane's connection limit; a fresh connection is tried separately below.
    admin = AdminConnection(host, port, admin_token)
    await admin.open()
    await admin.call("PUT", "/v1/services/users", {})
    await admin.call("PUT", "/v1/routes/users", {"match": {"path_prefix": "/users"}, "service": "users"})
    status, _, body = await admin.call("POST", "/v1/versions", {"message": "bench 1"})
    assert status in (200, 201), (status, body)
    status, headers, _ = await admin.call("GET", "/v1/nodes/node-0/snapshot", token=node_token)
    etag = headers["etag"]
    print(f"current snapshot etag {etag}")
    rss_before = resident_kib(options.pid)

    loop = asyncio.get_running_loop()
    answered = []
    all_answered = loop.create_future()

    def done(poll):
        answered.append(poll)
        if len(answered) == options.polls and not all_answered.done():
            all_answered.set_result(None)

    polls = []
    started = time.monotonic()
    for first in range(0, options.polls, options.batch):
        batch = []
        for index in range(first, min(first + options.batch, options.polls)):
            request = (
                f"GET /v1/nodes/node-{index}/snapshot HTTP/1.1\r\nhost: {host}\r\n"
                f"authorization: Bearer {node_token}\r\nif-none-match: {etag}\r\n"
                f"prefer: wait={options.wait}\r\ngatehouse-node-labels: bench=longpoll\r\n\r\n"
            ).encode()
            batch.append(loop.create_connection(lambda r=request: Poll(r, done), host, port))
        for transport, protocol in await asyncio.gather(*batch):
            polls.append(protocol)

    held = 0
    while held < options.polls:
        _, _, metrics = await admin.call("GET", "/metrics")
        for line in metrics.decode().splitlines():
            if line.startswith("gatehouse_control_long_polls "):
                held = int(float(line.split()[1]))
        if answered:
            sys.exit(f"{len(answered)} polls were answered before the publish (status {answered[0].status})")
        if held < options.polls:
            await asyncio.sleep(0.1)
    print(f"{held} polls held after {time.monotonic() - started:.2f} s")
    rss_held = resident_kib(options.pid)

    # A new connection while the polls are held: does the control plane still take admin calls?
    try:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(f"GET /healthz HTTP/1.1\r\nhost: {host}\r\n\r\n".encode())
        status, _ = await asyncio.wait_for(read_head(reader), 5)
        fresh = f"answered {status}"
        writer.close()
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError) as error:
        fresh = f"failed ({type(error).__name__})"
    print(f"a new connection with {held} polls held: {fresh}")

    await admin.call("PUT", "/v1/services/orders", {})
    sent = time.monotonic()
    status, _, body = await admin.call("POST", "/v1/versions", {"message": "bench 2"})
    published = time.monotonic()
    assert status == 201, (status, body)
    await asyncio.wait_for(all_answered, 60)

    statuses = {}
    for poll in answered:
        statuses[poll.status] = statuses.get(poll.status, 0) + 1
    from_response = [(poll.finished_at - published) * 1000 for poll in answered if poll.status == 200]
    from_request = [(poll.finished_at - sent) * 1000 for poll in answered if poll.status == 200]
    etags = {poll.etag for poll in answered if poll.status == 200}
    print(f"answers by status {statuses}, etags {sorted(etags)}")
    print(f"publish call took {(published - sent) * 1000:.1f} ms")
    for label, values in (("from the publish's response", from_response), ("from the publish's request", from_request)):
        print(
            f"poll answer time {label}: p50 {statistics.median(values):.1f} ms, "
            f"p99 {percentile(values, 0.99):.1f} ms, max {max(values):.1f} ms, min {min(values):.1f} ms"
        )
    print(
        f"control plane RSS: {rss_before / 1024:.1f} MiB before the polls, "
        f"{rss_held / 1024:.1f} MiB with {held} held ({(rss_held - rss_before) / held:.2f} KiB per poll)"
    )


if __name__ == "__main__":
    asyncio.run(main())
