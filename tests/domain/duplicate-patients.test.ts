import { describe, expect, it } from "vitest";
import { duplicateReasons, foldName, sameName, transliterationKey } from "../../domain/duplicate-patients.js";

// Given a registered patient, when the desk describes someone, then the rule says whether it may be the same person.

const registered = { name: "Amina Yusuf", dateOfBirth: "1990-05-01", phone: "+254 712 345 678" };
const today = "2026-11-30";

describe("likely duplicate patients", () => {
  it("given the same name and birth date, then it is a likely duplicate", () => {
    expect(duplicateReasons({ ...registered, phone: null }, registered, today)).toEqual([
      "SAME_NAME_AND_BIRTH_DATE",
    ]);
  });

  it("given names differing only in case, spacing, accents or word order, then they are the same name", () => {
    for (const name of ["amina  YUSUF", "Yusuf Amina", "Amína Yúsuf", "Amina-Yusuf"])
      expect(sameName(name, "Amina Yusuf"), name).toBe(true);
    expect(foldName("  Amína   YUSUF ")).toBe("amina yusuf");
  });

  it("given a common transliteration, then the names match", () => {
    expect(sameName("Mohammed Ali", "Muhammad Ali")).toBe(true);
    expect(sameName("Aminah Yousef", "Amina Yusuf")).toBe(true);
    expect(sameName("Karim Haddad", "Kareem Hadad")).toBe(true);
    expect(transliterationKey("Mohamed")).toBe(transliterationKey("Muhammad"));
  });

  it("given a different name, then it is not the same person even with the same birth date", () => {
    expect(sameName("Grace Wanjiru", "Amina Yusuf")).toBe(false);
    expect(
      duplicateReasons({ name: "Grace Wanjiru", dateOfBirth: "1990-05-01", phone: null }, registered, today),
    ).toEqual([]);
  });

  it("given a birth date estimated from the same age on another day, then the age matches", () => {
    const estimated = {
      name: "Amina Yusuf",
      dateOfBirth: "1990-09-14",
      dateOfBirthEstimated: true,
      phone: null,
    };
    expect(duplicateReasons(estimated, registered, today)).toEqual(["SAME_NAME_AND_AGE"]);
    const older = { ...estimated, dateOfBirth: "1985-05-01" };
    expect(duplicateReasons(older, registered, today)).toEqual([]);
  });

  it("given an estimated birth date on either side, then an age a year apart still matches, two years does not", () => {
    const estimatedThen = { ...registered, dateOfBirthEstimated: true, phone: null };
    const yearApart = { name: "Amina Yusuf", dateOfBirth: "1991-08-01", phone: null };
    expect(duplicateReasons(yearApart, estimatedThen, today)).toEqual(["SAME_NAME_AND_AGE"]);
    expect(duplicateReasons({ ...yearApart, dateOfBirthEstimated: true }, registered, today)).toEqual([
      "SAME_NAME_AND_AGE",
    ]);
    const twoYears = { name: "Amina Yusuf", dateOfBirth: "1992-08-01", phone: null };
    expect(duplicateReasons(twoYears, estimatedThen, today)).toEqual([]);
  });

  it("given two exact birth dates, then they must be the same day, even for the same age", () => {
    const sameAgeOtherDay = { name: "Amina Yusuf", dateOfBirth: "1990-09-14", phone: null };
    expect(duplicateReasons(sameAgeOtherDay, registered, today)).toEqual([]);
    expect(duplicateReasons({ ...sameAgeOtherDay, dateOfBirthEstimated: false }, registered, today)).toEqual(
      [],
    );
  });

  it("given the same phone written differently, then it is a likely duplicate whatever the name", () => {
    expect(
      duplicateReasons({ name: "A. Y.", dateOfBirth: null, phone: "0254-712345678" }, registered, today),
    ).toEqual([]);
    expect(
      duplicateReasons({ name: "Someone", dateOfBirth: null, phone: "254712345678" }, registered, today),
    ).toEqual(["SAME_PHONE"]);
  });

  it("given no birth date, then the name alone does not make a duplicate", () => {
    expect(
      duplicateReasons({ name: "Amina Yusuf", dateOfBirth: null, phone: null }, registered, today),
    ).toEqual([]);
  });
});
