#!/usr/bin/python3
"""A third-party-style ELM327 client for bayscan-sim's pty, written the way common Python OBD
libraries talk to an adapter: plain os.read/os.write on the serial device, ATZ and wait for the
'>' prompt, echo off, headers on, automatic protocol, then VIN (09 02), stored codes (03) and
monitor status (01 01). Standard library only, so it judges the emulator independently of
bayscan's own ELM327 reader.

usage: elm_client.py /dev/pts/N
prints: vin=..., stored=P0301,P0300, mil=on count=2
"""
import os
import select
import sys
import termios
import time
import tty


def command(fd, line, timeout=10.0):
    os.write(fd, (line + "\r").encode("ascii"))
    data = b""
    end = time.monotonic() + timeout
    while not data.endswith(b">"):
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError("no prompt after %r, got %r" % (line, data))
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            data += os.read(fd, 256)
    text = data[:-1].decode("ascii").replace("\n", "")
    return [l.strip() for l in text.split("\r") if l.strip() and l.strip() != line]


def messages(lines):
    """ISO 15765-4 CAN frames with headers on (11-bit IDs) -> {ecu: payload bytes}."""
    out, pending = {}, {}
    for l in lines:
        if l == "SEARCHING...":
            continue
        parts = l.split()
        ecu, data = parts[0], [int(x, 16) for x in parts[1:]]
        pci = data[0] >> 4
        if pci == 0:  # single frame
            out[ecu] = data[1:1 + (data[0] & 0x0F)]
        elif pci == 1:  # first frame: 12-bit length
            size = ((data[0] & 0x0F) << 8) | data[1]
            pending[ecu] = (size, data[2:])
        elif pci == 2:  # consecutive frame
            size, got = pending[ecu]
            got = got + data[1:]
            pending[ecu] = (size, got)
            if len(got) >= size:
                out[ecu] = got[:size]
    return out


def dtc_text(a, b):
    return "PCBU"[a >> 6] + "%X%X%02X" % ((a >> 4) & 3, a & 0x0F, b)


def main():
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    command(fd, "ATZ")
    time.sleep(0.1)  # libraries wait after a reset
    for setup in ("ATE0", "ATH1", "ATSP0"):
        if command(fd, setup)[-1] != "OK":
            raise SystemExit("adapter refused " + setup)
    if not messages(command(fd, "0100")):
        raise SystemExit("no ECU answered 0100")
    vin = messages(command(fd, "0902"))["7E8"]
    assert vin[:3] == [0x49, 0x02, 0x01], vin
    print("vin=" + bytes(vin[3:]).decode("ascii"))
    codes = messages(command(fd, "03"))["7E8"]
    assert codes[0] == 0x43 and len(codes) == 2 + 2 * codes[1], codes
    print("stored=" + ",".join(dtc_text(codes[i], codes[i + 1]) for i in range(2, len(codes), 2)))
    status = messages(command(fd, "0101"))["7E8"]
    assert status[:2] == [0x41, 0x01], status
    print("mil=%s count=%d" % ("on" if status[2] & 0x80 else "off", status[2] & 0x7F))
    os.close(fd)


if __name__ == "__main__":
    main()
