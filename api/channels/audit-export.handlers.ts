import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { exportAudit } from "../../audit/export.js";
import type { AreaHandlers } from "../handler.js";
import { done, refused } from "../handler.js";
import type { auditExportChannels } from "./audit-export.js";

const extension = { ndjson: "ndjson", csv: "csv", fhir: "json" } as const;

export const auditExportHandlers: AreaHandlers<typeof auditExportChannels> = {
  async exportAuditLog(input, ctx) {
    const folder = join(dirname(resolve(ctx.db.path)), "exports");
    mkdirSync(folder, { recursive: true });
    const stamp = ctx.now().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
    const file = join(folder, `audit-${stamp}.${extension[input.format]}`);
    const r = await exportAudit(ctx.db, {
      file,
      format: input.format,
      exportedBy: ctx.staff.id,
      ...(input.from ? { from: input.from } : {}),
      ...(input.to ? { to: input.to } : {}),
      ...(input.visitId ? { visitId: input.visitId } : {}),
      includeSecurity: input.includeSecurity,
    });
    if (!r.ok) return refused(r.error.code, r.error.message);
    const s = r.value;
    return done({
      file: s.file,
      manifestFile: s.manifestFile,
      records: s.records,
      bytes: s.bytes,
      sha256: s.sha256,
      fingerprint: s.fingerprint,
      chainGaps: s.chainGaps,
      durationMs: s.durationMs,
    });
  },
};
