#!/usr/bin/env python3
"""VIN check digit (position 9) per 49 CFR 565.15: transliterate letters to numbers, weight each
position, sum, remainder of division by 11 ("X" for 10).

  vin_check_digit.py VIN...        prints each VIN with its check digit set
  vin_check_digit.py --verify F... checks the "vin" keys of scenario files (unless the scenario
                                   sets vehicle.vin_check_digit false), exit 1 on a mismatch
"""
import json
import sys

# 49 CFR 565.15(c) Table IV (transliteration) and Table V (weights).
VALUES = {**{str(d): d for d in range(10)},
          **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))),
          "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def check_digit(vin: str) -> str:
    if len(vin) != 17 or any(c not in VALUES for c in vin):
        raise ValueError(f"{vin!r}: expected 17 characters from 0-9, A-Z without I, O, Q")
    total = sum(VALUES[c] * w for c, w in zip(vin, WEIGHTS))
    r = total % 11
    return "X" if r == 10 else str(r)


def with_check_digit(vin: str) -> str:
    return vin[:8] + check_digit(vin) + vin[9:]


def verify(paths):
    bad = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if not doc.get("vehicle", {}).get("vin_check_digit", True):
            continue  # a market VIN without one (scenario key vehicle.vin_check_digit)
        for ecu in doc.get("ecus", []):
            vin = ecu.get("vin")
            if vin and check_digit(vin) != vin[8]:
                print(f"{path}: {ecu.get('address')}: {vin} check digit should be {check_digit(vin)}")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--verify":
        sys.exit(verify(sys.argv[2:]))
    for arg in sys.argv[1:]:
        print(with_check_digit(arg.upper()))
