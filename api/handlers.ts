import { adminHandlers } from "./channels/admin.handlers.js";
import { analyticsHandlers } from "./channels/analytics.handlers.js";
import { auditExportHandlers } from "./channels/audit-export.handlers.js";
import { authHandlers } from "./channels/auth.handlers.js";
import { billingHandlers } from "./channels/billing.handlers.js";
import { clinicHandlers } from "./channels/clinic.handlers.js";
import { consultationHandlers } from "./channels/consultation.handlers.js";
import { documentHandlers } from "./channels/documents.handlers.js";
import { labHandlers } from "./channels/lab.handlers.js";
import { metaHandlers } from "./channels/meta.handlers.js";
import { patientHandlers } from "./channels/patients.handlers.js";
import { queueHandlers } from "./channels/queue.handlers.js";
import { syncHandlers } from "./channels/sync.handlers.js";
import { visitHandlers } from "./channels/visits.handlers.js";
import type { Contract } from "./contract.js";
import type { AreaHandlers } from "./handler.js";

// Every channel's handler, gathered from the areas. The type demands exactly one handler per channel of the
// contract, so a channel added without its handler does not compile.

export const handlers: AreaHandlers<Contract> = {
  ...metaHandlers,
  ...authHandlers,
  ...adminHandlers,
  ...patientHandlers,
  ...visitHandlers,
  ...queueHandlers,
  ...consultationHandlers,
  ...documentHandlers,
  ...billingHandlers,
  ...labHandlers,
  ...analyticsHandlers,
  ...clinicHandlers,
  ...auditExportHandlers,
  ...syncHandlers,
};
