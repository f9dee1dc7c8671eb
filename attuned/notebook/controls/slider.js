/*
 * Attuned's labelled slider (an anywidget front-end module; plain ES module, no build step).
 *
 * A native <input type="range"> named by its visible <label>, plus a number box for the exact
 * value (named "<label> (number)"). Why not the stock ipywidgets slider: its handle has no
 * accessible name, and in a notebook its arrow keys also move the notebook to another cell. A
 * native range input is named, keyboard-operable and announced in every browser and front end;
 * the keys it uses stop here, so the notebook stays where it is.
 */

const KEYS = new Set(["ArrowDown", "ArrowRight", "ArrowUp", "ArrowLeft", "Home", "End", "PageUp", "PageDown"]);
let sliderCount = 0;
/* anywidget may load this module once per widget, so a counter alone would repeat ids across
   widgets (and merge their radio groups): each loaded copy adds a random prefix of its own. */
const PREFIX = Math.random().toString(36).slice(2, 8);

/** A value as the number box shows it: the range input's own rounding to the step, no 0.30000000000000004. */
export function formatValue(value, step) {
  const decimals = (String(step).split(".")[1] || "").length;
  return String(Number(Number(value).toFixed(decimals)));
}

/** Clamp a typed number into [min, max] and onto the step grid; null if it is not a number. */
export function clampToStep(raw, min, max, step) {
  const value = Number(raw);
  if (raw === "" || !Number.isFinite(value)) { return null; }
  const steps = Math.round((Math.min(max, Math.max(min, value)) - min) / step);
  return Number(formatValue(Math.min(max, min + steps * step), step));
}

function render({ model, el }) {
  const id = `attuned-slider-${PREFIX}-${++sliderCount}`;
  const range = document.createElement("input");
  range.type = "range";
  range.id = `${id}-range`;
  /* Notebook 7 handles keys before they reach us: this public Lumino attribute keeps its command
     registry from turning the range's arrow keys into "go to the next cell". */
  range.setAttribute("data-lm-suppress-shortcuts", "true");
  const label = document.createElement("label");
  label.htmlFor = range.id;
  label.className = "attuned-slider-label";
  const number = document.createElement("input");
  number.type = "number";
  number.className = "attuned-slider-number";
  const root = document.createElement("div");
  root.className = "attuned-slider";
  root.append(label, range, number);
  el.append(root);

  function sync() {
    const step = model.get("step");
    for (const input of [range, number]) {
      input.min = String(model.get("min"));
      input.max = String(model.get("max"));
      input.step = String(step);
      input.disabled = Boolean(model.get("disabled"));
    }
    label.textContent = model.get("description");
    number.setAttribute("aria-label", `${model.get("description")} (number)`);
    const shown = formatValue(model.get("value"), step);
    if (range.value !== shown) { range.value = shown; }
    if (number.value !== shown && document.activeElement !== number) { number.value = shown; }
  }

  function send(value) {
    if (value === null || value === model.get("value")) { return; }
    model.set("value", value);
    model.save_changes();
  }

  range.addEventListener("input", () => {
    number.value = formatValue(range.value, model.get("step"));
    send(Number(number.value));
  });
  number.addEventListener("change", () => {
    const value = clampToStep(number.value, model.get("min"), model.get("max"), model.get("step"));
    if (value === null) { number.value = formatValue(model.get("value"), model.get("step")); return; }
    number.value = formatValue(value, model.get("step"));
    range.value = number.value;
    send(value);
  });
  root.addEventListener("keydown", (event) => {
    if (KEYS.has(event.key)) { event.stopPropagation(); } /* the input's own keys; never the notebook's */
  });

  sync();
  for (const trait of ["value", "min", "max", "step", "description", "disabled"]) { model.on(`change:${trait}`, sync); }
  return () => {
    for (const trait of ["value", "min", "max", "step", "description", "disabled"]) { model.off(`change:${trait}`, sync); }
  };
}

export default { render };
