/* The labelled slider (attuned/notebook/controls/slider.js): a named native range, a number box, its own keys. */
import assert from "node:assert/strict";
import { test } from "node:test";

import { FakeModel, installDom, press } from "./fake_model.js";

installDom();
const { default: slider, clampToStep, formatValue } = await import("../../attuned/notebook/controls/slider.js");

function mount(overrides = {}) {
  const model = new FakeModel({ value: 0.5, min: 0, max: 1, step: 0.1, description: "Explanation per session",
    disabled: false, ...overrides });
  const el = document.createElement("div");
  const outside = document.createElement("div");
  outside.append(el);
  document.body.replaceChildren(outside);
  const reachedNotebook = [];
  outside.addEventListener("keydown", (event) => reachedNotebook.push(event.key));
  const cleanup = slider.render({ model, el });
  return { model, el, cleanup, reachedNotebook, range: el.querySelector('input[type="range"]'),
    number: el.querySelector('input[type="number"]') };
}

test("the range is named by its visible label, the number box by the label and '(number)'", () => {
  const { el, range, number } = mount();
  assert.equal(el.querySelector(`label[for="${range.id}"]`).textContent, "Explanation per session");
  assert.equal(number.getAttribute("aria-label"), "Explanation per session (number)");
  assert.equal(range.value, "0.5");
  assert.equal(number.value, "0.5");
  assert.deepEqual([range.min, range.max, range.step], ["0", "1", "0.1"]);
  assert.equal(range.getAttribute("data-lm-suppress-shortcuts"), "true");
});

test("moving the range updates the number box at once and sends the value as state", () => {
  const { model, range, number } = mount();
  range.value = "0.6";
  range.dispatchEvent(new Event("input", { bubbles: true }));
  assert.equal(number.value, "0.6");
  assert.equal(model.get("value"), 0.6);
  assert.equal(model.saved.length, 1);
});

test("a typed number is clamped and put on the step grid; junk is undone", () => {
  const { model, range, number } = mount();
  number.value = "0.74";
  number.dispatchEvent(new Event("change", { bubbles: true }));
  assert.equal(model.get("value"), 0.7);
  assert.equal(range.value, "0.7");
  number.value = "7";
  number.dispatchEvent(new Event("change", { bubbles: true }));
  assert.equal(model.get("value"), 1);
  number.value = "";
  number.dispatchEvent(new Event("change", { bubbles: true }));
  assert.equal(number.value, "1");
  assert.equal(model.get("value"), 1);
});

test("the kernel's value is shown in both; the slider's keys stay with it, others pass", () => {
  const { model, range, number, reachedNotebook, cleanup } = mount({ value: 0.05, max: 0.3, step: 0.01 });
  assert.equal(number.value, "0.05");
  model.kernelSets({ value: 0.12 });
  assert.equal(range.value, "0.12");
  assert.equal(number.value, "0.12");
  range.focus();
  const arrow = press("ArrowRight");
  assert.ok(!arrow.defaultPrevented, "the browser's own range handling moves it");
  press("Enter");
  assert.deepEqual(reachedNotebook, ["Enter"]);
  cleanup();
  assert.equal(model.listenerCount(), 0);
});

test("formatValue and clampToStep avoid floating-point noise", () => {
  assert.equal(formatValue(0.1 + 0.2, 0.1), "0.3");
  assert.equal(formatValue(3, 1), "3");
  assert.equal(clampToStep("0.449", 0.1, 0.6, 0.05), 0.45);
  assert.equal(clampToStep("-4", 0, 1, 0.1), 0);
  assert.equal(clampToStep("abc", 0, 1, 0.1), null);
});
