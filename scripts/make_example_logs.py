#!/usr/bin/env python3
"""Writes examples/logs/*.log: ELM327 terminal sessions laid out byte for byte as the ELM327
datasheet shows the chip's output (CR line ends, '>' prompt, headers/spaces/CAF formats).
They are constructed from the datasheet's formats, not captured from a car; the values are a
consistent fictional vehicle. Re-run after editing; the .log files are the committed truth."""
import os

TR = {**{str(i): i for i in range(10)}, 'A': 1, 'B': 2, 'C': 3, 'D': 4, 'E': 5, 'F': 6, 'G': 7, 'H': 8,
      'J': 1, 'K': 2, 'L': 3, 'M': 4, 'N': 5, 'P': 7, 'R': 9, 'S': 2, 'T': 3, 'U': 4, 'V': 5, 'W': 6,
      'X': 7, 'Y': 8, 'Z': 9}
W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin_with_check(v):  # 49 CFR 565.15
    s = sum(TR[c] * W[i] for i, c in enumerate(v)) % 11
    return v[:8] + ('X' if s == 10 else str(s)) + v[9:]


def hx(bs, sp=True):
    return (' ' if sp else '').join('%02X' % b for b in bs)


def can_frames(payload, pad=0x00):
    """ISO 15765-2 segmentation of one reply as the adapter prints it with CAF off / headers on."""
    if len(payload) <= 7:
        return [[len(payload)] + payload + [pad] * (7 - len(payload))]
    out = [[0x10 | (len(payload) >> 8), len(payload) & 0xFF] + payload[:6]]
    rest, sn = payload[6:], 1
    while rest:
        chunk, rest = rest[:7], rest[7:]
        out.append([0x20 | (sn & 0xF)] + chunk + [pad] * (7 - len(chunk)))
        sn += 1
    return out


def headers_on(ecu, payload, sp=True):
    return [ecu + (' ' if sp else '') + hx(f, sp) + ' ' for f in can_frames(payload)]


def caf_headers_off(payload, sp=True):
    """Headers off, CAF on: data only for a single frame; byte count then 0:, 1: lines."""
    if len(payload) <= 7:
        return [hx(payload, sp) + ' ']
    lines = ['%03X' % len(payload)]
    first, rest, i = payload[:6], payload[6:], 1
    lines.append('0: ' + hx(first, sp) + ' ')
    while rest:
        chunk, rest = rest[:7], rest[7:]
        lines.append('%X: ' % (i & 0xF) + hx(chunk + [0x00] * (7 - len(chunk)) if not rest else chunk, sp) + ' ')
        i += 1
    return lines


def legacy(header, payload, sp=True):
    msg = header + payload
    return hx(msg + [sum(msg) & 0xFF], sp) + ' '


def session(exchanges, eol='\r'):
    """exchanges: (command, [reply lines]). A terminal shows the command after the prompt."""
    text = ''
    for cmd, lines in exchanges:
        text += '>' + cmd + eol + ''.join(l + eol for l in lines) + eol
    return text + '>'


VIN = vin_with_check('JTDKB3FU0M3123456')  # Toyota (JTD), model year 2021 ('M')
VIN_B = [ord(c) for c in VIN]

ECM_0100 = [0x41, 0x00, 0xBE, 0x3F, 0xA8, 0x13]
TCM_0100 = [0x41, 0x00, 0x98, 0x18, 0x80, 0x11]


def can11(sp=True, hdr=True):
    def r(ecu, p):
        return headers_on(ecu, p, sp) if hdr else caf_headers_off(p, sp)
    return [
        ('0100', ['SEARCHING...'] + r('7E8', ECM_0100) + r('7E9', TCM_0100)),
        ('ATDPN', ['A6']),
        ('0101', r('7E8', [0x41, 0x01, 0x83, 0x07, 0x65, 0x04]) + r('7E9', [0x41, 0x01, 0x00, 0x04, 0x00, 0x00])),
        ('03', r('7E8', [0x43, 0x02, 0x03, 0x01, 0x03, 0x00]) + r('7E9', [0x43, 0x00])),
        ('07', r('7E8', [0x47, 0x01, 0x01, 0x71]) + r('7E9', [0x47, 0x00])),
        ('0A', r('7E8', [0x4A, 0x00]) + r('7E9', [0x4A, 0x00])),
        ('0902', r('7E8', [0x49, 0x02, 0x01] + VIN_B)),
        ('010C0D05', r('7E8', [0x41, 0x0C, 0x1A, 0xF8, 0x0D, 0x00, 0x05, 0x7B])),
        ('0120', r('7E8', [0x41, 0x20, 0xA0, 0x07, 0xB0, 0x11])),
        ('01A6', ['NO DATA']),
        ('012F', r('7E8', [0x41, 0x2F, 0x80])),
        ('0131', r('7E8', [0x41, 0x31, 0x04, 0xD2])),
        ('020200', r('7E8', [0x42, 0x02, 0x00, 0x03, 0x01])),
        ('02 0C 00', r('7E8', [0x42, 0x0C, 0x00, 0x0C, 0xB0])),
    ]


def write(name, text):
    path = os.path.join(os.path.dirname(__file__), '..', 'examples', 'logs', name)
    with open(path, 'w', newline='') as f:
        f.write(text)


setup = [('ATZ', ['', 'ELM327 v1.5']), ('ATE0', ['OK']), ('ATL0', ['OK'])]
write('can11_headers_on.log', session(setup + [('ATH1', ['OK']), ('ATSP0', ['OK'])] + can11()))
write('can11_headers_off.log',
      session(setup + [('ATH0', ['OK']), ('ATSP0', ['OK'])] + can11(hdr=False)).replace('\r', '\r\n'))
write('can11_headers_on_spaces_off.log',
      session(setup + [('ATH1', ['OK']), ('ATS0', ['OK']), ('ATSP6', ['OK'])] + can11(sp=False)))

# 29-bit CAN (protocol 7): ECU 0x10 answers as 18 DA F1 10.
E29 = '18 DA F1 10'
write('can29_headers_on.log', session(setup + [('ATH1', ['OK']), ('ATSP7', ['OK'])] + [
    ('0100', headers_on(E29, ECM_0100)),
    ('0101', headers_on(E29, [0x41, 0x01, 0x00, 0x07, 0xE5, 0x00])),
    ('03', headers_on(E29, [0x43, 0x01, 0x04, 0x20])),
    ('0902', headers_on(E29, [0x49, 0x02, 0x01] + VIN_B)),
]))

# ISO 9141-2 (protocol 3): header 48 6B 10, checksum byte, legacy message shapes (SAE J1979).
H = [0x48, 0x6B, 0x10]
VIN_LEGACY = [0, 0, 0] + VIN_B
write('iso9141_2.log', session(setup + [('ATH1', ['OK']), ('ATSP3', ['OK'])] + [
    ('0100', ['BUS INIT: ...OK', legacy(H, [0x41, 0x00, 0xBE, 0x3E, 0xB8, 0x11])]),
    ('0101', [legacy(H, [0x41, 0x01, 0x82, 0x07, 0x65, 0x00])]),
    ('03', [legacy(H, [0x43, 0x01, 0x33, 0x04, 0x20, 0x00, 0x00])]),
    ('0902', [legacy(H, [0x49, 0x02, n + 1] + VIN_LEGACY[4 * n:4 * n + 4]) for n in range(5)]),
    ('010C', [legacy(H, [0x41, 0x0C, 0x0C, 0x80])]),
    ('0105', [legacy(H, [0x41, 0x05, 0x82])]),
]))

# Hybrid with three emissions ECUs; multi-frame replies interleave on the bus.
f8 = headers_on('7E8', [0x49, 0x04, 0x01] + [ord(c) for c in '89663-47B30\0\0\0\0\0'])
fa = headers_on('7EA', [0x49, 0x04, 0x01] + [ord(c) for c in 'G9280-47A10\0\0\0\0\0'])
inter = [x for pair in zip(f8, fa) for x in pair]
write('multi_ecu_hybrid.log', session(setup + [('ATH1', ['OK']), ('ATSP6', ['OK'])] + [
    ('0100', headers_on('7E8', ECM_0100) + headers_on('7EA', [0x41, 0x00, 0x98, 0x18, 0x00, 0x01])
     + headers_on('7E9', TCM_0100)),
    ('0101', headers_on('7E8', [0x41, 0x01, 0x81, 0x07, 0x65, 0x00]) + headers_on('7EA', [0x41, 0x01, 0x01, 0x00, 0x00, 0x00])
     + headers_on('7E9', [0x41, 0x01, 0x00, 0x04, 0x00, 0x00])),
    ('03', headers_on('7E8', [0x43, 0x01, 0x04, 0x20]) + headers_on('7EA', [0x43, 0x01, 0x0A, 0x80])
     + headers_on('7E9', [0x43, 0x00])),
    ('0904', inter),
]))

# What goes wrong at a bay: clone banner junk, '?', NO DATA, CAN ERROR, STOPPED, BUFFER FULL.
write('errors_and_junk.log', session([
    ('ATZ', ['\x00\x00', 'ELM327 v2.1 (clone)']), ('ATE0', ['OK']), ('ATS0', ['?']),
    ('ATH1', ['OK']), ('0100', ['SEARCHING...', 'UNABLE TO CONNECT']),
    ('ATSP6', ['OK']), ('0100', ['CAN ERROR']), ('0100', headers_on('7E8', ECM_0100)),
    ('01A6', ['NO DATA']), ('0902', ['STOPPED']), ('0902', ['BUFFER FULL']),
    ('0105', ['7E8 03 7F 01 12 ']), ('0105', ['7E8 03 41 05']),
]))
print(VIN)
