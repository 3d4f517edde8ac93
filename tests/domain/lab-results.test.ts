import { describe, expect, it } from "vitest";
import { readNumber, typeResults } from "../../domain/lab-results.js";
import { flagVitals } from "../../domain/vital-signs.js";

// Results typed by the catalogue, and vital signs flagged, given/when/then.

const haemoglobin = {
  analyte: "Haemoglobin",
  unit: "g/dL",
  referenceLow: 12,
  referenceHigh: 16,
  criticalLow: 7,
};
const malaria = {
  analyte: "Plasmodium antigen",
  referenceRange: "Negative",
  allowedValues: ["Negative", "Positive"],
};
const oldStyle = { analyte: "Protein", referenceRange: "Negative" };

describe("numeric analytes", () => {
  it("given a decimal comma or point, then the number is read", () => {
    expect(readNumber("13,5")).toBe(13.5);
    expect(readNumber(" 13.5 ")).toBe(13.5);
    expect(readNumber("abc")).toBeNull();
    expect(readNumber("2S0")).toBeNull();
  });

  it("given letters, then the result is refused naming the analyte", () => {
    const r = typeResults([haemoglobin], [{ analyte: "Haemoglobin", value: "2S0" }]);
    expect(r).toMatchObject({
      ok: false,
      errors: [{ field: "results.0.value", params: { reason: "RESULT_NOT_A_NUMBER", value: "2S0" } }],
    });
    if (!r.ok)
      expect(r.errors[0]?.message).toBe(
        'Haemoglobin must be a number, like 13.5 or 13,5 ("2S0" is not one).',
      );
  });

  it("given values below, above and far below the range, then they are flagged low, high and critical with the unit", () => {
    const r = typeResults(
      [haemoglobin],
      [
        { analyte: "haemoglobin", value: "11,2" },
        { analyte: "Haemoglobin", value: 17 },
        { analyte: "Haemoglobin", value: "6.1" },
        { analyte: "Haemoglobin", value: 13 },
      ],
    );
    expect(r.ok && r.results.map((x) => [x.value, x.flag, x.unit])).toEqual([
      [11.2, "low", "g/dL"],
      [17, "high", "g/dL"],
      [6.1, "critical", "g/dL"],
      [13, "normal", "g/dL"],
    ]);
  });
});

describe("qualitative analytes", () => {
  it("given a value outside the allowed ones, then it is refused listing them", () => {
    const r = typeResults([malaria], [{ analyte: "Plasmodium antigen", value: "maybe" }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toBe("Plasmodium antigen must be one of: Negative, Positive.");
  });

  it("given Positive against a reference of Negative, then it is flagged abnormal", () => {
    const r = typeResults([malaria], [{ analyte: "Plasmodium antigen", value: "positive" }]);
    expect(r.ok && r.results[0]).toMatchObject({ value: "Positive", flag: "abnormal" });
    const n = typeResults([malaria], [{ analyte: "Plasmodium antigen", value: "Negative" }]);
    expect(n.ok && n.results[0]?.flag).toBe("normal");
  });

  it("given a catalogue written before allowed values, then a text differing from the reference is abnormal", () => {
    const r = typeResults([oldStyle], [{ analyte: "Protein", value: "++" }]);
    expect(r.ok && r.results[0]?.flag).toBe("abnormal");
  });

  it("given an analyte the catalogue does not list, then it is kept as typed", () => {
    const r = typeResults([], [{ analyte: "Comment", value: "Lipaemic sample" }]);
    expect(r).toEqual({ ok: true, results: [{ analyte: "Comment", value: "Lipaemic sample" }] });
  });
});

describe("vital signs", () => {
  it("given 38.5 °C, then fever is flagged; 37.2 °C is not", () => {
    expect(flagVitals({ temperatureC: 38.5 })).toEqual([
      { code: "FEVER", field: "temperatureC", level: "high", message: "Fever: 38.5 °C." },
    ]);
    expect(flagVitals({ temperatureC: 37.2 })).toEqual([]);
  });

  it("given a fast pulse, a high blood pressure and a low SpO2, then each is flagged", () => {
    expect(
      flagVitals({ pulse: 118, systolic: 150, diastolic: 95, spo2: 89 }).map((f) => [f.code, f.level]),
    ).toEqual([
      ["TACHYCARDIA", "high"],
      ["HYPERTENSION", "high"],
      ["LOW_SPO2", "critical"],
    ]);
  });

  it("given normal adult signs, then nothing is flagged", () => {
    expect(
      flagVitals({
        temperatureC: 36.8,
        pulse: 72,
        systolic: 118,
        diastolic: 76,
        respiratoryRate: 16,
        spo2: 98,
      }),
    ).toEqual([]);
  });
});
