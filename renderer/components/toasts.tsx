import { CircleAlert, CircleCheck } from "lucide-react";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";

// Short confirmations ("Payment of 50.00 recorded") in a polite live region, so the person at the counter hears or
// sees that the step was recorded without leaving the form.

interface Toast {
  id: number;
  text: string;
  tone: "ok" | "danger";
}

type Notify = (text: string, tone?: Toast["tone"]) => void;

const ToastContext = createContext<Notify>(() => {});

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const notify = useCallback<Notify>((text, tone = "ok") => {
    const id = next.current++;
    setToasts((all) => [...all.slice(-1), { id, text, tone }]);
    setTimeout(() => setToasts((all) => all.filter((t) => t.id !== id)), 5000);
  }, []);
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="hms-toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`hms-toast hms-tone-${t.tone}`}>
            {t.tone === "ok" ? (
              <CircleCheck size={18} aria-hidden="true" />
            ) : (
              <CircleAlert size={18} aria-hidden="true" />
            )}
            <span className="hms-toast-text">{t.text}</span>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = (): Notify => useContext(ToastContext);
