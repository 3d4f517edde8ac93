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
    // A known code reads from the catalogue (in the screen's language); an unknown one keeps the server's sentence.
    expect(e.fieldErrors.amount).toBe("The payment is more than the balance owed.");
    const unknown = errorsOf(
      { code: "SOMETHING_NEW", message: "Nothing is owed on bill bill_01M8EK0DE713F1800KSJ9M8CWP." },
      { SOMETHING_NEW: "amount" },
    );
    expect(unknown.fieldErrors.amount).toBe("Nothing is owed on this bill.");
    expect(plainWords("There is no visit visit_01M8EK0DE713F1800KSJ9M8CWP.")).toBe(
      "There is no visit visit_01M8EK0DE713F1800KSJ9M8CWP.",
    );
  });
});
