/*
 * What the course's ES modules are given by anywidget, reduced to what they use: a DOM (happy-dom)
 * and a model with get/set/on/off/send/save_changes. `kernelSets` plays the kernel changing traits
 * (the change events fire after every trait is set, as in one ipywidgets update); `sent` records
 * every custom message and `saved` every state sync the page asked for.
 */
import { Window } from "happy-dom";

export function installDom() {
  const window = new Window({ url: "http://localhost/" });
  for (const name of ["document", "HTMLElement", "HTMLInputElement", "Event", "KeyboardEvent", "Node"]) {
    globalThis[name] = window[name];
  }
  return window;
}

export class FakeModel {
  constructor(state) {
    this.state = structuredClone(state);
    this.listeners = new Map();
    this.sent = [];
    this.saved = [];
    this.localSets = [];
  }

  get(name) { return this.state[name]; }

  set(name, value) {
    this.localSets.push([name, value]);
    this.state[name] = value;
  }

  save_changes() { this.saved.push(structuredClone(this.state)); }

  send(content) { this.sent.push(structuredClone(content)); }

  on(event, callback) {
    if (!this.listeners.has(event)) { this.listeners.set(event, new Set()); }
    this.listeners.get(event).add(callback);
  }

  off(event, callback) { this.listeners.get(event)?.delete(callback); }

  listenerCount() {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }

  kernelSets(changes) {
    const changed = Object.keys(changes).filter((k) => JSON.stringify(this.state[k]) !== JSON.stringify(changes[k]));
    Object.assign(this.state, structuredClone(changes));
    for (const name of changed) {
      for (const callback of this.listeners.get(`change:${name}`) || []) { callback(); }
    }
  }
}

/** Press a key on the focused element, as a browser does: keydown bubbles from the target. */
export function press(key, target = document.activeElement, options = {}) {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...options });
  target.dispatchEvent(event);
  return event;
}
