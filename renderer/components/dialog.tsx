import { type ReactNode, useEffect, useId, useRef } from "react";

// A modal built on <dialog>: the browser traps focus, Escape closes it, and the title names it for screen readers.

export function Dialog({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="hms-dialog" aria-labelledby={id} onClose={onClose}>
      <header>
        <h2 id={id}>{title}</h2>
      </header>
      <div className="hms-panel-body">{open ? children : null}</div>
    </dialog>
  );
}
