import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

// Finds every message the screens show: the first argument of t("…") (the translate function), of msg("…")
// (a text marked for translating later) and what a <QueryState what="…"> loads (it says "Loading {what}…"). Read from the syntax tree, not by pattern, so a quote or a parenthesis
// inside a message cannot cut it short. A call whose message is built at run time (a template with ${…}) is
// reported, because no catalogue could hold it.

export interface MessagesInCode {
  /** Message id -> the first file that uses it. */
  messages: Map<string, string>;
  /** Calls whose message is not a plain literal, as "file:line". */
  dynamic: string[];
}

const translating = new Set(["t", "msg"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "tools" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

export function messagesInCode(rendererDir: string): MessagesInCode {
  const messages = new Map<string, string>();
  const dynamic: string[] = [];
  for (const file of sourceFiles(rendererDir)) {
    const name = relative(rendererDir, file);
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const calleeName = ts.isIdentifier(callee)
          ? callee.text
          : ts.isPropertyAccessExpression(callee)
            ? callee.name.text
            : "";
        const first = node.arguments[0];
        if (translating.has(calleeName) && first) {
          if (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) {
            if (!messages.has(first.text)) messages.set(first.text, name);
          } else if (ts.isTemplateExpression(first)) {
            const line = source.getLineAndCharacterOfPosition(first.getStart()).line + 1;
            dynamic.push(`${name}:${line}`);
          }
        }
      }
      if (
        ts.isJsxAttribute(node) &&
        node.name.getText(source) === "what" &&
        node.initializer &&
        ts.isStringLiteral(node.initializer)
      ) {
        const element = node.parent.parent;
        if (
          (ts.isJsxSelfClosingElement(element) || ts.isJsxOpeningElement(element)) &&
          element.tagName.getText(source) === "QueryState" &&
          !messages.has(node.initializer.text)
        )
          messages.set(node.initializer.text, name);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { messages, dynamic };
}
