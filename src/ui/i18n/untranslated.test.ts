import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Finds user-facing English written straight into the UI's JSX instead of the catalogue: text
 * between tags, the text of user-facing attributes (`title`, `aria-label`, `placeholder`, `alt`,
 * `label`), and strings a JSX expression shows (`{busy ? 'Stop…' : 'Start'}`, `{x && 'text'}`,
 * template literals). Strings passed to functions (`t('key')`), compared (`state === 'idle'`) or used
 * as keys and class names are not text and are not flagged.
 */
const ROOT = join(import.meta.dirname, '..');
const TEXT_ATTRIBUTES = new Set(['title', 'aria-label', 'aria-description', 'aria-valuetext', 'placeholder', 'alt', 'label']);

/** Text that is the same in every language: the app's name, units, symbols, key names. */
const ALLOW = new Set(['LeNet Lab', 'PCA', 'Ctrl Z', 'Esc', 'Enter', 'ms', '…', '—', '→', '×', '·']);

/** True when a piece of text has a letter in it and is not on the allow-list. */
const isWords = (text: string): boolean => {
  const s = text.replace(/\s+/g, ' ').trim();
  return /\p{L}/u.test(s) && !ALLOW.has(s);
};

function* tsxFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* tsxFiles(p);
    else if (e.name.endsWith('.tsx') && !e.name.endsWith('.test.tsx')) yield p;
  }
}

/** The strings an expression shows as text (not those it passes, compares or indexes with). */
function shownStrings(e: ts.Expression, out: ts.Node[]): void {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) out.push(e);
  else if (ts.isTemplateExpression(e)) {
    if (isWords(e.head.text) || e.templateSpans.some((s) => isWords(s.literal.text))) out.push(e);
    for (const span of e.templateSpans) shownStrings(span.expression, out);
  } else if (ts.isParenthesizedExpression(e)) shownStrings(e.expression, out);
  else if (ts.isConditionalExpression(e)) {
    shownStrings(e.whenTrue, out);
    shownStrings(e.whenFalse, out);
  } else if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
      shownStrings(e.right, out);
      if (op !== ts.SyntaxKind.AmpersandAmpersandToken) shownStrings(e.left, out);
    } else if (op === ts.SyntaxKind.PlusToken) {
      shownStrings(e.left, out);
      shownStrings(e.right, out);
    }
  }
}

/** Every untranslated piece of text in one file, as "file:line: text". */
export function untranslated(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    if (!isWords(text)) return;
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    found.push(`${file}:${line + 1}: ${text.replace(/\s+/g, ' ').trim()}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) report(init, init.text);
      else if (ts.isJsxExpression(init) && init.expression) {
        const out: ts.Node[] = [];
        shownStrings(init.expression, out);
        for (const n of out) report(n, n.getText(sf).slice(1, -1));
      }
    } else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      const out: ts.Node[] = [];
      shownStrings(node.expression, out);
      for (const n of out) report(n, n.getText(sf).slice(1, -1));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('untranslated text in the UI', () => {
  it('finds no English written straight into the JSX of src/ui (every string comes from the catalogue)', () => {
    const found = [...tsxFiles(ROOT)].flatMap((f) => untranslated(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches text between tags, in user-facing attributes and in shown expressions, but not keys or comparisons', () => {
    const src = `
      export const A = ({ busy, t }) => (
        <div className="panel wide" data-testid="x" title="Stop first" aria-label={busy ? 'Busy now' : t('ok')}>
          Draw a digit
          {busy && 'Loading…'}
          {\`epoch \${busy}\`}
          {t('draw.title')}
          {busy === 'idle' ? t('a') : t('b')}
          <kbd>Esc</kbd> · {'→'}
        </div>
      );`;
    expect(untranslated('a.tsx', src).map((s) => s.replace(/^a\.tsx:\d+: /, ''))).toEqual([
      'Stop first',
      'Busy now',
      'Draw a digit',
      'Loading…',
      'epoch ${busy}',
    ]);
  });
});
