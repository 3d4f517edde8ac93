// Vital signs flagged by rules a clinic can read: fever, tachycardia, hypertension and low oxygen saturation (and
// their opposites where they matter). Thresholds are the usual adult triage ones.

export interface Vitals {
  temperatureC?: number;
  pulse?: number;
  systolic?: number;
  diastolic?: number;
  respiratoryRate?: number;
  spo2?: number;
}

export type VitalFlagCode =
  | "FEVER"
  | "HYPOTHERMIA"
  | "TACHYCARDIA"
  | "BRADYCARDIA"
  | "HYPERTENSION"
  | "HYPOTENSION"
  | "TACHYPNOEA"
  | "LOW_SPO2";

export interface VitalFlag {
  code: VitalFlagCode;
  field: keyof Vitals;
  level: "high" | "low" | "critical";
  message: string;
}

export function flagVitals(v: Vitals): VitalFlag[] {
  const flags: VitalFlag[] = [];
  const add = (code: VitalFlagCode, field: keyof Vitals, level: VitalFlag["level"], message: string) =>
    flags.push({ code, field, level, message });
  if (v.temperatureC !== undefined) {
    if (v.temperatureC >= 38.0)
      add(
        "FEVER",
        "temperatureC",
        v.temperatureC >= 40 ? "critical" : "high",
        `Fever: ${v.temperatureC} °C.`,
      );
    else if (v.temperatureC < 35.0)
      add("HYPOTHERMIA", "temperatureC", "low", `Low temperature: ${v.temperatureC} °C.`);
  }
  if (v.pulse !== undefined) {
    if (v.pulse > 100)
      add("TACHYCARDIA", "pulse", v.pulse >= 130 ? "critical" : "high", `Fast pulse: ${v.pulse}/min.`);
    else if (v.pulse < 50) add("BRADYCARDIA", "pulse", "low", `Slow pulse: ${v.pulse}/min.`);
  }
  const sys = v.systolic;
  const dia = v.diastolic;
  if ((sys !== undefined && sys >= 140) || (dia !== undefined && dia >= 90)) {
    const crisis = (sys ?? 0) >= 180 || (dia ?? 0) >= 120;
    add(
      "HYPERTENSION",
      sys !== undefined && sys >= 140 ? "systolic" : "diastolic",
      crisis ? "critical" : "high",
      `High blood pressure: ${sys ?? "?"}/${dia ?? "?"} mmHg.`,
    );
  } else if (sys !== undefined && sys < 90)
    add("HYPOTENSION", "systolic", "low", `Low blood pressure: ${sys}/${dia ?? "?"} mmHg.`);
  if (v.respiratoryRate !== undefined && v.respiratoryRate > 20)
    add(
      "TACHYPNOEA",
      "respiratoryRate",
      v.respiratoryRate >= 30 ? "critical" : "high",
      `Fast breathing: ${v.respiratoryRate}/min.`,
    );
  if (v.spo2 !== undefined && v.spo2 < 94)
    add("LOW_SPO2", "spo2", v.spo2 < 90 ? "critical" : "low", `Low oxygen saturation: ${v.spo2}%.`);
  return flags;
}
