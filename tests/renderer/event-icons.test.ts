import { describe, expect, it } from "vitest";
import { eventCatalog, eventTypes } from "../../domain/catalog.js";
import { eventIcons } from "../../renderer/components/event-icon.js";
import { errorsOf, plainWords } from "../../renderer/components/use-command.js";

// The screens draw each event with the catalog's icon; an icon named in the catalog but missing from the screens'
// map would silently fall back to a question mark on every journey.

describe("the screens' event icons", () => {
  it("draw every icon the event catalog names", () => {
    const missing = eventTypes.map((t) => eventCatalog[t].icon).filter((icon) => !eventIcons[icon]);
    expect(missing).toEqual([]);
  });
});

describe("errors beside their fields", () => {
  it("puts a zod issue beside the field it names, including rows of a list", () => {
    const e = errorsOf({
      code: "INVALID_INPUT",
      message: "items.0.dose: must not be empty",
      details: [{ path: ["items", 0, "dose"], message: "must not be empty" }],
    });
    expect(e.fieldErrors).toEqual({ "items.0.dose": "Must not be empty.", items: "Must not be empty." });
    expect(e.formError).toBeNull();
  });

  it("puts a refusal that concerns one field beside it, in words without internal ids", () => {
    const e = errorsOf(
      {
        code: "PAYMENT_EXCEEDS_BALANCE",
        message:
          "A payment of 100.00 is more than the 20.00 still owed on bill bill_01M8EK0DE713F1800KSJ9M8CWP.",
      },
      { PAYMENT_EXCEEDS_BALANCE: "amount" },
    );
    expect(e.fieldErrors.amount).toBe("A payment of 100.00 is more than the 20.00 still owed on this bill.");
    expect(plainWords("There is no visit visit_01M8EK0DE713F1800KSJ9M8CWP.")).toBe(
      "There is no visit visit_01M8EK0DE713F1800KSJ9M8CWP.",
    );
  });
});
