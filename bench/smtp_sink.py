"""A minimal, fast SMTP sink for the mail benchmark.

It speaks just enough SMTP for smtplib and Django's SMTP backend (EHLO,
HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), accepts every message, and counts
the messages and how often each recipient got one. aiosmtpd parses every
command and message with more machinery than a benchmark needs; here a
message costs a few dictionary updates, so the sink takes little of the
machine the workers share.

Three extra commands let the benchmark read and reset the counts over the
same port (one line each, never sent by a mail client):

- ``XSTAT``: ``250 {"messages": n, "recipients": distinct, "last_at": t}``,
  where ``t`` is the ``time.monotonic()`` of the last message (comparable
  between processes of one machine);
- ``XDUMP``: ``250 {"address": count, ...}``;
- ``XRESET``: forget everything counted so far.

Run it with ``python -m bench.smtp_sink [--port N]``: it prints
``ready <port>`` once it listens.
"""

import argparse
import asyncio
import json
import sys
import time
from collections import Counter


class Tally:
    """What the sink received since the last reset."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.messages = 0
        self.recipients = Counter()
        self.last_at = 0.0

    def add(self, recipients: list[str]):
        self.messages += 1
        for address in recipients:
            self.recipients[address] += 1
        self.last_at = time.monotonic()

    def stats(self) -> dict:
        return {
            "messages": self.messages,
            "recipients": len(self.recipients),
            "last_at": self.last_at,
        }


def _address(argument: bytes) -> str:
    # "TO:<a@b.c> SIZE=123" -> "a@b.c"
    start, end = argument.find(b"<"), argument.find(b">")
    value = argument[start + 1 : end] if 0 <= start < end else argument.split(b":", 1)[-1]
    return value.strip().decode("utf-8", "replace").lower()


class SinkProtocol(asyncio.Protocol):
    def __init__(self, tally: Tally):
        self.tally = tally
        self.buffer = b""
        self.in_data = False
        self.recipients: list[str] = []

    def connection_made(self, transport):
        self.transport = transport
        transport.write(b"220 bench-sink ESMTP\r\n")

    def data_received(self, data):
        self.buffer += data
        replies = []
        while self.buffer:
            if self.in_data:
                # The message ends with CRLF.CRLF; its body is never parsed.
                if self.buffer.startswith(b".\r\n"):  # an empty message
                    skip = 3
                else:
                    end = self.buffer.find(b"\r\n.\r\n")
                    if end < 0:
                        break
                    skip = end + 5
                self.buffer = self.buffer[skip:]
                self.in_data = False
                self.tally.add(self.recipients)
                self.recipients = []
                replies.append(b"250 OK queued\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                break
            line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
            reply = self.command(line)
            if reply is None:
                replies.append(b"221 Bye\r\n")
                self.transport.write(b"".join(replies))
                self.transport.close()
                return
            replies.append(reply)
        if replies:
            self.transport.write(b"".join(replies))

    def command(self, line: bytes) -> bytes | None:
        verb, _space, argument = line.partition(b" ")
        verb = verb.upper()
        if verb == b"RCPT":
            self.recipients.append(_address(argument))
            return b"250 OK\r\n"
        if verb == b"MAIL":
            self.recipients = []
            return b"250 OK\r\n"
        if verb == b"DATA":
            self.in_data = True
            return b"354 End data with <CR><LF>.<CR><LF>\r\n"
        if verb == b"EHLO":
            return b"250-bench-sink\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 SMTPUTF8\r\n"
        if verb in (b"HELO", b"NOOP"):
            return b"250 OK\r\n"
        if verb == b"RSET":
            self.recipients = []
            return b"250 OK\r\n"
        if verb == b"QUIT":
            return None
        if verb == b"XSTAT":
            return b"250 " + json.dumps(self.tally.stats()).encode() + b"\r\n"
        if verb == b"XDUMP":
            return b"250 " + json.dumps(dict(self.tally.recipients)).encode() + b"\r\n"
        if verb == b"XRESET":
            self.tally.reset()
            return b"250 OK\r\n"
        return b"500 Unknown command\r\n"


async def serve(host: str, port: int) -> None:
    tally = Tally()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SinkProtocol(tally), host, port, backlog=128)
    bound = server.sockets[0].getsockname()[1]
    print(f"ready {bound}", flush=True)
    async with server:
        await server.serve_forever()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    try:
        asyncio.run(serve(args.host, args.port))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
