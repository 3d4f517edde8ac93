import { FileDown } from "lucide-react";
import { useState } from "react";
import { Button, FormError, useClinic } from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { refusalText } from "../../i18n/refusals.js";

// The visit's receipt as the clinic's PDF (drawn from its events now, in any script), saved or opened by the browser
// as the lab report is.

export function ReceiptPdfButton({ visitId }: { visitId: string }) {
  const t = useT();
  const { client } = useClinic();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await client.call("visitReceipt", { visitId });
      if (!r.ok) {
        setError(refusalText(t, r.error));
        return;
      }
      const bytes = Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: r.value.mimeType }));
      const a = document.createElement("a");
      a.href = url;
      a.download = r.value.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" icon={FileDown} busy={busy} onClick={() => void save()}>
        {t("Receipt PDF")}
      </Button>
      {error ? <FormError message={error} /> : null}
    </>
  );
}
