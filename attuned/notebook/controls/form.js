/*
 * Attuned's course form (an anywidget front-end module; plain ES module, no build step).
 *
 * One component draws labelled fields (a radio group, a checkbox group, drop-down lists, a text
 * area) and buttons. Why one component and not stock ipywidgets: a press of a button sends, in
 * the SAME message, every value the page shows -- {event: <button name>, values: {...}} through
 * model.send -- and the kernel acts on exactly those values (attuned/notebook/controls/form.py). The kernel
 * can therefore never commit a choice other than the one on screen, with no waiting: stock
 * ipywidgets send a control's state and a button's click as two messages, and could deliver the
 * click first ("arrow down, Enter" committed the previous choice).
 *
 * State flows one way. The kernel owns the traits `fields`, `values` and `buttons`; the page keeps
 * what the trainee has picked or typed locally (`shown`) and never writes it back as state.
 * Whenever the kernel changes a value, or a field's options, the page takes the kernel's value.
 *
 * Keyboard (WAI-ARIA Authoring Practices): a radio group is one Tab stop; arrow keys move and
 * select (wrapping), Home/End go to the first/last. Arrow keys step a drop-down list and move
 * between checkboxes. A notebook front end must not turn those keys into "go to the next cell":
 * JupyterLab listens for keys as they bubble up, so they stop at the field; Notebook 7 listens
 * before they reach us (capture phase), so each such control also carries Lumino's public
 * `data-lm-suppress-shortcuts` attribute, which makes its command registry leave the key alone.
 * On buttons and text, arrow keys are not ours and pass (the notebook's own cell navigation).
 * Re-rendering updates the DOM in place, so keyboard focus stays where it was. When the kernel
 * disables or hides the button that has focus (Respond at the end of a path), focus moves to the
 * next button of the form that can be pressed (Replay), never to the page body, where a keyboard
 * or screen-reader user would lose their place.
 */

const NEXT = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
const ENDS = { Home: "first", End: "last" };
const SUPPRESS = "data-lm-suppress-shortcuts";
let formCount = 0;
/* anywidget may load this module once per widget, so a counter alone would repeat ids across
   widgets (and merge their radio groups): each loaded copy adds a random prefix of its own. */
const PREFIX = Math.random().toString(36).slice(2, 8);

function copy(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function emptyValue(spec) {
  if (spec.kind === "checkbox") { return []; }
  if (spec.kind === "textarea") { return ""; }
  return null;
}

/** Whether a button can be pressed with these values: the rule form.py applies to a press, too. */
export function buttonEnabled(spec, values) {
  if (spec.disabled || spec.hidden) { return false; }
  if (!spec.requires) { return true; }
  const value = values[spec.requires];
  return Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined && value !== "";
}

/** Where an arrow, Home or End key moves within `count` items from `index`, wrapping; -1: not ours. */
export function moveIndex(key, index, count, wrap = true) {
  if (count === 0) { return -1; }
  if (ENDS[key] === "first") { return 0; }
  if (ENDS[key] === "last") { return count - 1; }
  if (!(key in NEXT)) { return -1; }
  const next = index + NEXT[key];
  if (wrap) { return (next + count) % count; }
  return Math.min(count - 1, Math.max(0, next));
}

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "className") { node.className = value; } else { node.setAttribute(name, value); }
  }
  node.append(...children);
  return node;
}

/* -- fields: each builder returns {node, spec, setSpec(spec), show(value), controls()} -------- */

function choiceGroup(spec, ids, onPick) {
  const type = spec.kind === "radio" ? "radio" : "checkbox";
  const legend = element("legend", { id: `${ids.base}-label`, className: "attuned-form-legend" });
  const list = element("div", { className: "attuned-form-options" });
  const node = element("fieldset", { className: `attuned-form-field attuned-form-${type}s` }, legend, list);
  if (type === "radio") {
    node.setAttribute("role", "radiogroup"); /* the group, and its name, for screen readers */
    node.setAttribute("aria-labelledby", legend.id);
  }
  let options = null;
  const field = {
    node,
    spec,
    controls: () => Array.from(list.querySelectorAll("input")),
    setSpec(next) {
      field.spec = next;
      legend.textContent = next.label || "";
      legend.hidden = !next.label;
      node.hidden = Boolean(next.hidden);
      if (!same(options, next.options)) {
        const focused = field.controls().indexOf(document.activeElement);
        options = copy(next.options) || [];
        list.replaceChildren(...options.map(([label, value], n) => {
          const input = element("input", { type, name: ids.base, value: String(value), id: `${ids.base}-${n}` });
          input.dataset.index = String(n);
          input.setAttribute(SUPPRESS, "true");
          return element("label", { className: "attuned-form-option", for: input.id }, input,
            element("span", {}, label));
        }));
        const inputs = field.controls();
        if (focused >= 0 && inputs.length) { inputs[Math.min(focused, inputs.length - 1)].focus(); }
      }
      for (const input of field.controls()) { input.disabled = Boolean(next.disabled); }
    },
    show(value) {
      const inputs = field.controls();
      inputs.forEach((input, n) => {
        const id = options[n][1];
        input.checked = type === "radio" ? value === id : Array.isArray(value) && value.includes(id);
      });
    },
    valueOf(input) {
      const id = options[Number(input.dataset.index)][1];
      if (type === "radio") { return id; }
      const inputs = field.controls();
      return options.filter((_option, n) => inputs[n].checked).map(([, value]) => value);
    },
    keydown(event) {
      const inputs = field.controls().filter((input) => !input.disabled);
      const here = inputs.indexOf(event.target);
      if (here < 0) { return false; }
      const next = moveIndex(event.key, here, inputs.length);
      if (next < 0) { return false; }
      inputs[next].focus();
      if (type === "radio") { /* the radio-group pattern: moving selects */
        inputs[next].checked = true;
        onPick(field.spec.name, field.valueOf(inputs[next]));
      }
      return true;
    },
  };
  list.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement) { onPick(field.spec.name, field.valueOf(event.target)); }
  });
  field.setSpec(spec);
  return field;
}

/* A field of one labelled control (a select, a text area). The label, hiding and disabling are the
   same for each; `own` adds what is the control's own: `setSpec(next)` after the shared part, `show`,
   `keydown`. `extra` are nodes after the control (a text area's error line). */
function labelledField(control, box, spec, own, ...extra) {
  const label = element("label", { for: control.id, className: "attuned-form-label" });
  const node = element("div", { className: `attuned-form-field attuned-form-${box}` }, label, control, ...extra);
  const field = {
    ...own,
    node,
    spec,
    controls: () => [control],
    setSpec(next) {
      field.spec = next;
      label.textContent = next.label || "";
      node.hidden = Boolean(next.hidden);
      control.disabled = Boolean(next.disabled);
      own.setSpec(next);
    },
  };
  return field;
}

function selectField(spec, ids, onPick) {
  const select = element("select", { id: ids.base, className: "attuned-form-select", [SUPPRESS]: "true" });
  let options = null;
  let values = [];
  const pick = () => onPick(field.spec.name, select.selectedIndex < 0 ? null : values[select.selectedIndex]);
  const field = labelledField(select, "selectbox", spec, {
    setSpec(next) {
      const all = [...(next.placeholder ? [[next.placeholder, null]] : []), ...(next.options || [])];
      if (!same(options, all)) {
        options = copy(all);
        values = options.map(([, value]) => value);
        select.replaceChildren(...options.map(([text, value]) =>
          element("option", { value: value === null ? "" : String(value) }, text)));
      }
    },
    show(value) {
      const index = values.findIndex((v) => same(v, value));
      select.selectedIndex = index;
    },
    keydown(event) {
      if (event.target !== select) { return false; }
      const first = field.spec.placeholder ? 1 : 0; /* Home goes to the first real number, not "choose" */
      const count = values.length - first;
      const here = Math.max(select.selectedIndex - first, -1);
      const next = event.key in NEXT && here < 0 ? 0 : moveIndex(event.key, here, count, false);
      if (next < 0) { return false; }
      select.selectedIndex = next + first;
      pick();
      return true;
    },
  });
  select.addEventListener("change", pick);
  select.addEventListener("input", pick);
  field.setSpec(spec);
  return field;
}

function textareaField(spec, ids, onPick) {
  const box = element("textarea", { id: ids.base, className: "attuned-form-textarea" });
  /* Why a press was refused, in words under the box (with a symbol, never colour alone). The status
     line announces it once; this stays, and joins the box's description so it is read on return. */
  const error = element("p", { id: `${ids.base}-error`, className: "attuned-form-error" });
  const field = labelledField(box, "textbox", spec, {
    setSpec(next) {
      box.rows = next.rows || 4;
      box.placeholder = next.placeholder || "";
      error.textContent = next.error ? `⚠ ${next.error}` : "";
      error.hidden = !next.error;
      const described = [next.described_by, next.error ? error.id : null].filter(Boolean).join(" ");
      if (described) { box.setAttribute("aria-describedby", described); } else { box.removeAttribute("aria-describedby"); }
      if (next.error) { box.setAttribute("aria-invalid", "true"); } else { box.removeAttribute("aria-invalid"); }
    },
    show(value) {
      if (box.value !== (value || "")) { box.value = value || ""; }
    },
    keydown: () => false, /* the caret keys are the text area's own */
  }, error);
  box.addEventListener("input", () => onPick(field.spec.name, box.value));
  field.setSpec(spec);
  return field;
}

const BUILDERS = { radio: choiceGroup, checkbox: choiceGroup, select: selectField, textarea: textareaField };

/* -- the component ------------------------------------------------------------------------ */

function render({ model, el }) {
  const base = `attuned-form-${PREFIX}-${++formCount}`;
  const fieldsBox = element("div", { className: "attuned-form-fields" });
  const buttonsBox = element("div", { className: "attuned-form-buttons" });
  const root = element("div", { className: "attuned-form" }, fieldsBox, buttonsBox);
  el.append(root);

  const fields = new Map();
  const buttons = new Map();
  let kernel = {};
  const shown = {};

  function focusedButton() {
    return Array.from(buttons.values()).find((node) => node === document.activeElement);
  }

  /* `focused`: the button that had focus before the kernel's change (read before anything changed). */
  function refreshButtons(focused = focusedButton()) {
    for (const spec of model.get("buttons") || []) {
      const node = buttons.get(spec.name);
      if (node) { node.disabled = !buttonEnabled(spec, shown); }
    }
    if (focused && (focused.disabled || focused.hidden)) { rescueFocus(focused); }
  }

  /* The focused button can no longer be pressed: focus the next one that can (else the one before). */
  function rescueFocus(from) {
    const usable = (node) => !node.disabled && !node.hidden;
    const all = Array.from(buttonsBox.children);
    const here = all.indexOf(from);
    const next = [...all.slice(here + 1), ...all.slice(0, Math.max(here, 0)).reverse()].find(usable);
    if (next) { next.focus(); }
  }

  function onPick(name, value) {
    shown[name] = value;
    refreshButtons();
  }

  function press(name) {
    const spec = (model.get("buttons") || []).find((b) => b.name === name);
    if (!spec || !buttonEnabled(spec, shown)) { return; }
    model.send({ event: name, values: copy(shown) });
  }

  /* Bring the page in line with the kernel's traits. Idempotent: it runs once per changed trait. */
  function sync() {
    const focused = focusedButton();
    const values = model.get("values") || {};
    for (const spec of model.get("fields") || []) {
      let field = fields.get(spec.name);
      const build = BUILDERS[spec.kind];
      if (!build) { continue; }
      let optionsChanged = false;
      if (!field || field.spec.kind !== spec.kind) {
        const created = build(spec, { base: `${base}-${spec.name}` }, onPick);
        if (field) { field.node.replaceWith(created.node); } else { fieldsBox.append(created.node); }
        field = created;
        fields.set(spec.name, field);
        optionsChanged = true;
      } else {
        optionsChanged = !same(field.spec.options, spec.options) || !same(field.spec.placeholder, spec.placeholder);
        field.setSpec(spec);
      }
      if (optionsChanged || !same(kernel[spec.name], values[spec.name]) || !(spec.name in shown)) {
        shown[spec.name] = copy(values[spec.name] ?? emptyValue(spec));
      }
      field.show(shown[spec.name]);
    }
    kernel = copy(values);
    for (const spec of model.get("buttons") || []) {
      let node = buttons.get(spec.name);
      if (!node) {
        node = element("button", { type: "button", className: "attuned-form-button" });
        node.dataset.name = spec.name;
        node.addEventListener("click", () => press(spec.name));
        buttonsBox.append(node);
        buttons.set(spec.name, node);
      }
      if (node.textContent !== spec.label) { node.textContent = spec.label; }
      if (spec.tooltip) { node.title = spec.tooltip; } else { node.removeAttribute("title"); }
      node.hidden = Boolean(spec.hidden);
    }
    refreshButtons(focused);
  }

  root.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (!(event.key in NEXT) && !(event.key in ENDS)) { return; }
    for (const field of fields.values()) {
      if (field.node.contains(event.target)) {
        if (field.keydown(event)) { event.preventDefault(); }
        event.stopPropagation(); /* a key of a field is ours: the notebook must not move to another cell */
        return;
      }
    }
  });

  sync();
  for (const trait of ["fields", "values", "buttons"]) { model.on(`change:${trait}`, sync); }
  return () => {
    for (const trait of ["fields", "values", "buttons"]) { model.off(`change:${trait}`, sync); }
  };
}

export default { render };
