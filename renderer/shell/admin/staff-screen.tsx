import { type FormEvent, useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import { type Role, roles } from "../../../api/roles.js";
import {
  Badge,
  Button,
  DataTable,
  FormError,
  Panel,
  QueryState,
  SelectField,
  TextField,
  useClinic,
  useClinicQuery,
  useCommand,
  useToast,
} from "../../components/index.js";
import { roleWords } from "../../i18n/contract-words.js";
import { useT } from "../../i18n/index.js";

// The administrator's staff list: add people with a role and a first password, change roles, deactivate those who
// left, set a new password for someone who forgot theirs. Every change is written to the security audit.

type Member = OutputOf<"staffList">["staff"][number];
const roleOptions = roles.map((r) => ({ value: r, label: roleWords[r] }));
const empty = { name: "", role: "reception" as Role, username: "", password: "" };

export function StaffScreen() {
  const t = useT();
  const { staff: me } = useClinic();
  const list = useClinicQuery("staffList", {});
  const add = useCommand("addStaff", { WEAK_PASSWORD: "password", USERNAME_TAKEN: "username" });
  const toast = useToast();
  const [form, setForm] = useState(empty);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const added = await add.run(form);
    if (added) {
      toast(
        t("{name} can now sign in as “{username}”.", {
          name: added.staff.name,
          username: added.staff.username ?? "",
        }),
      );
      setForm(empty);
    }
  }

  return (
    <div className="hms-screen">
      <div className="hms-screen-head">
        <h1>{t("Staff")}</h1>
      </div>
      <div className="hms-columns">
        <Panel title={t("Add a member of staff")}>
          <form className="hms-form" onSubmit={submit} aria-label={t("Add a member of staff")}>
            <TextField
              label={t("Full name")}
              value={form.name}
              onChange={set("name")}
              error={add.fieldErrors.name}
            />
            <SelectField
              label={t("Role")}
              value={form.role}
              onChange={set("role")}
              options={roleOptions.map((o) => ({ ...o, label: t(o.label) }))}
              error={add.fieldErrors.role}
            />
            <TextField
              label={t("Username")}
              value={form.username}
              onChange={set("username")}
              error={add.fieldErrors.username}
              autoComplete="off"
            />
            <TextField
              label={t("First password")}
              type="password"
              value={form.password}
              onChange={set("password")}
              error={add.fieldErrors.password}
              hint={t("At least 8 characters; they can change it later")}
              autoComplete="new-password"
            />
            <FormError message={add.formError} />
            <Button type="submit" variant="primary" busy={add.busy}>
              {t("Add to staff")}
            </Button>
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
                cell: (m) => <span className={m.active ? "hms-strong" : "hms-muted"}>{m.name}</span>,
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
  const reset = useCommand("resetPassword", { WEAK_PASSWORD: "newPassword" });
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState("");
  const toast = useToast();
  if (member.id === me) return <span className="hms-muted">{t("You")}</span>;
  if (resetting)
    return (
      <form
        className="shell-row"
        aria-label={t("New password for {name}", { name: member.name })}
        onSubmit={async (e) => {
          e.preventDefault();
          if (await reset.run({ staffId: member.id, newPassword: password })) {
            toast(t("{name}'s password was changed; they must sign in again.", { name: member.name }));
            setResetting(false);
            setPassword("");
          }
        }}
      >
        <TextField
          label={t("New password for {name}", { name: member.name })}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={reset.fieldErrors.newPassword ?? reset.formError ?? undefined}
          autoComplete="new-password"
        />
        <Button type="submit" size="small" variant="primary" busy={reset.busy}>
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
