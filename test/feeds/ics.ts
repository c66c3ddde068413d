// A small RFC 5545 reader for the feed tests: unfolds lines, splits properties into name, parameters and
// value, and nests components. Enough to check what the feeds write, and independent of the library that writes them.

export interface Prop {
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface Component {
  name: string;
  props: Prop[];
  children: Component[];
}

/** The one property `name` of `c` (throws when absent), or its value. */
export function prop(c: Component, name: string): Prop {
  const p = c.props.find((x) => x.name === name);
  if (!p) throw new Error(`${c.name} has no ${name}`);
  return p;
}

/** Text values as RFC 5545 escapes them (\\, \; \, \n), unescaped. */
export function text(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch));
}

/** Parses a whole iCalendar object; throws on a line it cannot read or components that do not nest. */
export function parseIcs(source: string): Component {
  if (!source.endsWith('\r\n') && !source.endsWith('END:VCALENDAR')) throw new Error('does not end with END:VCALENDAR');
  for (const line of source.split('\r\n')) {
    if (Buffer.byteLength(line, 'utf8') > 75) throw new Error(`line over 75 octets: ${line}`);
  }
  const lines = source.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  const stack: Component[] = [{ name: '(root)', props: [], children: [] }];
  for (const line of lines) {
    const m = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*))*):(.*)$/.exec(line);
    if (!m) throw new Error(`unreadable line: ${line}`);
    const [, name, paramText, value] = m as unknown as [string, string, string, string];
    const params = Object.fromEntries([...paramText.matchAll(/;([A-Za-z0-9-]+)=("[^"]*"|[^";:,]*)/g)].map((p) => [p[1]!.toUpperCase(), p[2]!]));
    const top = stack[stack.length - 1]!;
    if (name === 'BEGIN') {
      const child = { name: value, props: [], children: [] };
      top.children.push(child);
      stack.push(child);
    } else if (name === 'END') {
      if (top.name !== value) throw new Error(`END:${value} closes ${top.name}`);
      stack.pop();
    } else {
      top.props.push({ name: name.toUpperCase(), params, value });
    }
  }
  if (stack.length !== 1 || stack[0]!.children.length !== 1) throw new Error('components do not nest into one VCALENDAR');
  return stack[0]!.children[0]!;
}
