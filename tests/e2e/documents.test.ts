import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shoot, startWorld, type World } from "./support.js";

// The doctor attaches a file to the patient in the room from the Documents tab, sees it listed with its size, and
// shares it with the patient; the file is on disk beside the database.

let world: World;
beforeAll(async () => {
  world = await startWorld();
}, 120_000);
afterAll(async () => {
  await world?.close();
});

describe("documents in the consultation", () => {
  it("uploads a file from the doctor's screen, lists it and shares it", async () => {
    const reception = await world.tokenOf("reception");
    const doctorToken = await world.tokenOf("doctor");
    const { patient } = await world.must<{ patient: { id: string } }>(
      "registerPatient",
      { name: "Wanjiru Kamau", sex: "female", dateOfBirth: "1988-03-14" },
      reception,
    );
    const v = await world.must<{ visitId: string }>(
      "registerVisit",
      { patientId: patient.id, doctorId: world.staff.doctor.id },
      reception,
    );
    await world.must("callNextPatient", { roomNumber: "3" }, doctorToken);
    await world.must("enterRoom", { visitId: v.visitId }, doctorToken);

    const letter = join(world.dir, "referral-letter.txt");
    writeFileSync(letter, "Dear colleague, please review Ms Kamau's ECG.\n");
    const page = await world.signedIn("doctor");
    await page.getByRole("tab", { name: "Documents" }).click();
    await page.getByLabel("File to attach").setInputFiles(letter);
    await page.getByRole("button", { name: "Upload document" }).click();

    const list = page.getByRole("table", { name: "Documents of this visit" });
    const row = list.getByRole("row", { name: /referral-letter\.txt/ });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/46 B[\s\S]*Dr Daniel Okoro[\s\S]*Not shared/);

    const share = page.getByRole("form", { name: "Share a document" });
    // Someone else, with nobody named: the form says so beside the field and shares nothing.
    await share.getByLabel("Share with").selectOption("other");
    await share.getByRole("button", { name: "Share document" }).click();
    const receiver = share.getByLabel("Who receives it");
    await expect.poll(() => receiver.getAttribute("aria-invalid")).toBe("true");
    expect(await row.innerText()).toMatch(/Not shared/);
    await share.getByLabel("Share with").selectOption("Patient");
    await share.getByRole("button", { name: "Share document" }).click();
    await row.getByText(/^Patient/).waitFor();
    await shoot(page, "consultation-documents");

    const { documents } = await world.must<{ documents: { fileUrl: string; shares: unknown[] }[] }>(
      "visitDocuments",
      { visitId: v.visitId },
      doctorToken,
    );
    expect(documents).toHaveLength(1);
    expect(documents[0]?.fileUrl).toMatch(new RegExp(`^documents/${v.visitId}/.+-referral-letter\\.txt$`));
    expect(documents[0]?.shares).toHaveLength(1);
  }, 120_000);
});
