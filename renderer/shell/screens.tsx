import type { ComponentType } from "react";
import type { ScreenProps } from "../components/index.js";
import { ReceptionScreen } from "../screens/reception/reception-screen.js";
import { SecurityAuditScreen } from "./admin/security-audit-screen.js";
import { SettingsScreen } from "./admin/settings-screen.js";
import { StaffScreen } from "./admin/staff-screen.js";
import { placeholder } from "./placeholder-screen.js";

// Which component draws each screen of navigation.ts. Work screens replace their placeholder here.

export const screenComponents: Record<string, ComponentType<ScreenProps>> = {
  reception: ReceptionScreen,
  consultation: placeholder(
    "Consultation",
    "Your queue, the patient in the room, prescriptions and test orders.",
  ),
  lab: placeholder("Laboratory", "The lab worklist: collect samples, enter, review and approve results."),
  billing: placeholder("Billing", "Bills of the day, payments and refunds."),
  journey: placeholder("Visit journey", "Every step of a visit, who did it and when."),
  analytics: placeholder("Analytics", "Visits, waiting and consultation times, money billed and taken."),
  staff: StaffScreen,
  settings: SettingsScreen,
  security: SecurityAuditScreen,
};
