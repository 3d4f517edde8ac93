import type { ComponentType } from "react";
import type { ScreenProps } from "../components/index.js";
import { AnalyticsScreen } from "../screens/analytics/analytics-screen.js";
import { BillingScreen } from "../screens/billing/billing-screen.js";
import { ConsultationScreen } from "../screens/consultation/consultation-screen.js";
import { JourneyScreen } from "../screens/journey/journey-screen.js";
import { LabScreen } from "../screens/lab/lab-screen.js";
import { ReceptionScreen } from "../screens/reception/reception-screen.js";
import { AuditExportScreen } from "../screens/settings/audit-export-screen.js";
import { ClinicSetupScreen } from "../screens/settings/clinic-setup-screen.js";
import { SecurityAuditScreen } from "./admin/security-audit-screen.js";
import { SettingsScreen } from "./admin/settings-screen.js";
import { StaffScreen } from "./admin/staff-screen.js";

// Which component draws each screen of navigation.ts.

export const screenComponents: Record<string, ComponentType<ScreenProps>> = {
  reception: ReceptionScreen,
  consultation: ConsultationScreen,
  lab: LabScreen,
  billing: BillingScreen,
  journey: JourneyScreen,
  analytics: AnalyticsScreen,
  staff: StaffScreen,
  settings: SettingsScreen,
  "clinic-setup": ClinicSetupScreen,
  "audit-export": AuditExportScreen,
  security: SecurityAuditScreen,
};
