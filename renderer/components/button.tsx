import type { LucideIcon } from "lucide-react";
import type { ButtonHTMLAttributes } from "react";

// One button for every screen. `busy` disables it while a command is in flight, so a double click never records
// the same step twice.

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: "primary" | "secondary" | "danger" | "ghost";
  size?: "small" | "normal" | "large";
  icon?: LucideIcon;
  busy?: boolean;
}

export function Button({
  variant = "secondary",
  size = "normal",
  icon: Icon,
  busy = false,
  className,
  children,
  disabled,
  type = "button",
  ...rest
}: ButtonProps) {
  const classes = ["hms-button", `hms-${variant}`, size === "normal" ? "" : `hms-${size}`, className ?? ""];
  return (
    <button
      type={type}
      className={classes.filter(Boolean).join(" ")}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {Icon ? <Icon size={size === "small" ? 15 : 17} aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
