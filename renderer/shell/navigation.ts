import type { ChannelName } from "../../api/contract.js";
import { contract } from "../../api/contract.js";
import type { Role } from "../../api/roles.js";
import { msg } from "../i18n/index.js";

// The screens of the app and who sees them. A screen is shown to a role when that role may call the screen's main
// channel, so the menu follows the contract's role table instead of repeating it (the router still enforces it).

export interface ScreenEntry {
  id: string;
  label: string;
  /** The channel without which the screen is useless. */
  needs: ChannelName;
  /** Reached from elsewhere (the sync badge), not from the menu. */
  offMenu?: boolean;
}

export const screens: readonly ScreenEntry[] = [
  { id: "reception", label: msg("Reception"), needs: "registerVisit" },
  { id: "consultation", label: msg("Consultation"), needs: "prescribe" },
  { id: "lab", label: msg("Laboratory"), needs: "recordResult" },
  { id: "billing", label: msg("Billing"), needs: "recordPayment" },
  { id: "journey", label: msg("Visit journey"), needs: "visitJourney" },
  { id: "analytics", label: msg("Analytics"), needs: "analytics" },
  { id: "staff", label: msg("Staff"), needs: "addStaff" },
  { id: "settings", label: msg("Settings"), needs: "updateSettings" },
  { id: "clinic-setup", label: msg("Clinic setup"), needs: "saveCatalogueTest" },
  { id: "audit-export", label: msg("Audit export"), needs: "exportAuditLog" },
  { id: "security", label: msg("Security audit"), needs: "securityAudit" },
  { id: "conflicts", label: msg("Conflicts to resolve"), needs: "resolveConflict", offMenu: true },
];

export function mayCall(role: Role, channel: ChannelName): boolean {
  const roles = contract[channel].roles;
  return roles === "public" || (roles as readonly Role[]).includes(role);
}

export const screensFor = (role: Role): ScreenEntry[] => screens.filter((s) => mayCall(role, s.needs));
