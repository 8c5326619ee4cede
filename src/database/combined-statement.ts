/** A statement and its parameters ($1, $2… in `text`). */
export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * One statement that runs `extras` (data-modifying statements: INSERT, UPDATE, DELETE, possibly
 * with their own WITH) as CTEs of `main`: PostgreSQL runs each exactly once, to completion, in the
 * same snapshot and atomically with `main`. One round trip instead of several, and no transaction
 * needed around them. Parameters of the extras are renumbered after main's. Texts must not contain
 * `$` other than parameter references (no dollar quoting, no `$` in literals).
 */
export function combinedStatement(main: Statement, extras: Statement[]): Statement {
  if (!extras.length) return main;
  let offset = main.values.length;
  const values = [...main.values];
  const ctes = extras.map((extra, index) => {
    const shift = offset;
    offset += extra.values.length;
    values.push(...extra.values);
    const text = extra.text.trim().replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + shift}`);
    return `combined_${index + 1} AS (${text})`;
  });
  const body = main.text.trim();
  const withHead = /^WITH\s/i.exec(body);
  const text = withHead
    ? `WITH ${ctes.join(',\n')},\n${body.slice(withHead[0].length)}`
    : `WITH ${ctes.join(',\n')}\n${body}`;
  return { text, values };
}
