#!/usr/bin/env python3
"""Writes protocols/dtc/data/dtc_descriptions.tsv, the DTC description table.

The TSV is the committed source of truth and is what the build embeds; this script only exists
because SAE J2012 (ISO 15031-6) assigns codes in regular families (a sensor's five codes circuit /
range-performance / low / high / intermittent, one code per cylinder, bank/sensor matrices), so
writing the families as loops avoids typing slips. Only ISO/SAE controlled codes appear, and only
ones whose J2012 meaning we are sure of; a code left out gets an honest category text at run time.

Columns: code, English text (J2012 wording), Traditional Chinese (zh-TW, Taiwanese workshop
terms) or empty. Run:  python3 scripts/gen_dtc_descriptions.py  (from the repository root).
"""

import os
import re
import sys

rows = {}  # code -> [en, zh]


def add(code, en, zh=""):
    if not re.fullmatch(r"[PCBU][0-3][0-9A-F]{3}", code):
        raise ValueError(f"bad code {code!r}")
    if code in rows:
        raise ValueError(f"duplicate code {code}")
    rows[code] = [en, zh]


def code_at(prefix, start, offset):
    """prefix 'P', start '0300' (decimal-looking digits, as J2012 numbers families), offset n."""
    return f"{prefix}{int(start) + offset:04d}"


# ---------------------------------------------------------------------------------------------
# Suffix families (J2012 wording) with their zh-TW renderings.
CIRCUIT5 = [
    ("Circuit", "電路故障"),
    ("Circuit Range/Performance", "電路範圍/性能不良"),
    ("Circuit Low", "電路電壓過低"),
    ("Circuit High", "電路電壓過高"),
    ("Circuit Intermittent", "電路間歇性故障"),
]
CIRCUIT5_ERRATIC = CIRCUIT5[:4] + [("Circuit Intermittent/Erratic", "電路間歇/不穩定")]
CIRCUIT4 = CIRCUIT5[:4]
CONTROL3 = [
    ("Control Circuit/Open", "控制電路故障/斷路"),
    ("Control Circuit Low", "控制電路電壓過低"),
    ("Control Circuit High", "控制電路電壓過高"),
]
CONTROL3_PLAIN = [
    ("Control Circuit", "控制電路故障"),
    ("Control Circuit Low", "控制電路電壓過低"),
    ("Control Circuit High", "控制電路電壓過高"),
]
CONTROL4 = [
    ("Control Circuit/Open", "控制電路故障/斷路"),
    ("Control Circuit Range/Performance", "控制電路範圍/性能不良"),
    ("Control Circuit Low", "控制電路電壓過低"),
    ("Control Circuit High", "控制電路電壓過高"),
]
SPEED4 = [
    ("Circuit", "電路故障"),
    ("Circuit Range/Performance", "電路範圍/性能不良"),
    ("Circuit No Signal", "電路無訊號"),
    ("Circuit Intermittent", "電路間歇性故障"),
]
SOLENOID5 = [
    ("", "故障"),
    (" Performance/Stuck Off", "性能不良/卡在關閉"),
    (" Stuck On", "卡在開啟"),
    (" Electrical", "電氣故障"),
    (" Intermittent", "間歇性故障"),
]


def family(prefix, start, name_en, name_zh, suffixes, tail_en="", tail_zh="", zh=True):
    """One code per suffix: '<name> <suffix> <tail>'."""
    for i, (s_en, s_zh) in enumerate(suffixes):
        en = f"{name_en} {s_en}".strip() if s_en and not s_en.startswith(" ") else f"{name_en}{s_en}"
        if tail_en:
            en = f"{en} {tail_en}"
        z = ""
        if zh and name_zh:
            z = f"{name_zh}{s_zh}{tail_zh}"
        add(code_at(prefix, start, i), en, z)


LETTERS = "ABCDEFGHIJKL"
BANK_ZH = {1: "（第1排）", 2: "（第2排）"}


def bs(bank, sensor):
    return f"(Bank {bank} Sensor {sensor})", f"（第{bank}排 感知器{sensor}）"


# ---------------------------------------------------------------------------------------------
# P00xx: fuel and air metering, auxiliary emission controls (J2012 P0001-P0099)
family("P", "0001", "Fuel Volume Regulator", "燃油量調節器", [
    ("Control Circuit/Open", "控制電路故障/斷路"),
    ("Control Circuit Range/Performance", "控制電路範圍/性能不良"),
    ("Control Circuit Low", "控制電路電壓過低"),
    ("Control Circuit High", "控制電路電壓過高")])
family("P", "0005", 'Fuel Shutoff Valve "A"', "燃油切斷閥A", CONTROL3)
add("P0008", "Engine Position System Performance (Bank 1)", "引擎位置系統性能不良（第1排）")
add("P0009", "Engine Position System Performance (Bank 2)", "引擎位置系統性能不良（第2排）")
for bank, base in ((1, 10), (2, 20)):
    b_en, b_zh = f"(Bank {bank})", BANK_ZH[bank]
    for k, cam in enumerate("AB"):
        c = base + 3 * k
        add(f"P{c:04d}", f'"{cam}" Camshaft Position Actuator Circuit {b_en}',
            f"可變汽門正時（VVT）{cam}凸輪軸位置作動器電路故障{b_zh}")
        add(f"P{c + 1:04d}",
            f'"{cam}" Camshaft Position - Timing Over-Advanced or System Performance {b_en}',
            f"可變汽門正時（VVT）{cam}凸輪軸位置－正時過度提前或系統性能不良{b_zh}")
        add(f"P{c + 2:04d}", f'"{cam}" Camshaft Position - Timing Over-Retarded {b_en}',
            f"可變汽門正時（VVT）{cam}凸輪軸位置－正時過度延遲{b_zh}")
for i, (bank, sensor) in enumerate(((1, "A"), (1, "B"), (2, "A"), (2, "B"))):
    add(f"P{16 + i:04d}", f"Crankshaft Position - Camshaft Position Correlation (Bank {bank} Sensor {sensor})",
        f"曲軸位置與凸輪軸位置相關性不符（第{bank}排 感知器{sensor}）")
add("P0026", "Intake Valve Control Solenoid Circuit Range/Performance (Bank 1)",
    "進氣門控制電磁閥電路範圍/性能不良（第1排）")
add("P0027", "Exhaust Valve Control Solenoid Circuit Range/Performance (Bank 1)",
    "排氣門控制電磁閥電路範圍/性能不良（第1排）")
add("P0028", "Intake Valve Control Solenoid Circuit Range/Performance (Bank 2)",
    "進氣門控制電磁閥電路範圍/性能不良（第2排）")
add("P0029", "Exhaust Valve Control Solenoid Circuit Range/Performance (Bank 2)",
    "排氣門控制電磁閥電路範圍/性能不良（第2排）")
# HO2S heater control circuits: three codes per bank/sensor position.
HEATER = [("HO2S Heater Control Circuit", "含氧感知器加熱器控制電路故障"),
          ("HO2S Heater Control Circuit Low", "含氧感知器加熱器控制電路電壓過低"),
          ("HO2S Heater Control Circuit High", "含氧感知器加熱器控制電路電壓過高")]
for start, bank, sensor in ((30, 1, 1), (36, 1, 2), (42, 1, 3), (50, 2, 1), (56, 2, 2), (62, 2, 3)):
    t_en, t_zh = bs(bank, sensor)
    for i, (en, zh) in enumerate(HEATER):
        add(f"P{start + i:04d}", f"{en} {t_en}", f"{zh}{t_zh}")
add("P0033", "Turbo/Super Charger Bypass Valve Control Circuit", "渦輪/機械增壓器旁通閥控制電路故障")
add("P0034", "Turbo/Super Charger Bypass Valve Control Circuit Low", "渦輪/機械增壓器旁通閥控制電路電壓過低")
add("P0035", "Turbo/Super Charger Bypass Valve Control Circuit High", "渦輪/機械增壓器旁通閥控制電路電壓過高")
add("P0039", "Turbo/Super Charger Bypass Valve Control Circuit Range/Performance",
    "渦輪/機械增壓器旁通閥控制電路範圍/性能不良")
add("P0040", "O2 Sensor Signals Swapped Bank 1 Sensor 1 / Bank 2 Sensor 1",
    "含氧感知器訊號對調（第1排感知器1／第2排感知器1）")
add("P0041", "O2 Sensor Signals Swapped Bank 1 Sensor 2 / Bank 2 Sensor 2",
    "含氧感知器訊號對調（第1排感知器2／第2排感知器2）")
family("P", "0045", 'Turbo/Super Charger Boost Control "A"', "渦輪/機械增壓器增壓控制A", [
    ("Circuit/Open", "電路故障/斷路"),
    ("Circuit Range/Performance", "電路範圍/性能不良"),
    ("Circuit Low", "電路電壓過低"),
    ("Circuit High", "電路電壓過高")])
add("P0049", "Turbo/Super Charger Turbine Overspeed", "渦輪增壓器渦輪超速")
for code, bank, sensor in (("P0053", 1, 1), ("P0054", 1, 2), ("P0055", 1, 3),
                           ("P0059", 2, 1), ("P0060", 2, 2), ("P0061", 2, 3)):
    t_en, t_zh = bs(bank, sensor)
    add(code, f"HO2S Heater Resistance {t_en}", f"含氧感知器加熱器電阻異常{t_zh}")
add("P0065", "Air Assisted Injector Control Range/Performance", "空氣輔助噴油嘴控制範圍/性能不良")
add("P0066", "Air Assisted Injector Control Circuit or Circuit Low", "空氣輔助噴油嘴控制電路故障或電壓過低")
add("P0067", "Air Assisted Injector Control Circuit High", "空氣輔助噴油嘴控制電路電壓過高")
add("P0068", "MAP/MAF - Throttle Position Correlation", "進氣歧管壓力/空氣流量與節氣門位置相關性不符")
add("P0069", "Manifold Absolute Pressure - Barometric Pressure Correlation", "進氣歧管壓力與大氣壓力相關性不符")
family("P", "0070", "Ambient Air Temperature Sensor", "外氣溫度感知器", CIRCUIT5)
for start, valve_en, valve_zh, bank in ((75, "Intake", "進氣門", 1), (78, "Exhaust", "排氣門", 1),
                                        (81, "Intake", "進氣門", 2), (84, "Exhaust", "排氣門", 2)):
    b_en, b_zh = f"(Bank {bank})", BANK_ZH[bank]
    add(f"P{start:04d}", f"{valve_en} Valve Control Solenoid Circuit {b_en}",
        f"{valve_zh}控制電磁閥電路故障{b_zh}")
    add(f"P{start + 1:04d}", f"{valve_en} Valve Control Solenoid Circuit Low {b_en}",
        f"{valve_zh}控制電磁閥電路電壓過低{b_zh}")
    add(f"P{start + 2:04d}", f"{valve_en} Valve Control Solenoid Circuit High {b_en}",
        f"{valve_zh}控制電磁閥電路電壓過高{b_zh}")
add("P0087", "Fuel Rail/System Pressure - Too Low", "油軌/燃油系統壓力過低")
add("P0088", "Fuel Rail/System Pressure - Too High", "油軌/燃油系統壓力過高")
add("P0089", "Fuel Pressure Regulator 1 Performance", "燃油壓力調節器1性能不良")
family("P", "0090", "Fuel Pressure Regulator 1", "燃油壓力調節器1", CONTROL3_PLAIN)
add("P0093", "Fuel System Leak Detected - Large Leak", "偵測到燃油系統洩漏（大量洩漏）")
add("P0094", "Fuel System Leak Detected - Small Leak", "偵測到燃油系統洩漏（少量洩漏）")
family("P", "0095", "Intake Air Temperature Sensor 2", "進氣溫度感知器2", CIRCUIT5)

# P01xx: fuel and air metering
family("P", "0100", 'Mass or Volume Air Flow "A"', "空氣流量計（MAF）A", CIRCUIT5)
family("P", "0105", "Manifold Absolute Pressure/Barometric Pressure", "進氣歧管壓力（MAP）/大氣壓力", CIRCUIT5)
family("P", "0110", "Intake Air Temperature Sensor 1", "進氣溫度感知器1", CIRCUIT5)
family("P", "0115", "Engine Coolant Temperature Sensor 1", "引擎冷卻液溫度感知器1", CIRCUIT5)
family("P", "0120", 'Throttle/Pedal Position Sensor/Switch "A"', "節氣門/油門踏板位置感知器/開關A", CIRCUIT5)
add("P0125", "Insufficient Coolant Temperature for Closed Loop Fuel Control",
    "冷卻液溫度不足，無法進入閉迴路燃油控制")
add("P0126", "Insufficient Coolant Temperature for Stable Operation", "冷卻液溫度不足，無法穩定運轉")
add("P0127", "Intake Air Temperature Too High", "進氣溫度過高")
add("P0128", "Coolant Thermostat (Coolant Temperature Below Thermostat Regulating Temperature)",
    "節溫器故障（冷卻液溫度低於節溫器調節溫度）")
add("P0129", "Barometric Pressure Too Low", "大氣壓力過低")
O2 = [("O2 Sensor Circuit", "含氧感知器電路故障"),
      ("O2 Sensor Circuit Low Voltage", "含氧感知器電路電壓過低"),
      ("O2 Sensor Circuit High Voltage", "含氧感知器電路電壓過高"),
      ("O2 Sensor Circuit Slow Response", "含氧感知器電路反應遲緩"),
      ("O2 Sensor Circuit No Activity Detected", "含氧感知器電路無訊號變化"),
      ("O2 Sensor Heater Circuit", "含氧感知器加熱器電路故障")]
for start, bank, sensor in ((130, 1, 1), (136, 1, 2), (142, 1, 3), (150, 2, 1), (156, 2, 2), (162, 2, 3)):
    t_en, t_zh = bs(bank, sensor)
    for i, (en, zh) in enumerate(O2):
        add(f"P{start + i:04d}", f"{en} {t_en}", f"{zh}{t_zh}")
add("P0148", "Fuel Delivery Error", "燃油供給錯誤")
add("P0149", "Fuel Timing Error", "燃油噴射正時錯誤")
add("P0170", "Fuel Trim (Bank 1)", "燃油修正異常（第1排）")
add("P0171", "System Too Lean (Bank 1)", "系統混合比過稀（第1排）")
add("P0172", "System Too Rich (Bank 1)", "系統混合比過濃（第1排）")
add("P0173", "Fuel Trim (Bank 2)", "燃油修正異常（第2排）")
add("P0174", "System Too Lean (Bank 2)", "系統混合比過稀（第2排）")
add("P0175", "System Too Rich (Bank 2)", "系統混合比過濃（第2排）")
family("P", "0176", "Fuel Composition Sensor", "燃油成分感知器", CIRCUIT4)
family("P", "0180", 'Fuel Temperature Sensor "A"', "燃油溫度感知器A", CIRCUIT5)
family("P", "0185", 'Fuel Temperature Sensor "B"', "燃油溫度感知器B", CIRCUIT5)
family("P", "0190", 'Fuel Rail Pressure Sensor "A"', "油軌壓力感知器A", CIRCUIT5)
family("P", "0195", "Engine Oil Temperature Sensor", "機油溫度感知器", CIRCUIT5)

# P02xx: fuel and air metering (injector circuits)
add("P0200", "Injector Circuit/Open", "噴油嘴電路故障/斷路")
for n in range(1, 13):
    add(f"P{200 + n:04d}", f"Injector Circuit/Open - Cylinder {n}", f"第{n}缸噴油嘴電路故障/斷路")
add("P0213", "Cold Start Injector 1", "冷車啟動噴油嘴1故障")
add("P0214", "Cold Start Injector 2", "冷車啟動噴油嘴2故障")
add("P0215", "Engine Shutoff Solenoid", "引擎熄火電磁閥故障")
add("P0216", "Injector/Injection Timing Control Circuit", "噴油嘴/噴射正時控制電路故障")
add("P0217", "Engine Coolant Over Temperature Condition", "引擎冷卻液溫度過高")
add("P0218", "Transmission Fluid Over Temperature Condition", "變速箱油溫過高")
add("P0219", "Engine Overspeed Condition", "引擎超速")
family("P", "0220", 'Throttle/Pedal Position Sensor/Switch "B"', "節氣門/油門踏板位置感知器/開關B", CIRCUIT5)
family("P", "0225", 'Throttle/Pedal Position Sensor/Switch "C"', "節氣門/油門踏板位置感知器/開關C", CIRCUIT5)
add("P0230", "Fuel Pump Primary Circuit", "燃油泵主電路故障")
add("P0231", "Fuel Pump Secondary Circuit Low", "燃油泵次級電路電壓過低")
add("P0232", "Fuel Pump Secondary Circuit High", "燃油泵次級電路電壓過高")
add("P0233", "Fuel Pump Secondary Circuit Intermittent", "燃油泵次級電路間歇性故障")
add("P0234", 'Turbo/Super Charger "A" Overboost Condition', "渦輪/機械增壓器A增壓過高")
family("P", "0235", 'Turbo/Super Charger Boost Sensor "A"', "增壓壓力感知器A", CIRCUIT4)
family("P", "0239", 'Turbo/Super Charger Boost Sensor "B"', "增壓壓力感知器B", CIRCUIT4)
family("P", "0243", 'Turbo/Super Charger Wastegate Solenoid "A"', "渦輪增壓器洩壓閥電磁閥A", [
    ("", "故障"), (" Range/Performance", "範圍/性能不良"), (" Low", "電壓過低"), (" High", "電壓過高")])
family("P", "0247", 'Turbo/Super Charger Wastegate Solenoid "B"', "渦輪增壓器洩壓閥電磁閥B", [
    ("", "故障"), (" Range/Performance", "範圍/性能不良"), (" Low", "電壓過低"), (" High", "電壓過高")])
for start, letter in ((251, "A"), (256, "B")):
    family("P", f"{start:04d}", f'Injection Pump Fuel Metering Control "{letter}" (Cam/Rotor/Injector)',
           "", [("", ""), (" Range/Performance", ""), (" Low", ""), (" High", ""), (" Intermittent", "")],
           zh=False)
for n in range(1, 13):
    base = 261 + 3 * (n - 1)
    add(f"P{base:04d}", f"Cylinder {n} Injector Circuit Low", f"第{n}缸噴油嘴電路電壓過低")
    add(f"P{base + 1:04d}", f"Cylinder {n} Injector Circuit High", f"第{n}缸噴油嘴電路電壓過高")
    add(f"P{base + 2:04d}", f"Cylinder {n} Contribution/Balance", f"第{n}缸貢獻度/平衡異常")
add("P0297", "Vehicle Overspeed Condition", "車輛超速")
add("P0298", "Engine Oil Over Temperature", "機油溫度過高")
add("P0299", 'Turbo/Super Charger "A" Underboost Condition', "渦輪/機械增壓器A增壓不足")

# P03xx: ignition system or misfire
add("P0300", "Random/Multiple Cylinder Misfire Detected", "偵測到隨機/多缸失火")
for n in range(1, 13):
    add(f"P{300 + n:04d}", f"Cylinder {n} Misfire Detected", f"偵測到第{n}缸失火")
add("P0313", "Misfire Detected with Low Fuel", "燃油不足時偵測到失火")
add("P0314", "Single Cylinder Misfire (Cylinder not Specified)", "單缸失火（未指定汽缸）")
add("P0315", "Crankshaft Position System Variation Not Learned", "曲軸位置系統變異量未學習")
add("P0316", "Engine Misfire Detected on Startup (First 1000 Revolutions)", "啟動時偵測到引擎失火（前1000轉）")
add("P0317", "Rough Road Hardware Not Present", "不平路面偵測硬體不存在")
add("P0318", 'Rough Road Sensor "A" Signal Circuit', "不平路面感知器A訊號電路故障")
add("P0319", 'Rough Road Sensor "B"', "不平路面感知器B故障")
family("P", "0320", "Ignition/Distributor Engine Speed Input", "點火/分電盤引擎轉速輸入", SPEED4)
add("P0324", "Knock Control System Error", "爆震控制系統錯誤")
family("P", "0325", "Knock Sensor 1", "爆震感知器1", CIRCUIT5,
       "(Bank 1 or Single Sensor)", "（第1排或單一感知器）")
family("P", "0330", "Knock Sensor 2", "爆震感知器2", CIRCUIT5, "(Bank 2)", "（第2排）")
family("P", "0335", 'Crankshaft Position Sensor "A"', "曲軸位置感知器A", CIRCUIT5)
family("P", "0340", 'Camshaft Position Sensor "A"', "凸輪軸位置感知器A", CIRCUIT5,
       "(Bank 1 or Single Sensor)", "（第1排或單一感知器）")
family("P", "0345", 'Camshaft Position Sensor "A"', "凸輪軸位置感知器A", CIRCUIT5, "(Bank 2)", "（第2排）")
add("P0350", "Ignition Coil Primary/Secondary Circuit", "點火線圈初級/次級電路故障")
for i, letter in enumerate(LETTERS):
    add(f"P{351 + i:04d}", f'Ignition Coil "{letter}" Primary/Secondary Circuit',
        f"點火線圈{letter}初級/次級電路故障")
add("P0363", "Misfire Detected - Fueling Disabled", "偵測到失火－已停止供油")
family("P", "0365", 'Camshaft Position Sensor "B"', "凸輪軸位置感知器B", CIRCUIT5, "(Bank 1)", "（第1排）")
for start, letter in ((370, "A"), (375, "B")):
    base_en = f'Timing Reference High Resolution Signal "{letter}"'
    base_zh = f"高解析度正時參考訊號{letter}"
    add(f"P{start:04d}", base_en, f"{base_zh}故障")
    add(f"P{start + 1:04d}", f"{base_en} Too Many Pulses", f"{base_zh}脈衝過多")
    add(f"P{start + 2:04d}", f"{base_en} Too Few Pulses", f"{base_zh}脈衝過少")
    add(f"P{start + 3:04d}", f"{base_en} Intermittent/Erratic Pulses", f"{base_zh}脈衝間歇/不穩定")
    add(f"P{start + 4:04d}", f"{base_en} No Pulse", f"{base_zh}無脈衝")
add("P0380", 'Glow Plug/Heater Circuit "A"', "預熱塞/加熱器電路A故障")
add("P0381", "Glow Plug/Heater Indicator Circuit", "預熱塞/加熱器指示燈電路故障")
add("P0382", 'Glow Plug/Heater Circuit "B"', "預熱塞/加熱器電路B故障")
family("P", "0385", 'Crankshaft Position Sensor "B"', "曲軸位置感知器B", CIRCUIT5)
family("P", "0390", 'Camshaft Position Sensor "B"', "凸輪軸位置感知器B", CIRCUIT5, "(Bank 2)", "（第2排）")

# P04xx: auxiliary emission controls
add("P0400", "Exhaust Gas Recirculation Flow", "廢氣再循環（EGR）流量異常")
add("P0401", "Exhaust Gas Recirculation Flow Insufficient Detected", "廢氣再循環（EGR）流量不足")
add("P0402", "Exhaust Gas Recirculation Flow Excessive Detected", "廢氣再循環（EGR）流量過大")
add("P0403", "Exhaust Gas Recirculation Control Circuit", "廢氣再循環（EGR）控制電路故障")
add("P0404", "Exhaust Gas Recirculation Control Circuit Range/Performance",
    "廢氣再循環（EGR）控制電路範圍/性能不良")
add("P0405", 'Exhaust Gas Recirculation Sensor "A" Circuit Low', "廢氣再循環（EGR）感知器A電路電壓過低")
add("P0406", 'Exhaust Gas Recirculation Sensor "A" Circuit High', "廢氣再循環（EGR）感知器A電路電壓過高")
add("P0407", 'Exhaust Gas Recirculation Sensor "B" Circuit Low', "廢氣再循環（EGR）感知器B電路電壓過低")
add("P0408", 'Exhaust Gas Recirculation Sensor "B" Circuit High', "廢氣再循環（EGR）感知器B電路電壓過高")
add("P0409", 'Exhaust Gas Recirculation Sensor "A" Circuit', "廢氣再循環（EGR）感知器A電路故障")
add("P0410", "Secondary Air Injection System", "二次空氣噴射系統故障")
add("P0411", "Secondary Air Injection System Incorrect Flow Detected", "二次空氣噴射系統流量不正確")
add("P0412", 'Secondary Air Injection System Switching Valve "A" Circuit', "二次空氣噴射系統切換閥A電路故障")
add("P0413", 'Secondary Air Injection System Switching Valve "A" Circuit Open', "二次空氣噴射系統切換閥A電路斷路")
add("P0414", 'Secondary Air Injection System Switching Valve "A" Circuit Shorted', "二次空氣噴射系統切換閥A電路短路")
add("P0415", 'Secondary Air Injection System Switching Valve "B" Circuit', "二次空氣噴射系統切換閥B電路故障")
add("P0416", 'Secondary Air Injection System Switching Valve "B" Circuit Open', "二次空氣噴射系統切換閥B電路斷路")
add("P0417", 'Secondary Air Injection System Switching Valve "B" Circuit Shorted', "二次空氣噴射系統切換閥B電路短路")
add("P0418", 'Secondary Air Injection System Control "A" Circuit', "二次空氣噴射系統控制A電路故障")
add("P0419", 'Secondary Air Injection System Control "B" Circuit', "二次空氣噴射系統控制B電路故障")
for bank, base in ((1, 420), (2, 430)):
    b_en, b_zh = f"(Bank {bank})", BANK_ZH[bank]
    add(f"P{base:04d}", f"Catalyst System Efficiency Below Threshold {b_en}", f"觸媒轉換器效率低於標準值{b_zh}")
    add(f"P{base + 1:04d}", f"Warm Up Catalyst Efficiency Below Threshold {b_en}", f"暖車觸媒轉換器效率低於標準值{b_zh}")
    add(f"P{base + 2:04d}", f"Main Catalyst Efficiency Below Threshold {b_en}", f"主觸媒轉換器效率低於標準值{b_zh}")
    add(f"P{base + 3:04d}", f"Heated Catalyst Efficiency Below Threshold {b_en}", f"加熱式觸媒轉換器效率低於標準值{b_zh}")
    add(f"P{base + 4:04d}", f"Heated Catalyst Temperature Below Threshold {b_en}", f"加熱式觸媒轉換器溫度低於標準值{b_zh}")
    family("P", f"{base + 5:04d}", "Catalyst Temperature Sensor", "觸媒轉換器溫度感知器", [
        ("", "故障"), ("Range/Performance", "範圍/性能不良"), ("Low", "電壓過低"), ("High", "電壓過高")],
        f"(Bank {bank} Sensor 1)", f"（第{bank}排 感知器1）")
    add(f"P{base + 9:04d}", f"Catalyst Heater Control Circuit {b_en}", f"觸媒轉換器加熱器控制電路故障{b_zh}")
EVAP = "Evaporative Emission System"
EVAP_ZH = "蒸發排放控制系統（EVAP）"
add("P0440", EVAP, f"{EVAP_ZH}故障")
add("P0441", f"{EVAP} Incorrect Purge Flow", f"{EVAP_ZH}淨化流量不正確")
add("P0442", f"{EVAP} Leak Detected (Small Leak)", f"{EVAP_ZH}偵測到洩漏（小洩漏）")
add("P0443", f"{EVAP} Purge Control Valve Circuit", f"{EVAP_ZH}碳罐淨化控制閥電路故障")
add("P0444", f"{EVAP} Purge Control Valve Circuit Open", f"{EVAP_ZH}碳罐淨化控制閥電路斷路")
add("P0445", f"{EVAP} Purge Control Valve Circuit Shorted", f"{EVAP_ZH}碳罐淨化控制閥電路短路")
add("P0446", f"{EVAP} Vent Control Circuit", f"{EVAP_ZH}通氣控制電路故障")
add("P0447", f"{EVAP} Vent Control Circuit Open", f"{EVAP_ZH}通氣控制電路斷路")
add("P0448", f"{EVAP} Vent Control Circuit Shorted", f"{EVAP_ZH}通氣控制電路短路")
add("P0449", f"{EVAP} Vent Valve/Solenoid Circuit", f"{EVAP_ZH}通氣閥/電磁閥電路故障")
family("P", "0450", f"{EVAP} Pressure Sensor/Switch", f"{EVAP_ZH}壓力感知器/開關", [
    ("", "故障"), ("Range/Performance", "範圍/性能不良"), ("Low", "電壓過低"), ("High", "電壓過高"),
    ("Intermittent", "間歇性故障")])
add("P0455", f"{EVAP} Leak Detected (Large Leak)", f"{EVAP_ZH}偵測到洩漏（大洩漏）")
add("P0456", f"{EVAP} Leak Detected (Very Small Leak)", f"{EVAP_ZH}偵測到洩漏（極小洩漏）")
add("P0457", f"{EVAP} Leak Detected (Fuel Cap Loose/Off)", f"{EVAP_ZH}偵測到洩漏（油箱蓋鬆脫/未蓋）")
add("P0458", f"{EVAP} Purge Control Valve Circuit Low", f"{EVAP_ZH}碳罐淨化控制閥電路電壓過低")
add("P0459", f"{EVAP} Purge Control Valve Circuit High", f"{EVAP_ZH}碳罐淨化控制閥電路電壓過高")
family("P", "0460", 'Fuel Level Sensor "A"', "燃油油位感知器A", CIRCUIT5_ERRATIC)
family("P", "0465", "EVAP Purge Flow Sensor", "EVAP淨化流量感知器", CIRCUIT5)
family("P", "0470", 'Exhaust Pressure Sensor "A"', "排氣壓力感知器A", CIRCUIT5_ERRATIC)
family("P", "0475", 'Exhaust Pressure Control Valve "A"', "排氣壓力控制閥A", [
    ("", "故障"), (" Range/Performance", "範圍/性能不良"), (" Low", "電壓過低"), (" High", "電壓過高"),
    (" Intermittent", "間歇性故障")])
add("P0480", "Fan 1 Control Circuit", "冷卻風扇1控制電路故障")
add("P0481", "Fan 2 Control Circuit", "冷卻風扇2控制電路故障")
add("P0482", "Fan 3 Control Circuit", "冷卻風扇3控制電路故障")
add("P0483", "Fan Rationality Check", "冷卻風扇合理性檢查失敗")
add("P0484", "Fan Circuit Over Current", "冷卻風扇電路過電流")
add("P0485", "Fan Power/Ground Circuit", "冷卻風扇電源/搭鐵電路故障")
add("P0486", 'Exhaust Gas Recirculation Sensor "B" Circuit', "廢氣再循環（EGR）感知器B電路故障")
add("P0487", "Exhaust Gas Recirculation Throttle Position Control Circuit", "廢氣再循環（EGR）節氣門位置控制電路故障")
add("P0488", "Exhaust Gas Recirculation Throttle Position Control Range/Performance",
    "廢氣再循環（EGR）節氣門位置控制範圍/性能不良")
add("P0489", 'Exhaust Gas Recirculation "A" Control Circuit Low', "廢氣再循環（EGR）A控制電路電壓過低")
add("P0490", 'Exhaust Gas Recirculation "A" Control Circuit High', "廢氣再循環（EGR）A控制電路電壓過高")
add("P0491", "Secondary Air Injection System Insufficient Flow (Bank 1)", "二次空氣噴射系統流量不足（第1排）")
add("P0492", "Secondary Air Injection System Insufficient Flow (Bank 2)", "二次空氣噴射系統流量不足（第2排）")
add("P0493", "Fan Overspeed", "冷卻風扇超速")
add("P0494", "Fan Speed Low", "冷卻風扇轉速過低")
add("P0495", "Fan Speed High", "冷卻風扇轉速過高")
add("P0496", f"{EVAP} High Purge Flow", f"{EVAP_ZH}淨化流量過高")
add("P0497", f"{EVAP} Low Purge Flow", f"{EVAP_ZH}淨化流量過低")
add("P0498", f"{EVAP} Vent Control Circuit Low", f"{EVAP_ZH}通氣控制電路電壓過低")
add("P0499", f"{EVAP} Vent Control Circuit High", f"{EVAP_ZH}通氣控制電路電壓過高")

# P05xx: vehicle speed, idle control and auxiliary inputs
add("P0500", 'Vehicle Speed Sensor "A"', "車速感知器A故障")
add("P0501", 'Vehicle Speed Sensor "A" Range/Performance', "車速感知器A範圍/性能不良")
add("P0502", 'Vehicle Speed Sensor "A" Circuit Low Input', "車速感知器A電路輸入過低")
add("P0503", 'Vehicle Speed Sensor "A" Intermittent/Erratic/High', "車速感知器A間歇/不穩定/過高")
add("P0504", 'Brake Switch "A"/"B" Correlation', "煞車開關A/B相關性不符")
add("P0505", "Idle Air Control System", "怠速空氣控制系統故障")
add("P0506", "Idle Air Control System RPM Lower Than Expected", "怠速空氣控制系統轉速低於預期")
add("P0507", "Idle Air Control System RPM Higher Than Expected", "怠速空氣控制系統轉速高於預期")
add("P0508", "Idle Air Control System Circuit Low", "怠速空氣控制系統電路電壓過低")
add("P0509", "Idle Air Control System Circuit High", "怠速空氣控制系統電路電壓過高")
add("P0510", "Closed Throttle Position Switch", "節氣門全關位置開關故障")
add("P0511", "Idle Air Control Circuit", "怠速空氣控制電路故障")
add("P0512", "Starter Request Circuit", "起動要求電路故障")
add("P0513", "Invalid Immobilizer Key", "防盜鑰匙無效")
add("P0514", "Battery Temperature Sensor Circuit Range/Performance", "電瓶溫度感知器電路範圍/性能不良")
add("P0515", "Battery Temperature Sensor Circuit", "電瓶溫度感知器電路故障")
add("P0516", "Battery Temperature Sensor Circuit Low", "電瓶溫度感知器電路電壓過低")
add("P0517", "Battery Temperature Sensor Circuit High", "電瓶溫度感知器電路電壓過高")
add("P0518", "Idle Air Control Circuit Intermittent", "怠速空氣控制電路間歇性故障")
add("P0519", "Idle Air Control System Performance", "怠速空氣控制系統性能不良")
add("P0520", "Engine Oil Pressure Sensor/Switch Circuit", "機油壓力感知器/開關電路故障")
add("P0521", "Engine Oil Pressure Sensor/Switch Range/Performance", "機油壓力感知器/開關範圍/性能不良")
add("P0522", "Engine Oil Pressure Sensor/Switch Low Voltage", "機油壓力感知器/開關電壓過低")
add("P0523", "Engine Oil Pressure Sensor/Switch High Voltage", "機油壓力感知器/開關電壓過高")
add("P0524", "Engine Oil Pressure Too Low", "機油壓力過低")
add("P0525", "Cruise Control Servo Control Circuit Range/Performance", "定速巡航伺服控制電路範圍/性能不良")
family("P", "0526", "Fan Speed Sensor", "冷卻風扇轉速感知器", SPEED4)
family("P", "0530", 'A/C Refrigerant Pressure Sensor "A"', "冷氣冷媒壓力感知器A", CIRCUIT4)
add("P0534", "Air Conditioner Refrigerant Charge Loss", "冷氣冷媒流失")
family("P", "0535", "A/C Evaporator Temperature Sensor", "冷氣蒸發器溫度感知器", CIRCUIT5)
add("P0540", 'Intake Air Heater "A" Circuit', "進氣加熱器A電路故障")
add("P0541", 'Intake Air Heater "A" Circuit Low', "進氣加熱器A電路電壓過低")
add("P0542", 'Intake Air Heater "A" Circuit High', "進氣加熱器A電路電壓過高")
add("P0543", 'Intake Air Heater "A" Circuit Open', "進氣加熱器A電路斷路")
for start, bank in ((544, 1), (547, 2)):
    t_en, t_zh = bs(bank, 1)
    add(f"P{start:04d}", f"Exhaust Gas Temperature Sensor Circuit {t_en}", f"排氣溫度感知器電路故障{t_zh}")
    add(f"P{start + 1:04d}", f"Exhaust Gas Temperature Sensor Circuit Low {t_en}", f"排氣溫度感知器電路電壓過低{t_zh}")
    add(f"P{start + 2:04d}", f"Exhaust Gas Temperature Sensor Circuit High {t_en}", f"排氣溫度感知器電路電壓過高{t_zh}")
family("P", "0550", "Power Steering Pressure Sensor/Switch", "動力方向盤壓力感知器/開關", CIRCUIT5)
family("P", "0555", "Brake Booster Pressure Sensor", "煞車輔助器壓力感知器", CIRCUIT5)
add("P0560", "System Voltage", "系統電壓異常")
add("P0561", "System Voltage Unstable", "系統電壓不穩定")
add("P0562", "System Voltage Low", "系統電壓過低")
add("P0563", "System Voltage High", "系統電壓過高")
add("P0564", 'Cruise Control Multi-Function Input "A" Circuit', "定速巡航多功能輸入A電路故障")
for code, sig, sig_zh in (("P0565", "On", "開啟"), ("P0566", "Off", "關閉"), ("P0567", "Resume", "恢復"),
                          ("P0568", "Set", "設定"), ("P0569", "Coast", "減速"), ("P0570", "Accel", "加速")):
    add(code, f"Cruise Control {sig} Signal", f"定速巡航{sig_zh}訊號故障")
add("P0571", 'Brake Switch "A" Circuit', "煞車開關A電路故障")
add("P0572", 'Brake Switch "A" Circuit Low', "煞車開關A電路電壓過低")
add("P0573", 'Brake Switch "A" Circuit High', "煞車開關A電路電壓過高")
add("P0574", "Cruise Control System - Vehicle Speed Too High", "定速巡航系統－車速過高")
add("P0575", "Cruise Control Input Circuit", "定速巡航輸入電路故障")
add("P0576", "Cruise Control Input Circuit Low", "定速巡航輸入電路電壓過低")
add("P0577", "Cruise Control Input Circuit High", "定速巡航輸入電路電壓過高")
CRUISE = "Cruise Control"
CRUISE_ZH = "定速巡航"
add("P0589", f'{CRUISE} Multi-Function Input "B" Circuit', f"{CRUISE_ZH}多功能輸入B電路故障")
for start, letter in ((578, "A"), (590, "B")):
    family("P", f"{start:04d}", f'{CRUISE} Multi-Function Input "{letter}" Circuit', f"{CRUISE_ZH}多功能輸入{letter}電路",
           [("Stuck", "卡滯"), ("Range/Performance", "範圍/性能不良"), ("Low", "電壓過低"), ("High", "電壓過高")])
for start, what_en, what_zh in ((582, "Vacuum", "真空"), (586, "Vent", "通氣"), (594, "Servo", "伺服")):
    add(f"P{start:04d}", f"{CRUISE} {what_en} Control Circuit/Open", f"{CRUISE_ZH}{what_zh}控制電路故障/斷路")
    add(f"P{start + 1:04d}", f"{CRUISE} {what_en} Control Circuit Low", f"{CRUISE_ZH}{what_zh}控制電路電壓過低")
    add(f"P{start + 2:04d}", f"{CRUISE} {what_en} Control Circuit High", f"{CRUISE_ZH}{what_zh}控制電路電壓過高")
add("P0585", f'{CRUISE} Multi-Function Input "A"/"B" Correlation', f"{CRUISE_ZH}多功能輸入A/B相關性不符")
add("P0597", "Thermostat Heater Control Circuit/Open", "節溫器加熱器控制電路故障/斷路")
add("P0598", "Thermostat Heater Control Circuit Low", "節溫器加熱器控制電路電壓過低")
add("P0599", "Thermostat Heater Control Circuit High", "節溫器加熱器控制電路電壓過高")

# P06xx: computer and auxiliary outputs
P06 = [
    ("P0600", "Serial Communication Link", "序列通訊連結故障"),
    ("P0601", "Internal Control Module Memory Check Sum Error", "控制模組內部記憶體檢查碼錯誤"),
    ("P0602", "Control Module Programming Error", "控制模組程式設定錯誤"),
    ("P0603", "Internal Control Module Keep Alive Memory (KAM) Error", "控制模組內部保持記憶體（KAM）錯誤"),
    ("P0604", "Internal Control Module Random Access Memory (RAM) Error", "控制模組內部隨機存取記憶體（RAM）錯誤"),
    ("P0605", "Internal Control Module Read Only Memory (ROM) Error", "控制模組內部唯讀記憶體（ROM）錯誤"),
    ("P0606", "Control Module Processor", "控制模組處理器故障"),
    ("P0607", "Control Module Performance", "控制模組性能不良"),
    ("P0608", 'Control Module VSS Output "A"', "控制模組車速訊號輸出A故障"),
    ("P0609", 'Control Module VSS Output "B"', "控制模組車速訊號輸出B故障"),
    ("P0610", "Control Module Vehicle Options Error", "控制模組車輛配備設定錯誤"),
    ("P0611", "Fuel Injector Control Module Performance", "噴油嘴控制模組性能不良"),
    ("P0612", "Fuel Injector Control Module Relay Control", "噴油嘴控制模組繼電器控制故障"),
    ("P0613", "TCM Processor", "變速箱控制模組（TCM）處理器故障"),
    ("P0614", "ECM / TCM Incompatible", "引擎控制模組與變速箱控制模組不相容"),
    ("P0615", "Starter Relay Circuit", "起動馬達繼電器電路故障"),
    ("P0616", "Starter Relay Circuit Low", "起動馬達繼電器電路電壓過低"),
    ("P0617", "Starter Relay Circuit High", "起動馬達繼電器電路電壓過高"),
    ("P0618", "Alternative Fuel Control Module KAM Error", "替代燃料控制模組KAM錯誤"),
    ("P0619", "Alternative Fuel Control Module RAM/ROM Error", "替代燃料控制模組RAM/ROM錯誤"),
    ("P0620", "Generator Control Circuit", "發電機控制電路故障"),
    ("P0621", 'Generator Lamp/L Terminal Circuit', "發電機指示燈/L端子電路故障"),
    ("P0622", 'Generator Field/F Terminal Circuit', "發電機磁場/F端子電路故障"),
    ("P0623", "Generator Lamp Control Circuit", "發電機指示燈控制電路故障"),
    ("P0624", "Fuel Cap Lamp Control Circuit", "油箱蓋指示燈控制電路故障"),
    ("P0625", "Generator Field/F Terminal Circuit Low", "發電機磁場/F端子電路電壓過低"),
    ("P0626", "Generator Field/F Terminal Circuit High", "發電機磁場/F端子電路電壓過高"),
    ("P0627", 'Fuel Pump "A" Control Circuit/Open', "燃油泵A控制電路故障/斷路"),
    ("P0628", 'Fuel Pump "A" Control Circuit Low', "燃油泵A控制電路電壓過低"),
    ("P0629", 'Fuel Pump "A" Control Circuit High', "燃油泵A控制電路電壓過高"),
    ("P0630", "VIN Not Programmed or Incompatible - ECM/PCM", "車身號碼未設定或不相容－ECM/PCM"),
    ("P0631", "VIN Not Programmed or Incompatible - TCM", "車身號碼未設定或不相容－TCM"),
    ("P0632", "Odometer Not Programmed - ECM/PCM", "里程表未設定－ECM/PCM"),
    ("P0633", "Immobilizer Key Not Programmed - ECM/PCM", "防盜鑰匙未設定－ECM/PCM"),
    ("P0634", "PCM/ECM/TCM Internal Temperature Too High", "PCM/ECM/TCM內部溫度過高"),
    ("P0635", "Power Steering Control Circuit", "動力方向盤控制電路故障"),
    ("P0636", "Power Steering Control Circuit Low", "動力方向盤控制電路電壓過低"),
    ("P0637", "Power Steering Control Circuit High", "動力方向盤控制電路電壓過高"),
    ("P0638", "Throttle Actuator Control Range/Performance (Bank 1)", "節氣門作動器控制範圍/性能不良（第1排）"),
    ("P0639", "Throttle Actuator Control Range/Performance (Bank 2)", "節氣門作動器控制範圍/性能不良（第2排）"),
    ("P0640", "Intake Air Heater Control Circuit", "進氣加熱器控制電路故障"),
    ("P0641", 'Sensor Reference Voltage "A" Circuit/Open', "感知器參考電壓A電路故障/斷路"),
    ("P0642", 'Sensor Reference Voltage "A" Circuit Low', "感知器參考電壓A電路電壓過低"),
    ("P0643", 'Sensor Reference Voltage "A" Circuit High', "感知器參考電壓A電路電壓過高"),
    ("P0644", "Driver Display Serial Communication Circuit", "駕駛顯示器序列通訊電路故障"),
    ("P0645", "A/C Clutch Relay Control Circuit", "冷氣壓縮機離合器繼電器控制電路故障"),
    ("P0646", "A/C Clutch Relay Control Circuit Low", "冷氣壓縮機離合器繼電器控制電路電壓過低"),
    ("P0647", "A/C Clutch Relay Control Circuit High", "冷氣壓縮機離合器繼電器控制電路電壓過高"),
    ("P0648", "Immobilizer Lamp Control Circuit", "防盜指示燈控制電路故障"),
    ("P0649", "Speed Control Lamp Control Circuit", "定速控制指示燈控制電路故障"),
    ("P0650", "Malfunction Indicator Lamp (MIL) Control Circuit", "故障指示燈（MIL）控制電路故障"),
    ("P0651", 'Sensor Reference Voltage "B" Circuit/Open', "感知器參考電壓B電路故障/斷路"),
    ("P0652", 'Sensor Reference Voltage "B" Circuit Low', "感知器參考電壓B電路電壓過低"),
    ("P0653", 'Sensor Reference Voltage "B" Circuit High', "感知器參考電壓B電路電壓過高"),
    ("P0654", "Engine RPM Output Circuit", "引擎轉速輸出電路故障"),
    ("P0655", "Engine Hot Lamp Output Control Circuit", "引擎過熱指示燈輸出控制電路故障"),
    ("P0656", "Fuel Level Output Circuit", "燃油油位輸出電路故障"),
    ("P0657", 'Actuator Supply Voltage "A" Circuit/Open', "作動器供應電壓A電路故障/斷路"),
    ("P0658", 'Actuator Supply Voltage "A" Circuit Low', "作動器供應電壓A電路電壓過低"),
    ("P0659", 'Actuator Supply Voltage "A" Circuit High', "作動器供應電壓A電路電壓過高"),
]
for code, en, zh in P06:
    add(code, en, zh)
for start, bank in ((660, 1), (663, 2)):
    b_en, b_zh = f"(Bank {bank})", BANK_ZH[bank]
    add(f"P{start:04d}", f"Intake Manifold Tuning Valve Control Circuit/Open {b_en}", f"進氣歧管調諧閥控制電路故障/斷路{b_zh}")
    add(f"P{start + 1:04d}", f"Intake Manifold Tuning Valve Control Circuit Low {b_en}", f"進氣歧管調諧閥控制電路電壓過低{b_zh}")
    add(f"P{start + 2:04d}", f"Intake Manifold Tuning Valve Control Circuit High {b_en}", f"進氣歧管調諧閥控制電路電壓過高{b_zh}")
family("P", "0666", "PCM/ECM/TCM Internal Temperature Sensor", "PCM/ECM/TCM內部溫度感知器", CIRCUIT4)
add("P0670", "Glow Plug Module Control Circuit", "預熱塞模組控制電路故障")
for n in range(1, 13):
    add(f"P{670 + n:04d}", f"Cylinder {n} Glow Plug Circuit", f"第{n}缸預熱塞電路故障")
add("P0683", "Glow Plug Control Module to PCM Communication Circuit", "預熱塞控制模組與PCM通訊電路故障")
add("P0684", "Glow Plug Control Module to PCM Communication Circuit Range/Performance",
    "預熱塞控制模組與PCM通訊電路範圍/性能不良")
add("P0685", "ECM/PCM Power Relay Control Circuit/Open", "ECM/PCM電源繼電器控制電路故障/斷路")
add("P0686", "ECM/PCM Power Relay Control Circuit Low", "ECM/PCM電源繼電器控制電路電壓過低")
add("P0687", "ECM/PCM Power Relay Control Circuit High", "ECM/PCM電源繼電器控制電路電壓過高")
add("P0688", "ECM/PCM Power Relay Sense Circuit/Open", "ECM/PCM電源繼電器感測電路故障/斷路")
add("P0689", "ECM/PCM Power Relay Sense Circuit Low", "ECM/PCM電源繼電器感測電路電壓過低")
add("P0690", "ECM/PCM Power Relay Sense Circuit High", "ECM/PCM電源繼電器感測電路電壓過高")
for i, fan in enumerate((1, 2, 3)):
    add(f"P{691 + 2 * i:04d}", f"Fan {fan} Control Circuit Low", f"冷卻風扇{fan}控制電路電壓過低")
    add(f"P{692 + 2 * i:04d}", f"Fan {fan} Control Circuit High", f"冷卻風扇{fan}控制電路電壓過高")
add("P0697", 'Sensor Reference Voltage "C" Circuit/Open', "感知器參考電壓C電路故障/斷路")
add("P0698", 'Sensor Reference Voltage "C" Circuit Low', "感知器參考電壓C電路電壓過低")
add("P0699", 'Sensor Reference Voltage "C" Circuit High', "感知器參考電壓C電路電壓過高")

# P07xx: transmission
add("P0700", "Transmission Control System (MIL Request)", "變速箱控制系統故障（要求點亮故障燈）")
add("P0701", "Transmission Control System Range/Performance", "變速箱控制系統範圍/性能不良")
add("P0702", "Transmission Control System Electrical", "變速箱控制系統電氣故障")
add("P0703", 'Brake Switch "B" Circuit', "煞車開關B電路故障")
add("P0704", "Clutch Switch Input Circuit Malfunction", "離合器開關輸入電路故障")
add("P0705", 'Transmission Range Sensor "A" Circuit (PRNDL Input)', "變速箱檔位感知器A電路故障（PRNDL輸入）")
family("P", "0706", 'Transmission Range Sensor "A"', "變速箱檔位感知器A", [
    ("Circuit Range/Performance", "電路範圍/性能不良"), ("Circuit Low", "電路電壓過低"),
    ("Circuit High", "電路電壓過高"), ("Circuit Intermittent", "電路間歇性故障")])
family("P", "0710", 'Transmission Fluid Temperature Sensor "A"', "變速箱油溫感知器A", CIRCUIT5)
family("P", "0715", 'Input/Turbine Speed Sensor "A"', "輸入軸/渦輪轉速感知器A", SPEED4)
add("P0719", 'Brake Switch "B" Circuit Low', "煞車開關B電路電壓過低")
family("P", "0720", "Output Speed Sensor", "輸出軸轉速感知器", SPEED4)
add("P0724", 'Brake Switch "B" Circuit High', "煞車開關B電路電壓過高")
family("P", "0725", "Engine Speed Input", "引擎轉速輸入", SPEED4)
add("P0729", "Gear 6 Incorrect Ratio", "6檔齒輪比不正確")
add("P0730", "Incorrect Gear Ratio", "齒輪比不正確")
for g in range(1, 6):
    add(f"P{730 + g:04d}", f"Gear {g} Incorrect Ratio", f"{g}檔齒輪比不正確")
add("P0736", "Reverse Incorrect Ratio", "倒檔齒輪比不正確")
add("P0737", "TCM Engine Speed Output Circuit", "TCM引擎轉速輸出電路故障")
add("P0738", "TCM Engine Speed Output Circuit Low", "TCM引擎轉速輸出電路電壓過低")
add("P0739", "TCM Engine Speed Output Circuit High", "TCM引擎轉速輸出電路電壓過高")
add("P0740", "Torque Converter Clutch Solenoid Circuit/Open", "液體扭力變換器鎖定離合器電磁閥電路故障/斷路")
add("P0741", "Torque Converter Clutch Solenoid Circuit Performance/Stuck Off",
    "液體扭力變換器鎖定離合器電磁閥電路性能不良/卡在關閉")
add("P0742", "Torque Converter Clutch Solenoid Circuit Stuck On", "液體扭力變換器鎖定離合器電磁閥電路卡在開啟")
add("P0743", "Torque Converter Clutch Solenoid Circuit Electrical", "液體扭力變換器鎖定離合器電磁閥電路電氣故障")
add("P0744", "Torque Converter Clutch Solenoid Circuit Intermittent", "液體扭力變換器鎖定離合器電磁閥電路間歇性故障")
family("P", "0745", 'Pressure Control Solenoid "A"', "壓力控制電磁閥A", SOLENOID5)
for start, letter in ((750, "A"), (755, "B"), (760, "C"), (765, "D"), (770, "E")):
    family("P", f"{start:04d}", f'Shift Solenoid "{letter}"', f"換檔電磁閥{letter}", SOLENOID5)
family("P", "0775", 'Pressure Control Solenoid "B"', "壓力控制電磁閥B", SOLENOID5)
add("P0780", "Shift", "換檔故障")
add("P0781", "1-2 Shift", "1-2檔換檔故障")
add("P0782", "2-3 Shift", "2-3檔換檔故障")
add("P0783", "3-4 Shift", "3-4檔換檔故障")
add("P0784", "4-5 Shift", "4-5檔換檔故障")
family("P", "0785", "Shift/Timing Solenoid", "換檔/正時電磁閥", [
    ("", "故障"), (" Range/Performance", "範圍/性能不良"), (" Low", "電壓過低"), (" High", "電壓過高"),
    (" Intermittent", "間歇性故障")])
add("P0790", "Normal/Performance Switch Circuit", "標準/性能模式開關電路故障")
family("P", "0791", 'Intermediate Shaft Speed Sensor "A"', "中間軸轉速感知器A", SPEED4)
family("P", "0795", 'Pressure Control Solenoid "C"', "壓力控制電磁閥C", SOLENOID5)

# P08xx: transmission
P08 = [
    ("P0800", "Transfer Case Control System (MIL Request)", "分動箱控制系統故障（要求點亮故障燈）"),
    ("P0801", "Reverse Inhibit Control Circuit", "倒檔禁止控制電路故障"),
    ("P0802", "Transmission Control System MIL Request Circuit/Open", "變速箱控制系統故障燈要求電路故障/斷路"),
    ("P0803", "1-4 Upshift (Skip Shift) Solenoid Control Circuit", "1-4檔跳檔升檔電磁閥控制電路故障"),
    ("P0804", "1-4 Upshift (Skip Shift) Lamp Control Circuit", "1-4檔跳檔升檔指示燈控制電路故障"),
]
for code, en, zh in P08:
    add(code, en, zh)
family("P", "0805", "Clutch Position Sensor", "離合器位置感知器", CIRCUIT5)
add("P0810", "Clutch Position Control Error", "離合器位置控制錯誤")
add("P0811", "Excessive Clutch Slippage", "離合器打滑過度")
add("P0812", "Reverse Input Circuit", "倒檔輸入電路故障")
add("P0813", "Reverse Output Circuit", "倒檔輸出電路故障")
add("P0814", "Transmission Range Display Circuit", "變速箱檔位顯示電路故障")
add("P0815", "Upshift Switch Circuit", "升檔開關電路故障")
add("P0816", "Downshift Switch Circuit", "降檔開關電路故障")
add("P0817", "Starter Disable Circuit", "起動禁止電路故障")
add("P0818", "Driveline Disconnect Switch Input Circuit", "傳動系統分離開關輸入電路故障")
for start, letter in ((830, "A"), (833, "B")):
    add(f"P{start:04d}", f'Clutch Pedal Switch "{letter}" Circuit', f"離合器踏板開關{letter}電路故障")
    add(f"P{start + 1:04d}", f'Clutch Pedal Switch "{letter}" Circuit Low', f"離合器踏板開關{letter}電路電壓過低")
    add(f"P{start + 2:04d}", f'Clutch Pedal Switch "{letter}" Circuit High', f"離合器踏板開關{letter}電路電壓過高")
family("P", "0836", "Four Wheel Drive (4WD) Switch", "四輪驅動（4WD）開關", CIRCUIT4)
for start, letter in ((840, "A"), (845, "B"), (870, "C"), (875, "D"), (987, "E"), (992, "F")):
    family("P", f"{start:04d}", f'Transmission Fluid Pressure Sensor/Switch "{letter}"',
           f"變速箱油壓感知器/開關{letter}", CIRCUIT5)
add("P0850", "Park/Neutral Switch Input Circuit", "P/N檔開關輸入電路故障")
add("P0851", "Park/Neutral Switch Input Circuit Low", "P/N檔開關輸入電路電壓過低")
add("P0852", "Park/Neutral Switch Input Circuit High", "P/N檔開關輸入電路電壓過高")
add("P0853", "Drive Switch Input Circuit", "D檔開關輸入電路故障")
add("P0854", "Drive Switch Input Circuit Low", "D檔開關輸入電路電壓過低")
add("P0855", "Drive Switch Input Circuit High", "D檔開關輸入電路電壓過高")
add("P0856", "Traction Control Input Signal", "循跡控制輸入訊號故障")
add("P0857", "Traction Control Input Signal Range/Performance", "循跡控制輸入訊號範圍/性能不良")
add("P0858", "Traction Control Input Signal Low", "循跡控制輸入訊號過低")
add("P0859", "Traction Control Input Signal High", "循跡控制輸入訊號過高")
add("P0860", "Gear Shift Module Communication Circuit", "換檔模組通訊電路故障")
add("P0861", "Gear Shift Module Communication Circuit Low", "換檔模組通訊電路電壓過低")
add("P0862", "Gear Shift Module Communication Circuit High", "換檔模組通訊電路電壓過高")
family("P", "0863", "TCM Communication", "TCM通訊", CIRCUIT4)
add("P0867", "Transmission Fluid Pressure", "變速箱油壓異常")
add("P0868", "Transmission Fluid Pressure Low", "變速箱油壓過低")
add("P0869", "Transmission Fluid Pressure High", "變速箱油壓過高")
family("P", "0880", "TCM Power Input Signal", "TCM電源輸入訊號", [
    ("", "故障"), (" Range/Performance", "範圍/性能不良"), (" Low", "過低"), (" High", "過高"),
    (" Intermittent", "間歇性故障")])
add("P0885", "TCM Power Relay Control Circuit/Open", "TCM電源繼電器控制電路故障/斷路")
add("P0886", "TCM Power Relay Control Circuit Low", "TCM電源繼電器控制電路電壓過低")
add("P0887", "TCM Power Relay Control Circuit High", "TCM電源繼電器控制電路電壓過高")
family("P", "0888", "TCM Power Relay Sense", "TCM電源繼電器感測", CIRCUIT5)
add("P0893", "Multiple Gears Engaged", "多個檔位同時接合")
add("P0894", "Transmission Component Slipping", "變速箱元件打滑")
add("P0895", "Shift Time Too Short", "換檔時間過短")
add("P0896", "Shift Time Too Long", "換檔時間過長")
add("P0897", "Transmission Fluid Deteriorated", "變速箱油劣化")
add("P0898", "Transmission Control System MIL Request Circuit Low", "變速箱控制系統故障燈要求電路電壓過低")
add("P0899", "Transmission Control System MIL Request Circuit High", "變速箱控制系統故障燈要求電路電壓過高")

# P09xx: transmission (automated manual and pressure/shift solenoid control circuits)
CIRC_OPEN4 = [("Circuit/Open", "電路故障/斷路"), ("Circuit Range/Performance", "電路範圍/性能不良"),
              ("Circuit Low", "電路電壓過低"), ("Circuit High", "電路電壓過高")]
family("P", "0900", "Clutch Actuator", "離合器作動器", CIRC_OPEN4)
family("P", "0904", "Gate Select Position", "選檔位置", CIRCUIT5)
add("P0909", "Gate Select Control Error", "選檔控制錯誤")
family("P", "0910", "Gate Select Actuator", "選檔作動器", CIRC_OPEN4)
family("P", "0914", "Gear Shift Position", "換檔位置", CIRCUIT5)
add("P0919", "Gear Shift Position Control Error", "換檔位置控制錯誤")
family("P", "0920", "Gear Shift Forward Actuator", "前進換檔作動器", CIRC_OPEN4)
family("P", "0924", "Gear Shift Reverse Actuator", "倒檔換檔作動器", CIRC_OPEN4)
family("P", "0928", "Gear Shift Lock Solenoid Control", "換檔鎖定電磁閥控制", CIRC_OPEN4)
family("P", "0932", "Hydraulic Pressure Sensor", "液壓感知器", CIRCUIT5)
family("P", "0937", "Hydraulic Oil Temperature Sensor", "液壓油溫感知器", CIRCUIT5)
add("P0942", "Hydraulic Pressure Unit", "液壓單元故障")
add("P0943", "Hydraulic Pressure Unit Cycling Period Too Short", "液壓單元循環週期過短")
add("P0944", "Hydraulic Pressure Unit Loss of Pressure", "液壓單元失壓")
family("P", "0945", "Hydraulic Pump Relay", "液壓泵繼電器", CIRC_OPEN4)
add("P0949", "Auto Shift Manual Adaptive Learning Not Complete", "手自排自動換檔適應學習未完成")
family("P", "0950", "Auto Shift Manual Control", "手自排控制", CIRCUIT5)
family("P", "0955", "Auto Shift Manual Mode", "手自排模式", CIRCUIT5)
for start, letter in ((960, "A"), (964, "B"), (968, "C")):
    family("P", f"{start:04d}", f'Pressure Control Solenoid "{letter}" Control', f"壓力控制電磁閥{letter}控制",
           CIRC_OPEN4)
for start, letter in ((972, "A"), (975, "B"), (978, "C"), (981, "D"), (984, "E"), (997, "F")):
    family("P", f"{start:04d}", f'Shift Solenoid "{letter}" Control', f"換檔電磁閥{letter}控制", [
        ("Circuit Range/Performance", "電路範圍/性能不良"), ("Circuit Low", "電路電壓過低"),
        ("Circuit High", "電路電壓過高")])

# P0Axx: hybrid propulsion (only the codes we are sure of)
add("P0A0F", "Engine Failed to Start", "引擎無法啟動")
add("P0A7F", "Hybrid Battery Pack Deterioration", "油電混合動力電池組劣化")
add("P0A80", "Replace Hybrid Battery Pack", "更換油電混合動力電池組")

# ---------------------------------------------------------------------------------------------
# P20xx - P2Fxx
for bank, base in ((1, 2000), (2, 2001)):
    add(f"P{base:04d}", f"NOx Trap Efficiency Below Threshold (Bank {bank})", f"NOx捕集器效率低於標準值{BANK_ZH[bank]}")
    add(f"P{base + 2:04d}", f"Diesel Particulate Filter Efficiency Below Threshold (Bank {bank})",
        f"柴油微粒濾清器（DPF）效率低於標準值{BANK_ZH[bank]}")
    add(f"P{base + 4:04d}", f"Intake Manifold Runner Control Stuck Open (Bank {bank})",
        f"進氣歧管導管控制卡在開啟{BANK_ZH[bank]}")
    add(f"P{base + 6:04d}", f"Intake Manifold Runner Control Stuck Closed (Bank {bank})",
        f"進氣歧管導管控制卡在關閉{BANK_ZH[bank]}")
for start, bank in ((2008, 1), (2011, 2)):
    for i, (s_en, s_zh) in enumerate(CONTROL3):
        suffix_en = s_en.replace("Control ", "")
        suffix_zh = s_zh.replace("控制", "")
        add(f"P{start + i:04d}", f"Intake Manifold Runner Control {suffix_en} (Bank {bank})",
            f"進氣歧管導管控制{suffix_zh}{BANK_ZH[bank]}")
for start, bank in ((2014, 1), (2019, 2)):
    family("P", f"{start:04d}", "Intake Manifold Runner Position Sensor/Switch", "進氣歧管導管位置感知器/開關",
           CIRCUIT5, f"(Bank {bank})", BANK_ZH[bank])
add("P2024", "EVAP Fuel Vapor Temperature Sensor Circuit", "EVAP燃油蒸氣溫度感知器電路故障")
add("P2025", "EVAP Fuel Vapor Temperature Sensor Performance", "EVAP燃油蒸氣溫度感知器性能不良")
add("P2026", "EVAP Fuel Vapor Temperature Sensor Circuit Low Voltage", "EVAP燃油蒸氣溫度感知器電路電壓過低")
add("P2027", "EVAP Fuel Vapor Temperature Sensor Circuit High Voltage", "EVAP燃油蒸氣溫度感知器電路電壓過高")
add("P2028", "EVAP Fuel Vapor Temperature Sensor Circuit Intermittent", "EVAP燃油蒸氣溫度感知器電路間歇性故障")
for start, bank in ((2031, 1), (2034, 2)):
    t_en, t_zh = bs(bank, 2)
    add(f"P{start:04d}", f"Exhaust Gas Temperature Sensor Circuit {t_en}", f"排氣溫度感知器電路故障{t_zh}")
    add(f"P{start + 1:04d}", f"Exhaust Gas Temperature Sensor Circuit Low {t_en}", f"排氣溫度感知器電路電壓過低{t_zh}")
    add(f"P{start + 2:04d}", f"Exhaust Gas Temperature Sensor Circuit High {t_en}", f"排氣溫度感知器電路電壓過高{t_zh}")
family("P", "2065", 'Fuel Level Sensor "B"', "燃油油位感知器B", CIRCUIT5)
add("P2070", "Intake Manifold Tuning (IMT) Valve Stuck Open", "進氣歧管調諧（IMT）閥卡在開啟")
add("P2071", "Intake Manifold Tuning (IMT) Valve Stuck Closed", "進氣歧管調諧（IMT）閥卡在關閉")
family("P", "2075", "Intake Manifold Tuning (IMT) Valve Position Sensor/Switch", "進氣歧管調諧（IMT）閥位置感知器/開關",
       CIRCUIT5)
# VVT actuator control circuits: "A"/"B" camshaft, low/high, bank 1 then bank 2.
for i, (cam, level_en, level_zh, bank) in enumerate((
        ("A", "Low", "電壓過低", 1), ("A", "High", "電壓過高", 1), ("B", "Low", "電壓過低", 1), ("B", "High", "電壓過高", 1),
        ("A", "Low", "電壓過低", 2), ("A", "High", "電壓過高", 2), ("B", "Low", "電壓過低", 2), ("B", "High", "電壓過高", 2))):
    add(f"P{2088 + i:04d}", f'"{cam}" Camshaft Position Actuator Control Circuit {level_en} (Bank {bank})',
        f"可變汽門正時（VVT）{cam}凸輪軸位置作動器控制電路{level_zh}{BANK_ZH[bank]}")
for code, lean, bank in (("P2096", True, 1), ("P2097", False, 1), ("P2098", True, 2), ("P2099", False, 2)):
    add(code, f"Post Catalyst Fuel Trim System Too {'Lean' if lean else 'Rich'} (Bank {bank})",
        f"觸媒後燃油修正系統{'過稀' if lean else '過濃'}{BANK_ZH[bank]}")
TAC = "Throttle Actuator Control"
TAC_ZH = "節氣門作動器控制"
add("P2100", f"{TAC} Motor Circuit/Open", f"{TAC_ZH}馬達電路故障/斷路")
add("P2101", f"{TAC} Motor Circuit Range/Performance", f"{TAC_ZH}馬達電路範圍/性能不良")
add("P2102", f"{TAC} Motor Circuit Low", f"{TAC_ZH}馬達電路電壓過低")
add("P2103", f"{TAC} Motor Circuit High", f"{TAC_ZH}馬達電路電壓過高")
add("P2104", f"{TAC} System - Forced Idle", f"{TAC_ZH}系統－強制怠速")
add("P2105", f"{TAC} System - Forced Engine Shutdown", f"{TAC_ZH}系統－強制引擎熄火")
add("P2106", f"{TAC} System - Forced Limited Power", f"{TAC_ZH}系統－強制限制動力")
add("P2107", f"{TAC} Module Processor", f"{TAC_ZH}模組處理器故障")
add("P2108", f"{TAC} Module Performance", f"{TAC_ZH}模組性能不良")
add("P2109", 'Throttle/Pedal Position Sensor "A" Minimum Stop Performance', "節氣門/油門踏板位置感知器A最小位置性能不良")
add("P2110", f"{TAC} System - Forced Limited RPM", f"{TAC_ZH}系統－強制限制轉速")
add("P2111", f"{TAC} System - Stuck Open", f"{TAC_ZH}系統－卡在開啟")
add("P2112", f"{TAC} System - Stuck Closed", f"{TAC_ZH}系統－卡在關閉")
for code, letter in (("P2113", "B"), ("P2114", "C"), ("P2115", "D"), ("P2116", "E"), ("P2117", "F")):
    add(code, f'Throttle/Pedal Position Sensor "{letter}" Minimum Stop Performance',
        f"節氣門/油門踏板位置感知器{letter}最小位置性能不良")
add("P2118", f"{TAC} Motor Current Range/Performance", f"{TAC_ZH}馬達電流範圍/性能不良")
add("P2119", f"{TAC} Throttle Body Range/Performance", f"{TAC_ZH}節氣門體範圍/性能不良")
for start, letter in ((2120, "D"), (2125, "E"), (2130, "F")):
    family("P", f"{start:04d}", f'Throttle/Pedal Position Sensor/Switch "{letter}"',
           f"節氣門/油門踏板位置感知器/開關{letter}", CIRCUIT5)
for code, a, b in (("P2135", "A", "B"), ("P2136", "A", "C"), ("P2137", "B", "C"),
                   ("P2138", "D", "E"), ("P2139", "D", "F"), ("P2140", "E", "F")):
    add(code, f'Throttle/Pedal Position Sensor/Switch "{a}" / "{b}" Voltage Correlation',
        f"節氣門/油門踏板位置感知器/開關{a}/{b}電壓相關性不符")
add("P2141", "Exhaust Gas Recirculation Throttle Control Circuit Low", "廢氣再循環（EGR）節氣門控制電路電壓過低")
add("P2142", "Exhaust Gas Recirculation Throttle Control Circuit High", "廢氣再循環（EGR）節氣門控制電路電壓過高")
add("P2143", "Exhaust Gas Recirculation Vent Control Circuit/Open", "廢氣再循環（EGR）通氣控制電路故障/斷路")
add("P2144", "Exhaust Gas Recirculation Vent Control Circuit Low", "廢氣再循環（EGR）通氣控制電路電壓過低")
add("P2145", "Exhaust Gas Recirculation Vent Control Circuit High", "廢氣再循環（EGR）通氣控制電路電壓過高")
for start, group in ((2146, "A"), (2149, "B"), (2152, "C"), (2155, "D")):
    add(f"P{start:04d}", f'Fuel Injector Group "{group}" Supply Voltage Circuit/Open', f"噴油嘴群組{group}供應電壓電路故障/斷路")
    add(f"P{start + 1:04d}", f'Fuel Injector Group "{group}" Supply Voltage Circuit Low', f"噴油嘴群組{group}供應電壓電路電壓過低")
    add(f"P{start + 2:04d}", f'Fuel Injector Group "{group}" Supply Voltage Circuit High', f"噴油嘴群組{group}供應電壓電路電壓過高")
add("P2158", 'Vehicle Speed Sensor "B"', "車速感知器B故障")
add("P2159", 'Vehicle Speed Sensor "B" Range/Performance', "車速感知器B範圍/性能不良")
add("P2160", 'Vehicle Speed Sensor "B" Circuit Low', "車速感知器B電路電壓過低")
add("P2161", 'Vehicle Speed Sensor "B" Intermittent/Erratic', "車速感知器B間歇/不穩定")
add("P2162", 'Vehicle Speed Sensor "A" / "B" Correlation', "車速感知器A/B相關性不符")
add("P2163", 'Throttle/Pedal Position Sensor "A" Maximum Stop Performance', "節氣門/油門踏板位置感知器A最大位置性能不良")
add("P2164", 'Throttle/Pedal Position Sensor "B" Maximum Stop Performance', "節氣門/油門踏板位置感知器B最大位置性能不良")
add("P2172", f"{TAC} System - Sudden High Airflow Detected", f"{TAC_ZH}系統－偵測到進氣量突然過高")
add("P2173", f"{TAC} System - High Airflow Detected", f"{TAC_ZH}系統－偵測到進氣量過高")
add("P2174", f"{TAC} System - Sudden Low Airflow Detected", f"{TAC_ZH}系統－偵測到進氣量突然過低")
add("P2175", f"{TAC} System - Low Airflow Detected", f"{TAC_ZH}系統－偵測到進氣量過低")
add("P2176", f"{TAC} System - Idle Position Not Learned", f"{TAC_ZH}系統－怠速位置未學習")
for start, where_en, where_zh in ((2177, "Off Idle", "（非怠速）"), (2187, "at Idle", "（怠速時）"),
                                  (2191, "at Higher Load", "（高負載時）")):
    for i, (lean, bank) in enumerate(((True, 1), (False, 1), (True, 2), (False, 2))):
        add(f"P{start + i:04d}", f"System Too {'Lean' if lean else 'Rich'} {where_en} (Bank {bank})",
            f"系統混合比{'過稀' if lean else '過濃'}{where_zh}{BANK_ZH[bank]}")
add("P2181", "Cooling System Performance", "冷卻系統性能不良")
family("P", "2182", "Engine Coolant Temperature Sensor 2", "引擎冷卻液溫度感知器2", CIRCUIT5_ERRATIC)
for code, lean, bank, sensor in (("P2195", True, 1, 1), ("P2196", False, 1, 1), ("P2197", True, 2, 1),
                                 ("P2198", False, 2, 1), ("P2270", True, 1, 2), ("P2271", False, 1, 2),
                                 ("P2272", True, 2, 2), ("P2273", False, 2, 2), ("P2274", True, 1, 3),
                                 ("P2275", False, 1, 3), ("P2276", True, 2, 3), ("P2277", False, 2, 3)):
    t_en, t_zh = bs(bank, sensor)
    add(code, f"O2 Sensor Signal Biased/Stuck {'Lean' if lean else 'Rich'} {t_en}",
        f"含氧感知器訊號偏{'稀' if lean else '濃'}/卡在{'稀' if lean else '濃'}{t_zh}")
add("P2199", "Intake Air Temperature Sensor 1 / 2 Correlation", "進氣溫度感知器1/2相關性不符")
family("P", "2200", "NOx Sensor", "NOx感知器", CIRCUIT5, "(Bank 1)", "（第1排）")
add("P2205", "NOx Sensor Heater Control Circuit/Open (Bank 1)", "NOx感知器加熱器控制電路故障/斷路（第1排）")
add("P2206", "NOx Sensor Heater Control Circuit Low (Bank 1)", "NOx感知器加熱器控制電路電壓過低（第1排）")
add("P2207", "NOx Sensor Heater Control Circuit High (Bank 1)", "NOx感知器加熱器控制電路電壓過高（第1排）")
family("P", "2226", "Barometric Pressure", "大氣壓力", CIRCUIT5_ERRATIC)
for i, (bank, sensor) in enumerate(((1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3))):
    t_en, t_zh = bs(bank, sensor)
    add(f"P{2231 + i:04d}", f"O2 Sensor Signal Circuit Shorted to Heater Circuit {t_en}",
        f"含氧感知器訊號電路與加熱器電路短路{t_zh}")
for start, bank in ((2237, 1), (2240, 2)):
    t_en, t_zh = bs(bank, 1)
    add(f"P{start:04d}", f"O2 Sensor Positive Current Control Circuit/Open {t_en}", f"含氧感知器正電流控制電路故障/斷路{t_zh}")
    add(f"P{start + 1:04d}", f"O2 Sensor Positive Current Control Circuit Low {t_en}", f"含氧感知器正電流控制電路電壓過低{t_zh}")
    add(f"P{start + 2:04d}", f"O2 Sensor Positive Current Control Circuit High {t_en}", f"含氧感知器正電流控制電路電壓過高{t_zh}")
for start, bank in ((2243, 1), (2247, 2)):
    t_en, t_zh = bs(bank, 1)
    add(f"P{start:04d}", f"O2 Sensor Reference Voltage Circuit/Open {t_en}", f"含氧感知器參考電壓電路故障/斷路{t_zh}")
    add(f"P{start + 1:04d}", f"O2 Sensor Reference Voltage Performance {t_en}", f"含氧感知器參考電壓性能不良{t_zh}")
    add(f"P{start + 2:04d}", f"O2 Sensor Reference Voltage Circuit Low {t_en}", f"含氧感知器參考電壓電路電壓過低{t_zh}")
    add(f"P{start + 3:04d}", f"O2 Sensor Reference Voltage Circuit High {t_en}", f"含氧感知器參考電壓電路電壓過高{t_zh}")
for start, bank in ((2251, 1), (2254, 2)):
    t_en, t_zh = bs(bank, 1)
    add(f"P{start:04d}", f"O2 Sensor Negative Current Control Circuit/Open {t_en}", f"含氧感知器負電流控制電路故障/斷路{t_zh}")
    add(f"P{start + 1:04d}", f"O2 Sensor Negative Current Control Circuit Low {t_en}", f"含氧感知器負電流控制電路電壓過低{t_zh}")
    add(f"P{start + 2:04d}", f"O2 Sensor Negative Current Control Circuit High {t_en}", f"含氧感知器負電流控制電路電壓過高{t_zh}")
add("P2257", 'Secondary Air Injection System Control "A" Circuit Low', "二次空氣噴射系統控制A電路電壓過低")
add("P2258", 'Secondary Air Injection System Control "A" Circuit High', "二次空氣噴射系統控制A電路電壓過高")
add("P2259", 'Secondary Air Injection System Control "B" Circuit Low', "二次空氣噴射系統控制B電路電壓過低")
add("P2260", 'Secondary Air Injection System Control "B" Circuit High', "二次空氣噴射系統控制B電路電壓過高")
add("P2261", "Turbo/Super Charger Bypass Valve - Mechanical", "渦輪/機械增壓器旁通閥機械故障")
add("P2262", "Turbo/Super Charger Boost Pressure Not Detected - Mechanical", "未偵測到渦輪/機械增壓壓力（機械故障）")
add("P2263", "Turbo/Super Charger Boost System Performance", "渦輪/機械增壓系統性能不良")
family("P", "2264", "Water in Fuel Sensor", "燃油含水感知器", CIRCUIT5)
add("P2269", "Water in Fuel Condition", "燃油含水")
add("P2278", "O2 Sensor Signals Swapped Bank 1 Sensor 3 / Bank 2 Sensor 3",
    "含氧感知器訊號對調（第1排感知器3／第2排感知器3）")
add("P2279", "Intake Air System Leak", "進氣系統漏氣")
add("P2280", "Air Flow Restriction / Air Leak Between Air Filter and MAF", "空氣濾清器與空氣流量計之間氣流受阻/漏氣")
add("P2281", "Air Leak Between MAF and Throttle Body", "空氣流量計與節氣門體之間漏氣")
add("P2282", "Air Leak Between Throttle Body and Intake Valves", "節氣門體與進氣門之間漏氣")
family("P", "2283", "Injector Control Pressure Sensor", "噴油嘴控制壓力感知器", CIRCUIT5)
add("P2288", "Injector Control Pressure Too High", "噴油嘴控制壓力過高")
add("P2289", "Injector Control Pressure Too High - Engine Off", "噴油嘴控制壓力過高（引擎熄火時）")
add("P2290", "Injector Control Pressure Too Low", "噴油嘴控制壓力過低")
add("P2291", "Injector Control Pressure Too Low - Engine Cranking", "噴油嘴控制壓力過低（引擎起動時）")
add("P2293", "Fuel Pressure Regulator 2 Performance", "燃油壓力調節器2性能不良")
family("P", "2294", "Fuel Pressure Regulator 2", "燃油壓力調節器2", CONTROL3_PLAIN)
add("P2297", "O2 Sensor Out of Range During Deceleration (Bank 1 Sensor 1)", "減速時含氧感知器超出範圍（第1排 感知器1）")
add("P2298", "O2 Sensor Out of Range During Deceleration (Bank 2 Sensor 1)", "減速時含氧感知器超出範圍（第2排 感知器1）")
add("P2299", "Brake Pedal Position / Accelerator Pedal Position Incompatible", "煞車踏板位置與油門踏板位置不相容")
for i, letter in enumerate(LETTERS):
    base = 2300 + 3 * i
    add(f"P{base:04d}", f'Ignition Coil "{letter}" Primary Control Circuit Low', f"點火線圈{letter}初級控制電路電壓過低")
    add(f"P{base + 1:04d}", f'Ignition Coil "{letter}" Primary Control Circuit High', f"點火線圈{letter}初級控制電路電壓過高")
    add(f"P{base + 2:04d}", f'Ignition Coil "{letter}" Secondary Circuit', f"點火線圈{letter}次級電路故障")
for n in range(1, 13):
    add(f"P{2335 + n:04d}", f"Cylinder {n} Above Knock Threshold", f"第{n}缸爆震超過門檻")
add("P2400", "EVAP Leak Detection Pump Control Circuit/Open", "EVAP洩漏偵測泵控制電路故障/斷路")
add("P2401", "EVAP Leak Detection Pump Control Circuit Low", "EVAP洩漏偵測泵控制電路電壓過低")
add("P2402", "EVAP Leak Detection Pump Control Circuit High", "EVAP洩漏偵測泵控制電路電壓過高")
add("P2403", "EVAP Leak Detection Pump Sense Circuit/Open", "EVAP洩漏偵測泵感測電路故障/斷路")
add("P2404", "EVAP Leak Detection Pump Sense Circuit Range/Performance", "EVAP洩漏偵測泵感測電路範圍/性能不良")
add("P2405", "EVAP Leak Detection Pump Sense Circuit Low", "EVAP洩漏偵測泵感測電路電壓過低")
add("P2406", "EVAP Leak Detection Pump Sense Circuit High", "EVAP洩漏偵測泵感測電路電壓過高")
add("P2407", "EVAP Leak Detection Pump Sense Circuit Intermittent/Erratic", "EVAP洩漏偵測泵感測電路間歇/不穩定")
add("P2413", "Exhaust Gas Recirculation System Performance", "廢氣再循環（EGR）系統性能不良")
add("P2414", "O2 Sensor Exhaust Sample Error (Bank 1 Sensor 1)", "含氧感知器排氣取樣錯誤（第1排 感知器1）")
add("P2415", "O2 Sensor Exhaust Sample Error (Bank 2 Sensor 1)", "含氧感知器排氣取樣錯誤（第2排 感知器1）")
add("P2416", "O2 Sensor Signals Swapped Bank 1 Sensor 2 / Bank 1 Sensor 3",
    "含氧感知器訊號對調（第1排感知器2／第1排感知器3）")
add("P2417", "O2 Sensor Signals Swapped Bank 2 Sensor 2 / Bank 2 Sensor 3",
    "含氧感知器訊號對調（第2排感知器2／第2排感知器3）")
add("P2418", "Evaporative Emission System Switching Valve Control Circuit/Open", f"{EVAP_ZH}切換閥控制電路故障/斷路")
add("P2419", "Evaporative Emission System Switching Valve Control Circuit Low", f"{EVAP_ZH}切換閥控制電路電壓過低")
add("P2420", "Evaporative Emission System Switching Valve Control Circuit High", f"{EVAP_ZH}切換閥控制電路電壓過高")
add("P2421", "Evaporative Emission System Vent Valve Stuck Open", f"{EVAP_ZH}通氣閥卡在開啟")
add("P2422", "Evaporative Emission System Vent Valve Stuck Closed", f"{EVAP_ZH}通氣閥卡在關閉")
add("P2423", "HC Adsorption Catalyst Efficiency Below Threshold (Bank 1)", "HC吸附觸媒效率低於標準值（第1排）")
add("P2424", "HC Adsorption Catalyst Efficiency Below Threshold (Bank 2)", "HC吸附觸媒效率低於標準值（第2排）")
add("P2425", "Exhaust Gas Recirculation Cooling Valve Control Circuit/Open", "廢氣再循環（EGR）冷卻閥控制電路故障/斷路")
add("P2426", "Exhaust Gas Recirculation Cooling Valve Control Circuit Low", "廢氣再循環（EGR）冷卻閥控制電路電壓過低")
add("P2427", "Exhaust Gas Recirculation Cooling Valve Control Circuit High", "廢氣再循環（EGR）冷卻閥控制電路電壓過高")
add("P2428", "Exhaust Gas Temperature Too High (Bank 1)", "排氣溫度過高（第1排）")
add("P2429", "Exhaust Gas Temperature Too High (Bank 2)", "排氣溫度過高（第2排）")
for start, bank in ((2430, 1), (2435, 2)):
    family("P", f"{start:04d}", "Secondary Air Injection System Air Flow/Pressure Sensor",
           "二次空氣噴射系統空氣流量/壓力感知器", CIRCUIT5_ERRATIC, f"(Bank {bank})", BANK_ZH[bank])
for i, (what_en, what_zh, stuck_en, stuck_zh, bank) in enumerate((
        ("Switching Valve", "切換閥", "Open", "開啟", 1), ("Switching Valve", "切換閥", "Closed", "關閉", 1),
        ("Switching Valve", "切換閥", "Open", "開啟", 2), ("Switching Valve", "切換閥", "Closed", "關閉", 2),
        ("Pump", "泵", "On", "運轉", 1), ("Pump", "泵", "Off", "停止", 1),
        ("Pump", "泵", "On", "運轉", 2), ("Pump", "泵", "Off", "停止", 2))):
    add(f"P{2440 + i:04d}", f"Secondary Air Injection System {what_en} Stuck {stuck_en} (Bank {bank})",
        f"二次空氣噴射系統{what_zh}卡在{stuck_zh}{BANK_ZH[bank]}")
family("P", "2452", 'Diesel Particulate Filter Pressure Sensor "A"', "柴油微粒濾清器（DPF）壓力感知器A",
       CIRCUIT5_ERRATIC)
add("P2457", "Exhaust Gas Recirculation Cooling System Performance", "廢氣再循環（EGR）冷卻系統性能不良")
add("P2458", "Diesel Particulate Filter Regeneration Duration", "柴油微粒濾清器（DPF）再生時間異常")
add("P2459", "Diesel Particulate Filter Regeneration Frequency", "柴油微粒濾清器（DPF）再生頻率異常")
add("P2463", "Diesel Particulate Filter Restriction - Soot Accumulation", "柴油微粒濾清器（DPF）堵塞－積碳過多")
add("P2500", "Generator Lamp/L-Terminal Circuit Low", "發電機指示燈/L端子電路電壓過低")
add("P2501", "Generator Lamp/L-Terminal Circuit High", "發電機指示燈/L端子電路電壓過高")
add("P2502", "Charging System Voltage", "充電系統電壓異常")
add("P2503", "Charging System Voltage Low", "充電系統電壓過低")
add("P2504", "Charging System Voltage High", "充電系統電壓過高")
add("P2505", "ECM/PCM Power Input Signal", "ECM/PCM電源輸入訊號故障")
add("P2506", "ECM/PCM Power Input Signal Range/Performance", "ECM/PCM電源輸入訊號範圍/性能不良")
add("P2507", "ECM/PCM Power Input Signal Low", "ECM/PCM電源輸入訊號過低")
add("P2508", "ECM/PCM Power Input Signal High", "ECM/PCM電源輸入訊號過高")
add("P2509", "ECM/PCM Power Input Signal Intermittent", "ECM/PCM電源輸入訊號間歇性故障")
add("P2510", "ECM/PCM Power Relay Sense Circuit Range/Performance", "ECM/PCM電源繼電器感測電路範圍/性能不良")
add("P2511", "ECM/PCM Power Relay Sense Circuit Intermittent", "ECM/PCM電源繼電器感測電路間歇性故障")
add("P2530", "Ignition Switch Run Position Circuit", "點火開關ON位置電路故障")
add("P2531", "Ignition Switch Run Position Circuit Low", "點火開關ON位置電路電壓過低")
add("P2532", "Ignition Switch Run Position Circuit High", "點火開關ON位置電路電壓過高")
add("P2533", "Ignition Switch Run/Start Position Circuit", "點火開關ON/START位置電路故障")
add("P2534", "Ignition Switch Run/Start Position Circuit Low", "點火開關ON/START位置電路電壓過低")
add("P2535", "Ignition Switch Run/Start Position Circuit High", "點火開關ON/START位置電路電壓過高")
add("P2544", 'Torque Management Request Input Signal "A"', "扭力管理要求輸入訊號A故障")
add("P2560", "Engine Coolant Level Low", "引擎冷卻液液位過低")
add("P2563", 'Turbocharger Boost Control Position Sensor "A" Circuit Range/Performance',
    "渦輪增壓控制位置感知器A電路範圍/性能不良")
add("P2564", 'Turbocharger Boost Control Position Sensor "A" Circuit Low', "渦輪增壓控制位置感知器A電路電壓過低")
add("P2565", 'Turbocharger Boost Control Position Sensor "A" Circuit High', "渦輪增壓控制位置感知器A電路電壓過高")
family("P", "2600", 'Coolant Pump "A"', "水泵A", CONTROL4)
add("P2610", "ECM/PCM Internal Engine Off Timer Performance", "ECM/PCM內部引擎熄火計時器性能不良")
add("P2614", "Camshaft Position Signal Output Circuit/Open", "凸輪軸位置訊號輸出電路故障/斷路")
add("P2615", "Camshaft Position Signal Output Circuit Low", "凸輪軸位置訊號輸出電路電壓過低")
add("P2616", "Camshaft Position Signal Output Circuit High", "凸輪軸位置訊號輸出電路電壓過高")
add("P2617", "Crankshaft Position Signal Output Circuit/Open", "曲軸位置訊號輸出電路故障/斷路")
add("P2618", "Crankshaft Position Signal Output Circuit Low", "曲軸位置訊號輸出電路電壓過低")
add("P2619", "Crankshaft Position Signal Output Circuit High", "曲軸位置訊號輸出電路電壓過高")
for start, bank in ((2626, 1), (2629, 2)):
    t_en, t_zh = bs(bank, 1)
    add(f"P{start:04d}", f"O2 Sensor Pumping Current Trim Circuit/Open {t_en}", f"含氧感知器泵電流修正電路故障/斷路{t_zh}")
    add(f"P{start + 1:04d}", f"O2 Sensor Pumping Current Trim Circuit Low {t_en}", f"含氧感知器泵電流修正電路電壓過低{t_zh}")
    add(f"P{start + 2:04d}", f"O2 Sensor Pumping Current Trim Circuit High {t_en}", f"含氧感知器泵電流修正電路電壓過高{t_zh}")
add("P2632", 'Fuel Pump "B" Control Circuit/Open', "燃油泵B控制電路故障/斷路")
add("P2633", 'Fuel Pump "B" Control Circuit Low', "燃油泵B控制電路電壓過低")
add("P2634", 'Fuel Pump "B" Control Circuit High', "燃油泵B控制電路電壓過高")
add("P2635", 'Fuel Pump "A" Low Flow/Performance', "燃油泵A流量過低/性能不良")
add("P2637", 'Torque Management Feedback Signal "A"', "扭力管理回饋訊號A故障")
add("P2646", '"A" Rocker Arm Actuator System Performance or Stuck Off (Bank 1)', "A搖臂作動器系統性能不良或卡在關閉（第1排）")
add("P2647", '"A" Rocker Arm Actuator System Stuck On (Bank 1)', "A搖臂作動器系統卡在開啟（第1排）")
add("P2648", '"A" Rocker Arm Actuator Control Circuit Low (Bank 1)', "A搖臂作動器控制電路電壓過低（第1排）")
add("P2649", '"A" Rocker Arm Actuator Control Circuit High (Bank 1)', "A搖臂作動器控制電路電壓過高（第1排）")
# Transmission P27xx
for i, letter in enumerate("ABCDEF"):
    add(f"P{2700 + i:04d}", f'Transmission Friction Element "{letter}" Apply Time Range/Performance',
        f"變速箱摩擦元件{letter}作用時間範圍/性能不良")
family("P", "2706", 'Shift Solenoid "F"', "換檔電磁閥F", SOLENOID5)
add("P2711", "Unexpected Mechanical Gear Disengagement", "非預期的機械檔位脫離")
add("P2712", "Hydraulic Power Unit Leakage", "液壓動力單元洩漏")
for start, letter in ((2713, "D"), (2722, "E"), (2731, "F")):
    family("P", f"{start:04d}", f'Pressure Control Solenoid "{letter}"', f"壓力控制電磁閥{letter}", SOLENOID5)
    family("P", f"{start + 5:04d}", f'Pressure Control Solenoid "{letter}" Control', f"壓力控制電磁閥{letter}控制",
           CIRC_OPEN4)
family("P", "2740", 'Transmission Fluid Temperature Sensor "B"', "變速箱油溫感知器B", CIRCUIT5)
family("P", "2745", 'Intermediate Shaft Speed Sensor "B"', "中間軸轉速感知器B", SPEED4)
family("P", "2749", 'Intermediate Shaft Speed Sensor "C"', "中間軸轉速感知器C", SPEED4)
family("P", "2753", "Transmission Fluid Cooler Control", "變速箱油冷卻器控制", [
    ("Circuit/Open", "電路故障/斷路"), ("Circuit Low", "電路電壓過低"), ("Circuit High", "電路電壓過高")])
add("P2761", "Torque Converter Clutch Pressure Control Solenoid Control Circuit/Open",
    "液體扭力變換器鎖定離合器壓力控制電磁閥控制電路故障/斷路")
add("P2762", "Torque Converter Clutch Pressure Control Solenoid Control Circuit Range/Performance",
    "液體扭力變換器鎖定離合器壓力控制電磁閥控制電路範圍/性能不良")
add("P2763", "Torque Converter Clutch Pressure Control Solenoid Control Circuit High",
    "液體扭力變換器鎖定離合器壓力控制電磁閥控制電路電壓過高")
add("P2764", "Torque Converter Clutch Pressure Control Solenoid Control Circuit Low",
    "液體扭力變換器鎖定離合器壓力控制電磁閥控制電路電壓過低")
family("P", "2765", 'Input/Turbine Speed Sensor "B"', "輸入軸/渦輪轉速感知器B", SPEED4)
add("P2769", "Torque Converter Clutch Circuit Low", "液體扭力變換器鎖定離合器電路電壓過低")
add("P2770", "Torque Converter Clutch Circuit High", "液體扭力變換器鎖定離合器電路電壓過高")
family("P", "2771", "Four Wheel Drive (4WD) Low Switch", "四輪驅動低速檔開關", CIRCUIT4)
add("P2783", "Torque Converter Temperature Too High", "液體扭力變換器溫度過高")
add("P2784", 'Input/Turbine Speed Sensor "A"/"B" Correlation', "輸入軸/渦輪轉速感知器A/B相關性不符")

for i, (bank, sensor) in enumerate(((1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3))):
    t_en, t_zh = bs(bank, sensor)
    add(f"P2A{i:02d}", f"O2 Sensor Circuit Range/Performance {t_en}", f"含氧感知器電路範圍/性能不良{t_zh}")

# P3400-P34FF: cylinder deactivation (J2012: per cylinder, 8 codes from P3401 + 8 * (n - 1))
add("P3400", "Cylinder Deactivation System Bank 1", "汽缸停用系統故障（第1排）")
for n in range(1, 13):
    base = 3401 + 8 * (n - 1)
    for i, (valve_en, valve_zh) in enumerate((("Deactivation/Intake Valve", "停用/進氣門"),
                                              ("Exhaust Valve", "排氣門"))):
        for j, (s_en, s_zh) in enumerate((("Control Circuit/Open", "控制電路故障/斷路"),
                                          ("Control Performance", "控制性能不良"),
                                          ("Control Circuit Low", "控制電路電壓過低"),
                                          ("Control Circuit High", "控制電路電壓過高"))):
            add(f"P{base + 4 * i + j:04d}", f"Cylinder {n} {valve_en} {s_en}", f"第{n}缸{valve_zh}{s_zh}")
add("P3497", "Cylinder Deactivation System Bank 2", "汽缸停用系統故障（第2排）")

# ---------------------------------------------------------------------------------------------
# C0xxx / B0xxx: only the generic codes whose J2012 meaning is unambiguous
add("C0035", "Left Front Wheel Speed Sensor", "左前輪速感知器故障")
add("C0040", "Right Front Wheel Speed Sensor", "右前輪速感知器故障")
add("C0045", "Left Rear Wheel Speed Sensor", "左後輪速感知器故障")
add("C0050", "Right Rear Wheel Speed Sensor", "右後輪速感知器故障")

# U0xxx: network electrical (J2012: nine codes per bus) and lost communication
BUS9 = [("", "故障"), (" Performance", "性能不良"), (" (+) Open", "（+）斷路"), (" (+) Low", "（+）電壓過低"),
        (" (+) High", "（+）電壓過高"), (" (-) Open", "（-）斷路"), (" (-) Low", "（-）電壓過低"),
        (" (-) High", "（-）電壓過高"), (" (-) shorted to Bus (+)", "（-）與匯流排（+）短路")]
for start, speed_en, speed_zh in ((1, "High Speed", "高速"), (10, "Medium Speed", "中速"), (19, "Low Speed", "低速")):
    for i, (s_en, s_zh) in enumerate(BUS9):
        add(f"U{start + i:04d}", f"{speed_en} CAN Communication Bus{s_en}", f"{speed_zh}CAN通訊匯流排{s_zh}")
for k, bus in enumerate("ABCDE"):
    for i, (s_en, s_zh) in enumerate(BUS9):
        s_en = s_en.replace("Bus (+)", f"Bus {bus} (+)")
        s_zh = s_zh.replace("匯流排（+）", f"匯流排{bus}（+）")
        add(f"U{28 + 9 * k + i:04d}", f"Vehicle Communication Bus {bus}{s_en}", f"車輛通訊匯流排{bus}{s_zh}")
add("U0073", 'Control Module Communication Bus "A" Off', "控制模組通訊匯流排A關閉（Bus Off）")
add("U0074", 'Control Module Communication Bus "B" Off', "控制模組通訊匯流排B關閉（Bus Off）")
LOST = [
    ("U0100", 'ECM/PCM "A"', "引擎/動力控制模組（ECM/PCM）A"),
    ("U0101", "TCM", "變速箱控制模組（TCM）"),
    ("U0102", "Transfer Case Control Module", "分動箱控制模組"),
    ("U0103", "Gear Shift Module", "換檔模組"),
    ("U0104", "Cruise Control Module", "定速巡航控制模組"),
    ("U0105", "Fuel Injector Control Module", "噴油嘴控制模組"),
    ("U0106", "Glow Plug Control Module", "預熱塞控制模組"),
    ("U0107", "Throttle Actuator Control Module", "節氣門作動器控制模組"),
    ("U0108", "Alternative Fuel Control Module", "替代燃料控制模組"),
    ("U0109", "Fuel Pump Control Module", "燃油泵控制模組"),
    ("U0110", 'Drive Motor Control Module "A"', "驅動馬達控制模組A"),
    ("U0111", 'Battery Energy Control Module "A"', "電池能量控制模組A"),
    ("U0112", 'Battery Energy Control Module "B"', "電池能量控制模組B"),
    ("U0114", "Four-Wheel Drive Clutch Control Module", "四輪驅動離合器控制模組"),
    ("U0115", 'ECM/PCM "B"', "引擎/動力控制模組（ECM/PCM）B"),
    ("U0121", "Anti-Lock Brake System (ABS) Control Module", "防鎖死煞車系統（ABS）控制模組"),
    ("U0122", "Vehicle Dynamics Control Module", "車身動態控制模組"),
    ("U0123", "Yaw Rate Sensor Module", "橫擺率感知器模組"),
    ("U0124", "Lateral Acceleration Sensor Module", "橫向加速度感知器模組"),
    ("U0125", "Multi-axis Acceleration Sensor Module", "多軸加速度感知器模組"),
    ("U0126", "Steering Angle Sensor Module", "轉向角度感知器模組"),
    ("U0127", "Tire Pressure Monitor Module", "胎壓偵測模組"),
    ("U0128", "Park Brake Control Module", "駐車煞車控制模組"),
    ("U0129", "Brake System Control Module", "煞車系統控制模組"),
    ("U0130", "Steering Effort Control Module", "轉向力控制模組"),
    ("U0131", "Power Steering Control Module", "動力方向盤控制模組"),
    ("U0132", "Ride Level Control Module", "車高控制模組"),
    ("U0140", "Body Control Module", "車身控制模組（BCM）"),
    ("U0141", 'Body Control Module "A"', "車身控制模組A"),
    ("U0142", 'Body Control Module "B"', "車身控制模組B"),
    ("U0143", 'Body Control Module "C"', "車身控制模組C"),
    ("U0144", 'Body Control Module "D"', "車身控制模組D"),
    ("U0145", 'Body Control Module "E"', "車身控制模組E"),
    ("U0146", 'Gateway "A"', "閘道器A"),
    ("U0147", 'Gateway "B"', "閘道器B"),
    ("U0151", "Restraints Control Module", "安全氣囊控制模組"),
    ("U0155", "Instrument Panel Cluster (IPC) Control Module", "儀錶板（IPC）控制模組"),
    ("U0156", 'Information Center "A"', "資訊中心A"),
    ("U0159", 'Parking Assist Control Module "A"', "停車輔助控制模組A"),
    ("U0160", "Audible Alert Control Module", "警示音控制模組"),
    ("U0164", "HVAC Control Module", "空調（HVAC）控制模組"),
    ("U0167", "Vehicle Immobilizer Control Module", "防盜控制模組"),
    ("U0168", "Vehicle Security Control Module", "車輛保全控制模組"),
    ("U0184", "Radio", "音響主機"),
    ("U0198", "Telematic Control Module", "車載通訊控制模組"),
    ("U0199", 'Door Control Module "A"', "車門控制模組A"),
    ("U0200", 'Door Control Module "B"', "車門控制模組B"),
    ("U0201", 'Door Control Module "C"', "車門控制模組C"),
    ("U0202", 'Door Control Module "D"', "車門控制模組D"),
]
for code, what_en, what_zh in LOST:
    add(code, f"Lost Communication With {what_en}", f"失去與{what_zh}的通訊")
add("U0300", "Internal Control Module Software Incompatibility", "控制模組內部軟體不相容")
add("U0301", "Software Incompatibility with ECM/PCM", "與ECM/PCM軟體不相容")
add("U0302", "Software Incompatibility with Transmission Control Module", "與變速箱控制模組軟體不相容")
add("U0401", 'Invalid Data Received From ECM/PCM "A"', "收到來自ECM/PCM A的無效資料")
add("U0402", "Invalid Data Received From Transmission Control Module", "收到來自變速箱控制模組的無效資料")
add("U0415", "Invalid Data Received From Anti-Lock Brake System (ABS) Control Module",
    "收到來自防鎖死煞車系統（ABS）控制模組的無效資料")
add("U0422", "Invalid Data Received From Body Control Module", "收到來自車身控制模組的無效資料")

# ---------------------------------------------------------------------------------------------
# Characters that exist only in Simplified Chinese (their Traditional forms in the comment of
# tests/protocols/test_dtc.cpp); a zh-TW row containing one is a bug in this script.
SIMPLIFIED_ONLY = set(
    "线传气门车码压温馈断电发动机关开对过时统转轮轴阀节热进废净仪块组单号态应响检测诊误错间范围调级负载浓点钥启锁刹变换档离"
    "实现与为这们会从风电脑备设择输个种数据显视频"
)


def check_and_write(path):
    bad = []
    for code, (en, zh) in rows.items():
        if "\t" in en or "\t" in zh or "\n" in en or "\n" in zh:
            bad.append(f"{code}: tab/newline in text")
        found = sorted(set(zh) & SIMPLIFIED_ONLY)
        if found:
            bad.append(f"{code}: simplified characters {''.join(found)} in {zh}")
        # Big5 (cp950) is the Traditional Chinese character set Taiwan uses: a character outside
        # it is either Simplified or too rare for a workshop text.
        for ch in zh:
            try:
                ch.encode("cp950")
            except UnicodeEncodeError:
                bad.append(f"{code}: {ch!r} is not in Big5 (cp950): {zh}")
    if bad:
        sys.exit("\n".join(bad))

    def key(code):
        return ("PCBU".index(code[0]), int(code[1:], 16))

    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# SAE J2012 / ISO 15031-6 ISO/SAE-controlled DTC descriptions, English and zh-TW.\n")
        f.write("# Source of truth for the build (embedded by protocols/CMakeLists.txt); the families were\n")
        f.write("# generated by scripts/gen_dtc_descriptions.py. Columns are tab-separated.\n")
        f.write("code\ten\tzh_tw\n")
        for code in sorted(rows, key=key):
            en, zh = rows[code]
            f.write(f"{code}\t{en}\t{zh}\n")
    en_count = len(rows)
    zh_count = sum(1 for _, zh in rows.values() if zh)
    print(f"wrote {path}: {en_count} codes, {zh_count} with zh-TW text")


if __name__ == "__main__":
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    check_and_write(os.path.join(root, "protocols", "dtc", "data", "dtc_descriptions.tsv"))
