import type { ReactNode } from "react";

// A plain data table with a caption (its accessible name) and a sentence for when it is empty.

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
}

export function DataTable<T>({
  caption,
  hideCaption = false,
  columns,
  rows,
  rowKey,
  empty,
  selectedKey,
}: {
  caption: string;
  hideCaption?: boolean;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  empty: string;
  selectedKey?: string | null;
}) {
  return (
    <div className="hms-table-wrap">
      <table className="hms-table">
        <caption className={hideCaption ? "hms-visually-hidden" : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? "hms-num" : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="hms-empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => {
              const key = rowKey(r);
              return (
                <tr key={key} className={key === selectedKey ? "hms-selected" : undefined}>
                  {columns.map((c) => (
                    <td key={c.header} className={c.numeric ? "hms-num" : undefined}>
                      {c.cell(r)}
                    </td>
                  ))}
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}
