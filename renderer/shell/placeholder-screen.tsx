import { Panel, type ScreenProps } from "../components/index.js";

// Stands in for a work screen not built yet. The shell already routes to it by role, so replacing it is a matter
// of pointing its entry in screens.tsx at the real component.

export function placeholder(title: string, what: string) {
  return function PlaceholderScreen(_props: ScreenProps) {
    return (
      <div className="hms-screen">
        <h1>{title}</h1>
        <Panel title="Coming next">
          <p>{what}</p>
        </Panel>
      </div>
    );
  };
}
