// A visit's token and its patient's name side by side, each isolated from the other and from the words around it:
// joined into one run of text, a Latin token ("A-012") and the name take one direction between them, and in Arabic
// the token lands at the wrong end of the name. Isolated, the token comes first in the page's own direction (the
// right-hand end in Arabic, the left in English) and each piece keeps its own way inside.

export function TokenAndName({ token, name }: { token: string | null; name: string | null }) {
  return (
    <span className="hms-token-and-name">
      {token ? <bdi className="hms-token">{token}</bdi> : null}
      {token && name ? " " : null}
      {name ? <bdi className="hms-patient-name">{name}</bdi> : null}
    </span>
  );
}
