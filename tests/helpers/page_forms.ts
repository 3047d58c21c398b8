/**
 * Reads the `<form>`s of a rendered page the way a browser sees them, and builds the entry list a
 * browser would submit (HTML's "constructing the entry list"): hidden fields included, unticked
 * boxes left out, the first option of a select chosen when none is marked. Enough HTML for what
 * preact-render-to-string writes (quoted attributes, escaped text); `<script>` bodies are skipped.
 */

export interface FormOption {
  value: string;
  label: string;
  selected: boolean;
  disabled: boolean;
}

export interface FormControl {
  tag: "input" | "select" | "textarea" | "button";
  /** Lower-case input type ("text" by default); "select", "textarea"; a button's type. */
  type: string;
  name: string;
  /** The value as rendered: an input's value attribute, a textarea's text, a button's value. */
  value: string;
  checked: boolean;
  disabled: boolean;
  options: FormOption[];
  /** A button's text (or a submit input's value). */
  label: string;
}

export interface PageForm {
  /** The action attribute as written ("" when absent: the page itself). */
  action: string;
  method: "GET" | "POST";
  enctype: string;
  controls: FormControl[];
  /** The first submit button's label. */
  button: string;
  /** `POST /dashboard/users/:id "Change role"`: how a test names a form, ids made generic. */
  signature: string;
}

const TAG =
  /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTR = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const RAW_TEXT = new Set(["script", "style", "textarea"]);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const SESSION_ID = /(\/(?:queue\/status|api\/queues\/entry)\/)[A-Za-z0-9_-]{32}/g;

/** Undoes the character references a server renderer writes. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);/gi, (_, ref: string) => {
    const r = ref.toLowerCase();
    if (r.startsWith("#x")) return String.fromCodePoint(parseInt(r.slice(2), 16));
    if (r.startsWith("#")) return String.fromCodePoint(parseInt(r.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" }[r]!;
  });
}

function readAttrs(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(ATTR)) {
    const name = m[1]!.toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return attrs;
}

/** `/dashboard/queues/3f…/settings` → `/dashboard/queues/:id/settings`. */
export function genericPath(path: string): string {
  return path.replace(SESSION_ID, "$1:sessionId").replace(UUID, ":id");
}

function control(tag: FormControl["tag"], attrs: Map<string, string>): FormControl {
  const type = tag === "input"
    ? (attrs.get("type") ?? "text").toLowerCase()
    : tag === "button"
    ? (attrs.get("type") ?? "submit").toLowerCase()
    : tag;
  const value = attrs.get("value") ?? (type === "checkbox" || type === "radio" ? "on" : "");
  if (attrs.has("form")) {
    throw new Error(`form= on <${tag} name="${attrs.get("name")}">: unsupported`);
  }
  return {
    tag,
    type,
    name: attrs.get("name") ?? "",
    value,
    checked: attrs.has("checked"),
    disabled: attrs.has("disabled"),
    options: [],
    label: type === "submit" && tag === "input" ? value : "",
  };
}

function finishForm(form: PageForm, unvalued: Set<FormOption>): PageForm {
  // An option without a value attribute submits its text.
  for (const o of unvalued) o.value = o.label.replace(/\s+/g, " ").trim();
  unvalued.clear();
  const submit = form.controls.find((c) =>
    (c.tag === "button" || c.tag === "input") && c.type === "submit"
  );
  const button = submit?.label.replace(/\s+/g, " ").trim() ?? "";
  const path = form.action === "" ? "" : genericPath(form.action);
  return { ...form, button, signature: `${form.method} ${path} "${button}"` };
}

/** Every form of the page, in document order, with its controls. */
export function readForms(html: string): PageForm[] {
  const forms: PageForm[] = [];
  let form: PageForm | null = null;
  let select: FormControl | null = null;
  let option: FormOption | null = null;
  let button: FormControl | null = null;
  const unvalued = new Set<FormOption>();
  let at = 0;
  const text = (chunk: string) => {
    const t = decodeEntities(chunk);
    if (option) option.label += t;
    if (button) button.label += t;
  };
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    text(html.slice(at, m.index));
    at = TAG.lastIndex;
    if (m[0].startsWith("<!--")) continue;
    const closing = m[1] === "/";
    const tag = m[2]!.toLowerCase();
    const attrs = readAttrs(m[3] ?? "");
    if (!closing && RAW_TEXT.has(tag)) {
      const end = html.toLowerCase().indexOf(`</${tag}`, at);
      const body = html.slice(at, end < 0 ? html.length : end);
      at = end < 0 ? html.length : html.indexOf(">", end) + 1;
      TAG.lastIndex = at;
      if (tag === "textarea" && form) {
        const area = control("textarea", attrs);
        // A newline right after <textarea> is not part of its value.
        area.value = decodeEntities(body.replace(/^\r?\n/, ""));
        form.controls.push(area);
      }
      continue;
    }
    if (closing) {
      if (tag === "form" && form) {
        forms.push(finishForm(form, unvalued));
        form = null;
      } else if (tag === "select") select = option = null;
      else if (tag === "option") option = null;
      else if (tag === "button") button = null;
      continue;
    }
    if (tag === "form") {
      if (form) throw new Error("a <form> inside a <form>");
      form = {
        action: attrs.get("action") ?? "",
        method: (attrs.get("method") ?? "get").toUpperCase() === "POST" ? "POST" : "GET",
        enctype: attrs.get("enctype") ?? "application/x-www-form-urlencoded",
        controls: [],
        button: "",
        signature: "",
      };
    } else if (!form) {
      continue;
    } else if (tag === "input") {
      form.controls.push(control("input", attrs));
    } else if (tag === "button") {
      button = control("button", attrs);
      form.controls.push(button);
    } else if (tag === "select") {
      select = control("select", attrs);
      form.controls.push(select);
    } else if (tag === "option" && select) {
      option = {
        value: attrs.get("value") ?? "",
        label: "",
        selected: attrs.has("selected"),
        disabled: attrs.has("disabled"),
      };
      if (!attrs.has("value")) unvalued.add(option);
      select.options.push(option);
    }
  }
  if (form) throw new Error(`an unclosed <form action="${form.action}">`);
  return forms;
}

/** What a person can type, tick or choose: a string for text, radio and select, a boolean for a box. */
export type FormFill = Record<string, string | boolean>;

function typed(type: string, value: string): string {
  // A browser keeps only a valid number in a number field, and trims an email field.
  if (type === "number") return /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value) ? value : "";
  if (type === "email") return value.replace(/[\r\n]/g, "").trim();
  return value;
}

/**
 * The name/value pairs a browser sends when `form` is submitted with its first submit button,
 * after a person filled it with `fill`. Filling a field the form lacks, a hidden one, or an option
 * it does not offer throws: a person could not do that either.
 */
export function formEntries(form: PageForm, fill: FormFill = {}): Array<[string, string]> {
  const controls = form.controls.map((c) => ({ ...c, options: c.options.map((o) => ({ ...o })) }));
  let pressed: FormControl | undefined;
  for (const [name, wanted] of Object.entries(fill)) {
    const targets = controls.filter((c) =>
      c.name === name && !c.disabled && c.type !== "hidden" && c.tag !== "button" &&
      c.type !== "submit"
    );
    // A named submit button (one of several, like the language switcher's) is pressed by value.
    const button = controls.find((c) =>
      c.type === "submit" && c.name === name && c.value === wanted && !c.disabled
    );
    if (targets.length === 0 && button) {
      pressed = button;
      continue;
    }
    if (targets.length === 0) {
      throw new Error(`${form.signature} has no field "${name}" a person could fill`);
    }
    for (const c of targets) {
      if (c.type === "checkbox") {
        if (typeof wanted !== "boolean") throw new Error(`tick "${name}" with true or false`);
        c.checked = wanted;
      } else if (c.type === "radio") {
        c.checked = c.value === wanted;
      } else if (c.tag === "select") {
        if (!c.options.some((o) => o.value === wanted && !o.disabled)) {
          throw new Error(`"${name}" offers no option "${wanted}"`);
        }
        for (const o of c.options) o.selected = o.value === wanted;
      } else {
        if (typeof wanted !== "string") throw new Error(`type a string into "${name}"`);
        c.value = wanted;
      }
    }
    if (targets[0]!.type === "radio" && !targets.some((c) => c.checked)) {
      throw new Error(`"${name}" offers no choice "${wanted}"`);
    }
  }
  const submitter = pressed ?? controls.find((c) => c.type === "submit" && !c.disabled);
  const entries: Array<[string, string]> = [];
  for (const c of controls) {
    if (c.disabled || c.name === "") continue;
    if (c.tag === "button" || c.type === "submit" || c.type === "reset" || c.type === "image") {
      if (c === submitter) entries.push([c.name, c.value]);
    } else if (c.type === "checkbox" || c.type === "radio") {
      if (c.checked) entries.push([c.name, c.value]);
    } else if (c.tag === "select") {
      const usable = c.options.filter((o) => !o.disabled);
      const chosen = c.options.filter((o) => o.selected && !o.disabled);
      for (const o of chosen.length ? chosen : usable.slice(0, 1)) entries.push([c.name, o.value]);
    } else if (c.tag === "textarea") {
      entries.push([c.name, c.value.replace(/\r?\n/g, "\r\n")]);
    } else {
      entries.push([c.name, typed(c.type, c.value)]);
    }
  }
  return entries;
}

/** The form whose signature is `signature`; `which` narrows several alike (e.g. one per row). */
export function pickForm(forms: PageForm[], signature: string, which?: string): PageForm {
  const alike = forms.filter((f) => f.signature === signature);
  // A form is named by its action or by a hidden field (the join forms' queueId).
  const found = which === undefined
    ? alike
    : alike.filter((f) =>
      f.action.includes(which) || f.controls.some((c) => c.type === "hidden" && c.value === which)
    );
  if (found.length !== 1) {
    const seen = forms.map((f) => `${f.signature} ${f.action}`).join("\n  ");
    throw new Error(
      `${found.length} forms match ${signature} ${which ?? ""}; the page has:\n  ${seen}`,
    );
  }
  return found[0]!;
}
