import { type ComponentType, lazy } from "react";

// Which component draws each screen of navigation.ts. Each screen is its own chunk, loaded when first opened, so
// the sign-in screen does not wait for the charts of analytics or the forms of the lab.

type Screen = ComponentType;
const screen = <M,>(load: () => Promise<M>, pick: (m: M) => Screen) =>
  lazy(async () => ({ default: pick(await load()) }));

export const screenComponents: Record<string, Screen> = {
  reception: screen(
    () => import("../screens/reception/reception-screen.js"),
    (m) => m.ReceptionScreen,
  ),
  consultation: screen(
    () => import("../screens/consultation/consultation-screen.js"),
    (m) => m.ConsultationScreen,
  ),
  lab: screen(
    () => import("../screens/lab/lab-screen.js"),
    (m) => m.LabScreen,
  ),
  billing: screen(
    () => import("../screens/billing/billing-screen.js"),
    (m) => m.BillingScreen,
  ),
  journey: screen(
    () => import("../screens/journey/journey-screen.js"),
    (m) => m.JourneyScreen,
  ),
  analytics: screen(
    () => import("../screens/analytics/analytics-screen.js"),
    (m) => m.AnalyticsScreen,
  ),
  staff: screen(
    () => import("./admin/staff-screen.js"),
    (m) => m.StaffScreen,
  ),
  settings: screen(
    () => import("./admin/settings-screen.js"),
    (m) => m.SettingsScreen,
  ),
  "clinic-setup": screen(
    () => import("../screens/settings/clinic-setup-screen.js"),
    (m) => m.ClinicSetupScreen,
  ),
  "audit-export": screen(
    () => import("../screens/settings/audit-export-screen.js"),
    (m) => m.AuditExportScreen,
  ),
  conflicts: screen(
    () => import("../screens/mend/conflicts-screen.js"),
    (m) => m.ConflictsScreen,
  ),
  security: screen(
    () => import("./admin/security-audit-screen.js"),
    (m) => m.SecurityAuditScreen,
  ),
};
