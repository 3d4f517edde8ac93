import { preparedOnce } from "./prepared.js";
import { securityAudit } from "./schema.js";

// The action names the security log holds (including a newer desk's, synced here): an audit export's filter may
// name any of them.

const distinctActions = preparedOnce((orm) =>
  orm.selectDistinct({ action: securityAudit.action }).from(securityAudit).prepare(),
);

export const securityActionsPresent = (db: Parameters<typeof distinctActions>[0]): string[] =>
  distinctActions(db)
    .all()
    .map((r) => r.action);
