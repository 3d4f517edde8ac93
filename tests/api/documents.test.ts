import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpClinic, startTestHost, type TestHost, value } from "./http-support.js";

// Documents attached to a visit, over HTTP against a real database file: the bytes land beside the database under
// documents/<visitId>/, DOCUMENT_UPLOADED names them with the right SHA-256, bad files are refused with a sentence
// and leave nothing behind, and a file changed on disk is not handed out.

let host: TestHost;
let people: Awaited<ReturnType<typeof setUpClinic>>;
let visitId: string;
let dataFolder: string;

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const folderOfVisit = () => join(dataFolder, "documents", visitId);
const filesOfVisit = () => (existsSync(folderOfVisit()) ? readdirSync(folderOfVisit()).sort() : []);

async function as<T = Record<string, unknown>>(who: keyof typeof people, channel: string, input: unknown) {
  return value<T>(await host.call(channel, input, people[who].token));
}
const eventCount = () =>
  host.web.db.sqlite.prepare("SELECT count(*) FROM visit_events").pluck().get() as number;

beforeAll(async () => {
  host = await startTestHost();
  people = await setUpClinic(host);
  dataFolder = dirname(host.web.db.path);
  await as("admin", "updateSettings", { consultationFee: 500, currency: "KES" });
  const { patient } = await as<{ patient: { id: string } }>("reception", "registerPatient", {
    name: "Amina Yusuf",
    sex: "female",
    dateOfBirth: "1990-05-01",
  });
  ({ visitId } = await as<{ visitId: string }>("reception", "registerVisit", {
    patientId: patient.id,
    doctorId: people.doctor.id,
  }));
});
afterAll(() => host.close());

describe("attaching documents to a visit", () => {
  const letter = "Dear colleague,\nplease see Ms Yusuf about her chest pain.\n";

  it("stores the file under documents/<visitId>/ and records its size and SHA-256", async () => {
    const up = await as<{ documentId: string; fileUrl: string; sha256: string; fileSize: number }>(
      "doctor",
      "uploadDocument",
      { visitId, fileName: "referral letter.txt", mimeType: "text/plain", contentBase64: b64(letter) },
    );
    expect(up.sha256).toBe(sha(letter));
    expect(up.fileUrl).toMatch(new RegExp(`^documents/${visitId}/${up.documentId}-referral_letter\\.txt$`));
    expect(readFileSync(join(dataFolder, up.fileUrl), "utf8")).toBe(letter);
    expect(filesOfVisit()).toEqual([`${up.documentId}-referral_letter.txt`]); // no .partial left behind

    const row = host.web.db.sqlite
      .prepare("SELECT metadata, performedBy FROM visit_events WHERE eventType = 'DOCUMENT_UPLOADED'")
      .get() as { metadata: string; performedBy: string };
    expect(JSON.parse(row.metadata)).toEqual({
      documentId: up.documentId,
      fileName: "referral letter.txt",
      fileUrl: up.fileUrl,
      fileSize: Buffer.byteLength(letter),
      mimeType: "text/plain",
      sha256: sha(letter),
    });
    expect(row.performedBy).toBe(people.doctor.id);

    await as("reception", "shareDocument", { visitId, documentId: up.documentId, sharedWith: "Patient" });
    const { documents } = await as<{ documents: Record<string, unknown>[] }>("lab", "visitDocuments", {
      visitId,
    });
    expect(documents).toEqual([
      expect.objectContaining({
        documentId: up.documentId,
        kind: "upload",
        fileName: "referral letter.txt",
        fileSize: Buffer.byteLength(letter),
        storedBy: "Dr Daniel Okoro",
        shares: [expect.objectContaining({ sharedWith: "Patient", sharedBy: "Rita Mensah" })],
      }),
    ]);

    const file = await as<{ base64: string; fileName: string; mimeType: string }>("doctor", "documentFile", {
      visitId,
      documentId: up.documentId,
    });
    expect(Buffer.from(file.base64, "base64").toString("utf8")).toBe(letter);
    expect(file).toMatchObject({ fileName: "referral letter.txt", mimeType: "text/plain" });
  });

  it("keeps two files of the same name apart", async () => {
    const a = await as<{ fileUrl: string }>("reception", "uploadDocument", {
      visitId,
      fileName: "scan.png",
      contentBase64: b64("first"),
    });
    const b = await as<{ fileUrl: string }>("reception", "uploadDocument", {
      visitId,
      fileName: "scan.png",
      contentBase64: b64("second"),
    });
    expect(a.fileUrl).not.toBe(b.fileUrl);
    expect(readFileSync(join(dataFolder, a.fileUrl), "utf8")).toBe("first");
    expect(readFileSync(join(dataFolder, b.fileUrl), "utf8")).toBe("second");
  });

  it("refuses an empty file, a file over 10 MB and a name with a path in it, writing nothing", async () => {
    const files = filesOfVisit();
    const events = eventCount();
    const tries = [
      { input: { fileName: "empty.pdf", contentBase64: "" }, status: 422, says: /empty.pdf is empty/ },
      {
        input: { fileName: "huge.bin", contentBase64: b64(Buffer.alloc(10 * 1024 * 1024 + 1, 7)) },
        status: 422,
        says: /huge.bin is 10\.0 MB; files up to 10 MB can be attached/,
      },
      {
        input: { fileName: "../../clinic.sqlite", contentBase64: b64("x") },
        status: 400,
        says: /File name must be a plain file name, without \/ or \\/,
      },
      {
        input: { fileName: "C:\\Windows\\evil.txt", contentBase64: b64("x") },
        status: 400,
        says: /must be a plain file name/,
      },
    ];
    for (const t of tries) {
      const reply = await host.call("uploadDocument", { visitId, ...t.input }, people.doctor.token);
      expect(reply, t.input.fileName).toMatchObject({ ok: false, httpStatus: t.status });
      if (!reply.ok) expect(reply.error.message + JSON.stringify(reply.error.details ?? "")).toMatch(t.says);
    }
    expect(filesOfVisit()).toEqual(files);
    expect(eventCount()).toBe(events);
  });

  it("refuses the lab (not a role that attaches documents) and an unknown visit, leaving no file", async () => {
    const lab = await host.call(
      "uploadDocument",
      { visitId, fileName: "a.txt", contentBase64: b64("a") },
      people.lab.token,
    );
    expect(lab).toMatchObject({ ok: false, httpStatus: 403 });
    const events = eventCount();
    const none = await host.call(
      "uploadDocument",
      { visitId: "no_such_visit", fileName: "a.txt", contentBase64: b64("a") },
      people.doctor.token,
    );
    expect(none).toMatchObject({ ok: false, error: { code: "VISIT_NOT_FOUND" } });
    expect(existsSync(join(dataFolder, "documents", "no_such_visit"))).toBe(false);
    expect(eventCount()).toBe(events);
  });

  it("does not hand out a file that was changed on disk since it was stored", async () => {
    const up = await as<{ documentId: string; fileUrl: string }>("doctor", "uploadDocument", {
      visitId,
      fileName: "ecg.txt",
      contentBase64: b64("sinus rhythm, 72/min"),
    });
    writeFileSync(join(dataFolder, up.fileUrl), "sinus rhythm, 27/min");
    const reply = await host.call(
      "documentFile",
      { visitId, documentId: up.documentId },
      people.doctor.token,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: "DOCUMENT_ALTERED" } });
    if (!reply.ok) expect(reply.error.message).toMatch(/ecg\.txt no longer matches the SHA-256/);
  });

  it("refuses sharing a document the visit does not have", async () => {
    const reply = await host.call(
      "shareDocument",
      { visitId, documentId: "not_a_document", sharedWith: "Patient" },
      people.doctor.token,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: "DOCUMENT_NOT_FOUND" } });
  });
});
