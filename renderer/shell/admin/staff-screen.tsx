import { useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import { type Role, roles } from "../../../api/roles.js";
import {
  Badge,
  Button,
  DataTable,
  FormFooter,
  Panel,
  QueryState,
  SelectField,
  TextField,
  useClinic,
  useClinicQuery,
  useCommand,
  useCommandForm,
  useToast,
} from "../../components/index.js";
import { roleWords } from "../../i18n/contract-words.js";
import { useT } from "../../i18n/index.js";

// The administrator's staff list: add people with a role and a first password, change roles, deactivate those who
// left, set a new password for someone who forgot theirs. Every change is written to the security audit.

type Member = OutputOf<"staffList">["staff"][number];
const roleOptions = roles.map((r) => ({ value: r, label: roleWords[r] }));
const empty = { name: "", role: "reception" as string, username: "", password: "" };

export function StaffScreen() {
  const t = useT();
  const { staff: me } = useClinic();
  const list = useClinicQuery("staffList", {});
  const toast = useToast();
  const add = useCommandForm("addStaff", {
    defaultValues: empty,
    codeFields: { WEAK_PASSWORD: "password", USERNAME_TAKEN: "username" },
    toInput: (f) => ({ ...f, role: f.role as Role }),
    onDone: (added) => {
      toast(
        t("{name} can now sign in as “{username}”.", {
          name: added.staff.name,
          username: added.staff.username ?? "",
        }),
      );
      // The next person to add starts at their name.
      add.reset(empty);
      add.setFocus("name");
    },
  });

  return (
    <div className="hms-screen">
      <div className="hms-screen-head">
        <h1>{t("Staff")}</h1>
      </div>
      <div className="hms-columns">
        <Panel title={t("Add a member of staff")}>
          <form className="hms-form" onSubmit={add.submit} aria-label={t("Add a member of staff")} noValidate>
            <TextField label={t("Full name")} {...add.register("name")} error={add.errorOf("name")} />
            <SelectField
              label={t("Role")}
              {...add.register("role")}
              options={roleOptions.map((o) => ({ ...o, label: t(o.label) }))}
              error={add.errorOf("role")}
            />
            <TextField
              label={t("Username")}
              {...add.register("username")}
              error={add.errorOf("username")}
              autoComplete="off"
            />
            <TextField
              label={t("First password")}
              type="password"
              {...add.register("password")}
              error={add.errorOf("password")}
              hint={t("At least 8 characters; they can change it later")}
              autoComplete="new-password"
            />
            <FormFooter form={add} label={t("Add to staff")} />
          </form>
        </Panel>
        <Panel title={t("Everyone on the staff list")} flush>
          <QueryState of={list} what="the staff list" />
          <DataTable<Member>
            caption={t("Staff")}
            hideCaption
            rows={list.data?.staff ?? []}
            rowKey={(m) => m.id}
            empty={t("Nobody yet.")}
            columns={[
              {
                header: t("Name"),
                cell: (m) => (
                  <span
                    className={m.active ? "hms-strong hms-name" : "hms-muted hms-name"}
                    dir="auto"
                    title={m.name}
                  >
                    {m.name}
                  </span>
                ),
              },
              { header: t("Username"), cell: (m) => m.username ?? "—" },
              { header: t("Role"), cell: (m) => <RoleCell member={m} me={me.id} /> },
              {
                header: t("Status"),
                cell: (m) =>
                  m.active ? (
                    <Badge tone="ok">{t("Active")}</Badge>
                  ) : (
                    <Badge tone="neutral">{t("Deactivated")}</Badge>
                  ),
              },
              {
                header: t("Actions"),
                cell: (m) => <RowActions member={m} me={me.id} />,
              },
            ]}
          />
        </Panel>
      </div>
    </div>
  );
}

// A refused change leaves the stored role, which the select shows; an accepted one arrives with the push.
function RoleCell({ member, me }: { member: Member; me: string }) {
  const t = useT();
  const change = useCommand("changeRole");
  const toast = useToast();
  return (
    <>
      <select
        className="hms-input shell-compact"
        aria-label={t("Role of {name}", { name: member.name })}
        value={member.role}
        disabled={change.busy || !member.active || member.id === me}
        onChange={async (e) => {
          const r = await change.run({ staffId: member.id, role: e.target.value as Role });
          if (r) toast(t("{name} is now {role}.", { name: member.name, role: t(roleWords[r.staff.role]) }));
          else if (change.formError) toast(change.formError, "danger");
        }}
      >
        {roleOptions.map((o) => (
          <option key={o.value} value={o.value}>
            {t(o.label)}
          </option>
        ))}
      </select>
      {change.formError ? (
        <span className="hms-field-error" role="alert">
          {change.formError}
        </span>
      ) : null}
    </>
  );
}

function RowActions({ member, me }: { member: Member; me: string }) {
  const t = useT();
  const active = useCommand("setStaffActive");
  const [resetting, setResetting] = useState(false);
  const toast = useToast();
  const reset = useCommandForm("resetPassword", {
    defaultValues: { newPassword: "" },
    codeFields: { WEAK_PASSWORD: "newPassword" },
    toInput: (f) => ({ staffId: member.id, newPassword: f.newPassword }),
    onDone: () => {
      toast(t("{name}'s password was changed; they must sign in again.", { name: member.name }));
      setResetting(false);
      reset.reset();
    },
  });
  if (member.id === me) return <span className="hms-muted">{t("You")}</span>;
  if (resetting)
    return (
      <form
        className="shell-row"
        aria-label={t("New password for {name}", { name: member.name })}
        onSubmit={reset.submit}
        noValidate
      >
        <TextField
          label={t("New password for {name}", { name: member.name })}
          type="password"
          {...reset.register("newPassword")}
          error={reset.errorOf("newPassword") ?? reset.formState.errors.root?.server?.message}
          autoComplete="new-password"
          autoFocus
        />
        <Button type="submit" size="small" variant="primary" busy={reset.formState.isSubmitting}>
          {t("Save")}
        </Button>
        <Button size="small" variant="ghost" onClick={() => setResetting(false)}>
          {t("Cancel")}
        </Button>
      </form>
    );
  return (
    <div className="shell-row">
      <Button
        size="small"
        variant={member.active ? "danger" : "secondary"}
        busy={active.busy}
        aria-label={
          member.active
            ? t("Deactivate {name}", { name: member.name })
            : t("Reactivate {name}", { name: member.name })
        }
        onClick={async () => {
          const r = await active.run({ staffId: member.id, active: !member.active });
          if (r)
            toast(
              r.staff.active
                ? t("{name} can sign in again.", { name: member.name })
                : t("{name} can no longer sign in.", { name: member.name }),
            );
          else if (active.formError) toast(active.formError, "danger");
        }}
      >
        {member.active ? t("Deactivate") : t("Reactivate")}
      </Button>
      {member.active ? (
        <Button
          size="small"
          variant="ghost"
          aria-label={t("Set a new password for {name}", { name: member.name })}
          onClick={() => setResetting(true)}
        >
          {t("New password")}
        </Button>
      ) : null}
    </div>
  );
}
