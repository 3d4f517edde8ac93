// The screens' design system: import from here.
export { Badge, BillStatusBadge, LabStatusBadge, labWords, VisitStatusBadge } from "./badge.js";
export { Button } from "./button.js";
export {
  ClinicProvider,
  formatMoney,
  type ScreenProps,
  type SignedInStaff,
  useClinic,
} from "./clinic-context.js";
export { type CommandForm, FormFooter, useCommandForm } from "./command-form.js";
export { Dialog } from "./dialog.js";
export { RunningTimer, useNow, Waited } from "./elapsed.js";
export { EventIcon, eventIcons } from "./event-icon.js";
export { FormError, type Option, SelectField, TextAreaField, TextField } from "./field.js";
export { Panel } from "./panel.js";
export { QueryState } from "./query-state.js";
export { SyncBadge } from "./sync-badge.js";
export { type Column, DataTable } from "./table.js";
export { TechnicalDetails, type TechnicalFact } from "./technical-details.js";
export { formatMinutes, Timeline, type TimelineStep } from "./timeline.js";
export { ToastProvider, useToast } from "./toasts.js";
export { useClinicQuery } from "./use-clinic-query.js";
export { type Command, errorsOf, type FieldErrors, useCommand } from "./use-command.js";
