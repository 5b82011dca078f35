// HTML as typed values. `html` is a tagged template that escapes every interpolated value
// unless it is already Html, so markup is safe by default and only this file decides what
// is trusted. Arrays are joined; null, undefined and false render nothing.

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Content = Html | string | number | null | undefined | false | readonly Content[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: Content): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeHtml(value);
  let out = '';
  for (const item of value) out += render(item);
  return out;
}

export function html(strings: TemplateStringsArray, ...values: Content[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Markup this code made itself (an SVG from a library, a joined fragment). Never for input. */
export const trusted = (markup: string): Html => new Html(markup);

/** ` name="value"` when value is set; boolean attributes when true. */
export function attr(name: string, value: string | number | boolean | null | undefined): Html {
  if (value === null || value === undefined || value === false) return new Html('');
  if (value === true) return new Html(` ${name}`);
  return new Html(` ${name}="${escapeHtml(String(value))}"`);
}
