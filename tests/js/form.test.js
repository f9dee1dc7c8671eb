/* The course form (attuned/notebook/controls/form.js): keyboard, names, and a press that carries what is shown. */
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";

import { FakeModel, installDom, press } from "./fake_model.js";

installDom();
const { default: form, buttonEnabled, moveIndex } = await import("../../attuned/notebook/controls/form.js");

const OPENING = [["I hear you.", "reflect"], ["Shall we slowly revisit last night?", "invite"], ["Let me explain.", "explain"]];
const LATER = [["Stay with it.", "stay"], ["Move on.", "move-on"]];

function vignetteState(options = OPENING) {
  return {
    fields: [{ name: "response", kind: "radio", label: "Your response:", options, hidden: false, disabled: false }],
    values: { response: null },
    buttons: [
      { name: "respond", label: "Respond", tooltip: "Say this to the client", requires: "response", hidden: false, disabled: false },
      { name: "replay", label: "Replay in practice mode", tooltip: "", requires: null, hidden: false, disabled: true },
    ],
  };
}

function mount(state) {
  const model = new FakeModel(state);
  const el = document.createElement("div");
  const outside = document.createElement("div"); /* the notebook around the widget */
  outside.append(el);
  document.body.replaceChildren(outside);
  const reachedNotebook = [];
  outside.addEventListener("keydown", (event) => reachedNotebook.push(event.key));
  const cleanup = form.render({ model, el });
  const radios = () => Array.from(el.querySelectorAll('input[type="radio"]'));
  const button = (label) => Array.from(el.querySelectorAll("button")).find((b) => b.textContent === label);
  return { model, el, cleanup, radios, button, reachedNotebook };
}

function labelOf(input) {
  return input.closest("label").textContent.trim();
}

describe("a choice is a named ARIA radio group", () => {
  test("the group is named by its visible legend and every radio by its option text", () => {
    const { el, radios } = mount(vignetteState());
    const group = el.querySelector('[role="radiogroup"]');
    assert.ok(group);
    assert.equal(el.querySelector(`#${group.getAttribute("aria-labelledby")}`).textContent, "Your response:");
    assert.deepEqual(radios().map(labelOf), OPENING.map(([text]) => text));
    assert.equal(new Set(radios().map((r) => r.name)).size, 1, "one group: one Tab stop, as the platform makes it");
    assert.ok(radios().every((r) => r.getAttribute("data-lm-suppress-shortcuts") === "true"));
  });

  test("two forms on one page never share a radio group or an id", () => {
    const a = mount(vignetteState());
    const first = a.radios().map((r) => [r.name, r.id]);
    const b = mount(vignetteState());
    const second = b.radios().map((r) => [r.name, r.id]);
    assert.notEqual(first[0][0], second[0][0]);
    assert.equal(new Set([...first, ...second].map(([, id]) => id)).size, first.length + second.length);
  });

  test("arrow keys move and select, wrapping at the ends; Home and End; the notebook never sees them", () => {
    const { radios, reachedNotebook } = mount(vignetteState());
    radios()[0].focus();
    const down = press("ArrowDown");
    assert.ok(down.defaultPrevented);
    assert.equal(document.activeElement, radios()[1]);
    assert.ok(radios()[1].checked);
    press("ArrowRight");
    assert.ok(radios()[2].checked);
    press("ArrowDown");
    assert.equal(document.activeElement, radios()[0], "wraps to the first");
    press("ArrowUp");
    assert.equal(document.activeElement, radios()[2], "and back round to the last");
    press("Home");
    assert.ok(radios()[0].checked && document.activeElement === radios()[0]);
    press("End");
    assert.ok(radios()[2].checked && document.activeElement === radios()[2]);
    assert.equal(radios().filter((r) => r.checked).length, 1);
    assert.deepEqual(reachedNotebook, []);
  });

  test("modified keys and other keys are left to the front end", () => {
    const { radios, reachedNotebook } = mount(vignetteState());
    radios()[0].focus();
    assert.ok(!press("ArrowDown", undefined, { shiftKey: true }).defaultPrevented);
    press("Enter");
    assert.deepEqual(reachedNotebook, ["ArrowDown", "Enter"]);
    assert.equal(document.activeElement, radios()[0]);
  });
});

describe("a press carries the choice on screen", () => {
  test("Respond is disabled until a choice is made on the page, then enabled at once", () => {
    const { radios, button } = mount(vignetteState());
    assert.ok(button("Respond").disabled);
    radios()[1].checked = true;
    radios()[1].dispatchEvent(new Event("change", { bubbles: true }));
    assert.ok(!button("Respond").disabled);
  });

  test("one message per press, with the option id; the page never writes the choice back as state", () => {
    const { model, radios, button } = mount(vignetteState());
    radios()[0].focus();
    press("ArrowDown");
    button("Respond").click();
    assert.deepEqual(model.sent, [{ event: "respond", values: { response: "invite" } }]);
    assert.deepEqual(model.saved, [], "no save_changes: nothing can arrive after the press");
    assert.deepEqual(model.localSets, []);
  });

  test("the race: the kernel holds an earlier pick, the trainee arrows away and back, then presses", () => {
    const state = vignetteState();
    state.values.response = "invite"; /* what the kernel last held */
    const { model, radios, button } = mount(state);
    assert.ok(radios()[1].checked);
    radios()[1].focus();
    press("ArrowDown");
    press("ArrowUp");
    button("Respond").click();
    press("ArrowDown"); /* and away again, pressed at once: the press goes out immediately, no waiting */
    button("Respond").click();
    assert.deepEqual(model.sent.map((m) => m.values.response), ["invite", "explain"]);
  });

  test("a disabled or hidden button sends nothing", () => {
    const state = vignetteState();
    state.buttons[0].hidden = true;
    const { model, button } = mount(state);
    button("Replay in practice mode").click();
    button("Respond").click();
    assert.deepEqual(model.sent, []);
    assert.ok(button("Respond").hidden);
  });

  test("buttonEnabled is the rule the kernel applies too", () => {
    const spec = { requires: "response", disabled: false, hidden: false };
    assert.equal(buttonEnabled(spec, { response: null }), false);
    assert.equal(buttonEnabled(spec, { response: "a" }), true);
    assert.equal(buttonEnabled({ ...spec, requires: "answer" }, { answer: [] }), false);
    assert.equal(buttonEnabled({ ...spec, requires: null, disabled: true }, {}), false);
  });
});

describe("re-rendering keeps the trainee's place", () => {
  test("after Respond the next scene's options replace the old ones and focus stays on Respond", () => {
    const { model, radios, button } = mount(vignetteState());
    radios()[0].focus();
    press("ArrowDown");
    const respond = button("Respond");
    respond.focus();
    respond.click();
    model.kernelSets({ values: { response: "invite" } }); /* the kernel applies the press ... */
    model.kernelSets({ /* ... then shows the next scene, with Respond kept pressable under focus */
      fields: [{ ...model.get("fields")[0], options: LATER }],
      values: { response: null },
      buttons: model.get("buttons").map((b) => (b.name === "respond" ? { ...b, requires: null } : b)),
    });
    assert.equal(button("Respond"), respond, "the same button element, updated in place");
    assert.equal(document.activeElement, respond);
    assert.ok(!respond.disabled);
    assert.deepEqual(radios().map(labelOf), LATER.map(([text]) => text));
    assert.ok(radios().every((r) => !r.checked), "the old pick does not carry over to a new scene");
    respond.click();
    assert.deepEqual(model.sent.at(-1), { event: "respond", values: { response: null } });
  });

  test("focus inside the group survives new options; a kernel-side choice is shown", () => {
    const { model, radios } = mount(vignetteState());
    radios()[1].focus();
    model.kernelSets({ fields: [{ ...model.get("fields")[0], options: LATER }] });
    assert.equal(document.activeElement, radios()[1]);
    model.kernelSets({ values: { response: "stay" } });
    assert.ok(radios()[0].checked);
  });

  test("at a path's end the kernel switches the focused Respond off: focus moves to Replay, not to the page", () => {
    const { model, radios, button } = mount(vignetteState(LATER));
    radios()[0].focus();
    press("ArrowDown");
    const respond = button("Respond");
    respond.focus();
    respond.click();
    model.kernelSets({ /* the last step is saved: no options, Respond off and saying why, Replay on */
      fields: [{ ...model.get("fields")[0], options: [], hidden: true }],
      values: { response: null },
      buttons: model.get("buttons").map((b) => (b.name === "respond"
        ? { ...b, disabled: true, requires: null, label: "Respond (path ended)" }
        : { ...b, disabled: false })),
    });
    const ended = button("Respond (path ended)");
    assert.equal(ended, respond, "the same element: its name now says why it is off");
    assert.ok(ended.disabled && !ended.hidden);
    assert.equal(document.activeElement, button("Replay in practice mode"));
    ended.click();
    assert.deepEqual(model.sent, [{ event: "respond", values: { response: "move-on" } }], "a disabled Respond sends nothing");
  });

  test("focus goes back to an earlier button when no later one can be pressed; unfocused buttons are left alone", () => {
    const state = vignetteState();
    state.buttons = [
      { name: "save", label: "Save", requires: null, hidden: false, disabled: false },
      ...state.buttons.map((b) => ({ ...b, requires: null, disabled: false })),
    ];
    const { model, button } = mount(state);
    button("Respond").focus();
    model.kernelSets({ buttons: model.get("buttons").map((b) => ({ ...b, disabled: b.name !== "save" })) });
    assert.equal(document.activeElement, button("Save"));
    const outside = document.createElement("input");
    document.body.append(outside);
    outside.focus();
    model.kernelSets({ buttons: model.get("buttons").map((b) => ({ ...b, disabled: b.name === "save" })) });
    assert.equal(document.activeElement, outside, "focus elsewhere on the page is never taken");
  });

  test("a label change keeps the button; cleanup removes every listener", () => {
    const { model, cleanup, button } = mount(vignetteState());
    const respond = button("Respond");
    model.kernelSets({ buttons: model.get("buttons").map((b) => ({ ...b, label: b.name === "respond" ? "Respond (practice)" : b.label })) });
    assert.equal(button("Respond (practice)"), respond);
    assert.equal(respond.title, "Say this to the client");
    assert.ok(model.listenerCount() > 0);
    cleanup();
    assert.equal(model.listenerCount(), 0);
  });
});

describe("checkboxes, drop-down lists and the text area", () => {
  test("every answer that applies: the value lists the checked ids in option order", () => {
    const { model, el, button } = mount({
      fields: [{ name: "answer", kind: "checkbox", label: "Your answers:", options: [["(a) one", "a"], ["(b) two", "b"], ["(c) three", "c"]] }],
      values: { answer: [] },
      buttons: [{ name: "submit", label: "Submit answer", requires: null }],
    });
    const boxes = Array.from(el.querySelectorAll('input[type="checkbox"]'));
    assert.equal(el.querySelector('[role="radiogroup"]'), null);
    assert.equal(el.querySelector("legend").textContent, "Your answers:");
    for (const box of [boxes[2], boxes[0]]) { box.checked = true; box.dispatchEvent(new Event("change", { bubbles: true })); }
    boxes[0].focus();
    press("ArrowDown"); /* moves between checkboxes without ticking any */
    assert.equal(document.activeElement, boxes[1]);
    assert.ok(!boxes[1].checked);
    button("Submit answer").click();
    assert.deepEqual(model.sent, [{ event: "submit", values: { answer: ["a", "c"] } }]);
  });

  test("a check-in list: a visible label, arrow keys step it, the press carries the numbers", () => {
    const numbers = Array.from({ length: 11 }, (_, n) => [n === 0 ? "0 — calm" : String(n), n]);
    const { model, el, button, reachedNotebook } = mount({
      fields: [
        { name: "activation", kind: "select", label: "How activated?", options: numbers, placeholder: "— choose —" },
        { name: "urge_to_fix", kind: "select", label: "How strong an urge?", options: numbers, placeholder: "— choose —" },
      ],
      values: { activation: 3, urge_to_fix: null },
      buttons: [{ name: "record", label: "Record check-in", requires: null }],
    });
    const [activation, urge] = el.querySelectorAll("select");
    assert.equal(el.querySelector(`label[for="${activation.id}"]`).textContent, "How activated?");
    assert.equal(activation.value, "3");
    assert.equal(urge.options[urge.selectedIndex].textContent, "— choose —");
    activation.focus();
    press("ArrowDown");
    assert.equal(activation.value, "4");
    press("ArrowUp");
    press("ArrowUp");
    assert.equal(activation.value, "2");
    press("Home");
    assert.equal(activation.value, "0", "Home goes to the first number, not to '— choose —'");
    urge.focus();
    press("ArrowDown");
    assert.equal(urge.value, "0");
    press("End");
    assert.equal(urge.value, "10");
    assert.deepEqual(reachedNotebook, []);
    button("Record check-in").click();
    assert.deepEqual(model.sent, [{ event: "record", values: { activation: 0, urge_to_fix: 10 } }]);
  });

  test("own words: the press carries the whole text; the kernel's save disables the box and keeps the words", () => {
    const { model, el, button } = mount({
      fields: [{ name: "words", kind: "textarea", label: "Your words to Tomás:", placeholder: "What I would say…",
        rows: 4, described_by: "m2.tomas-own-words-help", disabled: false }],
      values: { words: "" },
      buttons: [{ name: "save", label: "Save my words", requires: null }],
    });
    const box = el.querySelector("textarea");
    assert.equal(el.querySelector(`label[for="${box.id}"]`).textContent, "Your words to Tomás:");
    assert.equal(box.getAttribute("aria-describedby"), "m2.tomas-own-words-help");
    box.value = "That sounds exhausting.";
    box.dispatchEvent(new Event("input", { bubbles: true }));
    const save = button("Save my words");
    save.focus();
    save.click();
    assert.deepEqual(model.sent, [{ event: "save", values: { words: "That sounds exhausting." } }]);
    model.kernelSets({ values: { words: "That sounds exhausting." },
      fields: [{ ...model.get("fields")[0], disabled: true }],
      buttons: [{ ...model.get("buttons")[0], label: "Words saved" }] });
    assert.ok(box.disabled);
    assert.equal(box.value, "That sounds exhausting.");
    assert.equal(document.activeElement, save, "focus stays on the button it was on");
    assert.equal(save.textContent, "Words saved");
  });

  test("a refused press: the reason shows under the box in words, marks it invalid and joins its description", () => {
    const { model, el, button } = mount({
      fields: [{ name: "words", kind: "textarea", label: "Your words to Tomás:", rows: 4,
        described_by: "m2.tomas-own-words-help", error: null, disabled: false }],
      values: { words: "" },
      buttons: [{ name: "save", label: "Save my words", requires: null }],
    });
    const box = el.querySelector("textarea");
    const error = el.querySelector(".attuned-form-error");
    assert.ok(error.hidden && !box.hasAttribute("aria-invalid"));
    box.value = "ok";
    box.dispatchEvent(new Event("input", { bubbles: true }));
    button("Save my words").click();
    assert.deepEqual(model.sent, [{ event: "save", values: { words: "ok" } }]);
    const reason = "Not saved: your words to Tomás have 1 word. Write at least 5 words, because …";
    model.kernelSets({ fields: [{ ...model.get("fields")[0], error: reason }] });
    assert.ok(!error.hidden);
    assert.equal(error.textContent, `⚠ ${reason}`, "a symbol and words, never colour alone");
    assert.equal(box.getAttribute("aria-invalid"), "true");
    assert.deepEqual(box.getAttribute("aria-describedby").split(" "), ["m2.tomas-own-words-help", error.id]);
    assert.equal(box.value, "ok", "the trainee's text stays in the box to be added to");
    model.kernelSets({ fields: [{ ...model.get("fields")[0], error: null }] });
    assert.ok(error.hidden && !box.hasAttribute("aria-invalid"));
    assert.equal(box.getAttribute("aria-describedby"), "m2.tomas-own-words-help");
  });
});

test("moveIndex: the radio-group arithmetic", () => {
  assert.equal(moveIndex("ArrowDown", 2, 3), 0);
  assert.equal(moveIndex("ArrowUp", 0, 3), 2);
  assert.equal(moveIndex("ArrowDown", 2, 3, false), 2);
  assert.equal(moveIndex("End", 0, 3), 2);
  assert.equal(moveIndex("Enter", 0, 3), -1);
  assert.equal(moveIndex("ArrowDown", 0, 0), -1);
});

beforeEach(() => document.body.replaceChildren());
