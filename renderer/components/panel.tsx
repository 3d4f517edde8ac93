import { type ReactNode, useId } from "react";

// A titled block of a screen. The heading labels the region, so screen readers and tests can find "Queue" or
// "Billing" by role and name.

export function Panel({
  title,
  actions,
  children,
  flush = false,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  flush?: boolean;
}) {
  const id = useId();
  return (
    <section className="hms-panel" aria-labelledby={id}>
      <header>
        <h2 id={id}>{title}</h2>
        <span className="hms-spacer" />
        {actions}
      </header>
      <div className={flush ? "hms-panel-body hms-flush" : "hms-panel-body"}>{children}</div>
    </section>
  );
}
