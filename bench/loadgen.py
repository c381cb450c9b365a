"""A small closed-loop HTTP/1.1 load generator (run as its own process, so it does not share the server's GIL).

Usage: python bench/loadgen.py URL [URL ...] --connections 32 --seconds 10 [--warmup 2]
With several URLs each connection goes through them in turn (each from its own starting point).
Prints one JSON object: requests, errors, rps, p50_ms, p90_ms, p99_ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from urllib.parse import urlsplit


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> bytes:
    """Send one request on a keep-alive connection and read the whole response; return its status line."""
    writer.write(request)
    await writer.drain()
    status = await reader.readline()
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    if length:
        await reader.readexactly(length)
    return status


async def worker(
    host: str,
    port: int,
    requests: list[bytes],
    stop_at: float,
    record_from: float,
    latencies: list[float],
    errors: list[int],
    reconnects: list[int],
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    turn = 0
    try:
        while True:
            start = time.perf_counter()
            if start >= stop_at:
                return
            request = requests[turn % len(requests)]
            turn += 1
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            if not status_line:
                # The server closed an idle keep-alive connection: reconnect and send again, as browsers do.
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                reconnects.append(1)
                continue
            length, close, chunked = 0, False, False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
                elif name.lower() == "connection" and value.strip().lower() == "close":
                    close = True
                elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
                    chunked = True
            if chunked:
                while size := int((await reader.readline()).split(b";")[0], 16):
                    await reader.readexactly(size + 2)
                await reader.readline()
            elif length:
                await reader.readexactly(length)
            end = time.perf_counter()
            ok = status_line.split(b" ")[1:2] == [b"200"]
            if start >= record_from:
                if ok:
                    latencies.append(end - start)
                else:
                    errors.append(1)
            if close:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


async def run(
    url: str | list[str], connections: int, seconds: float, warmup: float, cookie: str = ""
) -> dict[str, float]:
    urls = [url] if isinstance(url, str) else url
    parts = urlsplit(urls[0])
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    requests = []
    for each in urls:
        split = urlsplit(each)
        path = split.path + (f"?{split.query}" if split.query else "")
        requests.append(
            (
                f"GET {path} HTTP/1.1\r\nHost: {split.netloc}\r\nAccept-Language: en\r\nUser-Agent: dauys-bench\r\n"
                + (f"Cookie: {cookie}\r\n" if cookie else "")
                + "\r\n"
            ).encode()
        )
    now = time.perf_counter()
    record_from, stop_at = now + warmup, now + warmup + seconds
    latencies: list[float] = []
    errors: list[int] = []
    reconnects: list[int] = []
    await asyncio.gather(
        *(
            worker(
                host,
                port,
                requests[i % len(requests) :] + requests[: i % len(requests)],
                stop_at,
                record_from,
                latencies,
                errors,
                reconnects,
            )
            for i in range(connections)
        )
    )
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000, 2) if latencies else 0.0

    return {
        "requests": len(latencies),
        "errors": len(errors),
        "reconnects": len(reconnects),
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url", nargs="+")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--cookie", default="", help="a Cookie header value, e.g. sessionid=...")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.url, args.connections, args.seconds, args.warmup, args.cookie))))


if __name__ == "__main__":
    main()
