// Form pieces in the GOV.UK error pattern on USWDS styles: an error summary at the top (focus
// moves to it), each message beside its field, tied to the input by aria-describedby.
import { DomainError, type FieldProblem } from '../services/errors.js';
import { attr, html, type Content, type Html } from './html.js';
import { strings } from './strings/index.js';

/** Messages by field name (the form's own names: "date", "email"). */
export type FormErrors = Record<string, string>;

/** The values a form was sent with, to show them again. */
export type FormValues = Record<string, string | string[] | undefined>;

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

/**
 * A service's invalid-input error — or a conflict that names a field (a reference another case
 * has) — as form errors. Fields are named `body.<name>` (or `body.events[0].<name>` for
 * intake's first event); `rename` maps what is left to the form.
 */
export function formErrorsOf(
  error: unknown,
  rename: (field: string) => string = (f) => f,
): FormErrors | null {
  if (!(error instanceof DomainError)) return null;
  const fieldConflict = error.code === 'CONFLICT' && error.fields.length > 0;
  if (error.code !== 'INVALID_INPUT' && error.code !== 'NOT_ALLOWED' && !fieldConflict) return null;
  const errors: FormErrors = {};
  const problems: FieldProblem[] =
    error.fields.length > 0 ? error.fields : [{ name: 'body.form', reason: error.message }];
  for (const problem of problems) {
    const name = rename(problem.name.replace(/^body\./, ''));
    errors[name] ??= sentence(problem.reason);
  }
  return errors;
}

/** "required" → "Required." */
export function sentence(text: string): string {
  const t = text.trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}

const inputId = (name: string): string => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The summary; `autofocus` moves focus to it when the page loads (no script needed). */
export function errorSummary(
  errors: FormErrors | null | undefined,
  labels: Record<string, string> = {},
): Html {
  if (!errors || Object.keys(errors).length === 0) return html``;
  return html`<div
    class="usa-alert usa-alert--error orderly-error-summary"
    id="error-summary"
    role="alert"
    tabindex="-1"
    autofocus
    aria-labelledby="error-summary-title"
  >
    <div class="usa-alert__body">
      <h2 class="usa-alert__heading" id="error-summary-title">
        ${strings('en').errors.summaryTitle}
      </h2>
      <ul class="usa-list usa-list--unstyled">
        ${Object.entries(errors).map(
          ([name, message]) =>
            html`<li>
              <a href="#${inputId(name)}">${labels[name] ? `${labels[name]}: ` : ''}${message}</a>
            </li>`,
        )}
      </ul>
    </div>
  </div>`;
}

interface FieldOptions {
  name: string;
  label: string;
  hint?: Content;
  error?: string | undefined;
  /** Extra classes on the form group. */
  className?: string;
}

function group(options: FieldOptions, control: (describedBy: string | null) => Html): Html {
  const id = inputId(options.name);
  const describedBy =
    [options.hint ? `${id}-hint` : null, options.error ? `${id}-error` : null]
      .filter(Boolean)
      .join(' ') || null;
  return html`<div
    class="usa-form-group${options.error ? ' usa-form-group--error' : ''}${options.className ? ` ${options.className}` : ''}"
  >
    <label class="usa-label${options.error ? ' usa-label--error' : ''}" for="${id}"
      >${options.label}</label
    >
    ${options.hint && html`<div class="usa-hint" id="${id}-hint">${options.hint}</div>`}
    ${options.error && html`<span class="usa-error-message" id="${id}-error" role="alert">${options.error}</span>`}
    ${control(describedBy)}
  </div>`;
}

export function textInput(
  options: FieldOptions & {
    value?: string | undefined;
    type?: 'text' | 'email' | 'password' | 'date' | 'time' | 'url' | 'number' | 'datetime-local';
    autocomplete?: string;
    required?: boolean;
    inputmode?: string;
    width?: 'sm' | 'md' | 'lg' | 'xl';
    maxlength?: number;
  },
): Html {
  const id = inputId(options.name);
  return group(
    options,
    (describedBy) =>
      html`<input
        class="usa-input${options.error ? ' usa-input--error' : ''}${options.width ? ` usa-input--${options.width}` : ''}"
        id="${id}"
        name="${options.name}"
        type="${options.type ?? 'text'}"
        ${attr('value', options.value)}${attr('autocomplete', options.autocomplete)}${attr(
          'required',
          options.required,
        )}${attr('inputmode', options.inputmode)}${attr('maxlength', options.maxlength)}${attr(
          'aria-describedby',
          describedBy,
        )}${attr('aria-invalid', options.error ? 'true' : null)}
      />`,
  );
}

export function textArea(
  options: FieldOptions & { value?: string | undefined; required?: boolean },
): Html {
  const id = inputId(options.name);
  return group(
    options,
    (describedBy) =>
      html`<textarea
        class="usa-textarea${options.error ? ' usa-input--error' : ''}"
        id="${id}"
        name="${options.name}"
        rows="3"
        ${attr('required', options.required)}${attr('aria-describedby', describedBy)}${attr(
          'aria-invalid',
          options.error ? 'true' : null,
        )}
      >
${options.value ?? ''}</textarea>`,
  );
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export function select(
  options: FieldOptions & { value?: string | undefined; choices: Choice[]; blank?: string },
): Html {
  const id = inputId(options.name);
  return group(
    options,
    (describedBy) =>
      html`<select
        class="usa-select${options.error ? ' usa-input--error' : ''}"
        id="${id}"
        name="${options.name}"
        ${attr('aria-describedby', describedBy)}${attr('aria-invalid', options.error ? 'true' : null)}
      >
        ${options.blank !== undefined && html`<option value="">${options.blank}</option>`}
        ${options.choices.map(
          (c) =>
            html`<option value="${c.value}" ${attr('selected', c.value === options.value)}>
              ${c.label}
            </option>`,
        )}
      </select>`,
  );
}

function fieldset(
  options: FieldOptions,
  type: 'radio' | 'checkbox',
  choices: Choice[],
  checked: (value: string) => boolean,
): Html {
  const id = inputId(options.name);
  const describedBy =
    [options.hint ? `${id}-hint` : null, options.error ? `${id}-error` : null]
      .filter(Boolean)
      .join(' ') || null;
  return html`<div class="usa-form-group${options.error ? ' usa-form-group--error' : ''}">
    <fieldset class="usa-fieldset" ${attr('aria-describedby', describedBy)}>
      <legend class="usa-legend">${options.label}</legend>
      ${options.hint && html`<div class="usa-hint" id="${id}-hint">${options.hint}</div>`}
      ${options.error && html`<span class="usa-error-message" id="${id}-error" role="alert">${options.error}</span>`}
      ${choices.map((c, i) => {
        const cid = i === 0 ? id : `${id}-${i}`;
        return html`<div class="usa-${type}">
          <input
            class="usa-${type}__input"
            id="${cid}"
            type="${type}"
            name="${options.name}"
            value="${c.value}"
            ${attr('checked', checked(c.value))}
          />
          <label class="usa-${type}__label" for="${cid}"
            >${c.label}${c.hint && html`<span class="usa-${type}__label-description">${c.hint}</span>`}</label
          >
        </div>`;
      })}
    </fieldset>
  </div>`;
}

export function radios(
  options: FieldOptions & { value?: string | undefined; choices: Choice[] },
): Html {
  return fieldset(options, 'radio', options.choices, (v) => v === options.value);
}

export function checkboxes(options: FieldOptions & { values: string[]; choices: Choice[] }): Html {
  return fieldset(options, 'checkbox', options.choices, (v) => options.values.includes(v));
}

/** A string field of a parsed form body ('' when absent or repeated). */
export function textOf(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** A repeated field (checkboxes) as a list. */
export function listOf(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
