import { Route } from "lucide-react";
import { useState } from "react";
import { Button, Dialog } from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { JourneyView } from "./journey-view.js";

/** A "Journey" button that opens the visit's timeline over the current screen. */
export function JourneyButton({ visitId, who }: { visitId: string; who: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="small"
        variant="ghost"
        icon={Route}
        aria-label={t("Journey of {who}", { who })}
        onClick={() => setOpen(true)}
      >
        {t("Journey")}
      </Button>
      <Dialog open={open} title={t("Journey of {who}", { who })} onClose={() => setOpen(false)}>
        <div style={{ maxHeight: "65vh", overflowY: "auto" }}>
          <JourneyView visitId={visitId} />
        </div>
        <div className="hms-actions">
          <Button onClick={() => setOpen(false)}>{t("Close")}</Button>
        </div>
      </Dialog>
    </>
  );
}
