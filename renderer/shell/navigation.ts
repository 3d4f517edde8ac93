import type { ChannelName } from "../../api/contract.js";
import { contract } from "../../api/contract.js";
import type { Role } from "../../api/roles.js";

// The screens of the app and who sees them. A screen is shown to a role when that role may call the screen's main
// channel, so the menu follows the contract's role table instead of repeating it (the router still enforces it).

export interface ScreenEntry {
  id: string;
  label: string;
  /** The channel without which the screen is useless. */
  needs: ChannelName;
}

export const screens: readonly ScreenEntry[] = [
  { id: "reception", label: "Reception", needs: "registerVisit" },
  { id: "consultation", label: "Consultation", needs: "prescribe" },
  { id: "lab", label: "Laboratory", needs: "recordResult" },
  { id: "billing", label: "Billing", needs: "recordPayment" },
  { id: "journey", label: "Visit journey", needs: "visitJourney" },
  { id: "analytics", label: "Analytics", needs: "analytics" },
  { id: "staff", label: "Staff", needs: "addStaff" },
  { id: "settings", label: "Settings", needs: "updateSettings" },
  { id: "clinic-setup", label: "Clinic setup", needs: "saveCatalogueTest" },
  { id: "audit-export", label: "Export", needs: "exportAuditLog" },
  { id: "security", label: "Security audit", needs: "securityAudit" },
];

export function mayCall(role: Role, channel: ChannelName): boolean {
  const roles = contract[channel].roles;
  return roles === "public" || (roles as readonly Role[]).includes(role);
}

export const screensFor = (role: Role): ScreenEntry[] => screens.filter((s) => mayCall(role, s.needs));
