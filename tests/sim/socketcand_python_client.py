#!/usr/bin/python3
"""An independent socketcand client for the simulator: Debian's python3-can (python-can 4.1) and
its 'socketcand' interface, driving raw CAN frames the way a scan tool with userspace ISO-TP does
(ISO 15765-4 identifiers, ISO 15765-2 flow control). Nothing from bayscan is used here.

usage: socketcand_python_client.py HOST PORT EXPECTED_VIN
Exit status 0 when every check passed; the failing check is printed otherwise.
"""
import sys
import time

import can

FUNCTIONAL = 0x7DF  # ISO 15765-4 functional request identifier (11-bit)
ENGINE_REQUEST = 0x7E0  # physical request to the first ECU; it answers on 0x7E8
ENGINE_RESPONSE = 0x7E8


def fail(what):
    print("FAIL:", what)
    sys.exit(1)


def send(bus, arbitration_id, data):
    # ISO 15765-4: every diagnostic frame carries 8 bytes.
    padded = list(data) + [0x00] * (8 - len(data))
    bus.send(can.Message(arbitration_id=arbitration_id, is_extended_id=False, data=padded))


def receive_from(bus, arbitration_id, timeout=2.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        msg = bus.recv(timeout=max(0.0, end - time.monotonic()))
        if msg is not None and msg.arbitration_id == arbitration_id:
            return msg
    fail("no frame from %03X within %.1f s" % (arbitration_id, timeout))


def main():
    host, port, expected_vin = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    bus = can.Bus(interface="socketcand", host=host, port=port, channel="can0")
    try:
        # Service 01 PID 00, functional: the engine ECU answers a SingleFrame 06 41 00 + 4 bytes.
        send(bus, FUNCTIONAL, [0x02, 0x01, 0x00])
        reply = receive_from(bus, ENGINE_RESPONSE)
        if len(reply.data) != 8:
            fail("reply not padded to 8 bytes: %s" % reply.data.hex())
        if list(reply.data[:3]) != [0x06, 0x41, 0x00]:
            fail("unexpected 0100 reply %s" % reply.data.hex())
        time.sleep(0.2)  # let the other ECUs' answers arrive, then forget them
        while bus.recv(timeout=0.05) is not None:
            pass

        # Service 09 infotype 02 (VIN), physical: FirstFrame, our FlowControl, ConsecutiveFrames.
        send(bus, ENGINE_REQUEST, [0x02, 0x09, 0x02])
        first = receive_from(bus, ENGINE_RESPONSE)
        if first.data[0] >> 4 != 0x1:
            fail("expected a FirstFrame, got %s" % first.data.hex())
        length = ((first.data[0] & 0x0F) << 8) | first.data[1]
        payload = bytearray(first.data[2:8])
        send(bus, ENGINE_REQUEST, [0x30, 0x00, 0x00])  # FC: continue, BS 0, STmin 0
        sequence = 1
        while len(payload) < length:
            cf = receive_from(bus, ENGINE_RESPONSE)
            if cf.data[0] != (0x20 | sequence):
                fail("expected CF %X, got %s" % (sequence, cf.data.hex()))
            payload += cf.data[1:8]
            sequence = (sequence + 1) & 0x0F
        payload = bytes(payload[:length])
        if payload[:3] != b"\x49\x02\x01":
            fail("VIN reply does not start 49 02 01: %s" % payload.hex())
        vin = payload[3:].decode("ascii")
        if vin != expected_vin:
            fail("VIN %r, expected %r" % (vin, expected_vin))
        print("OK", vin)
    finally:
        bus.shutdown()


if __name__ == "__main__":
    main()
