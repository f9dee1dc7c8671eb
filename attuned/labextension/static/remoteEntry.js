/*
 * Attuned's JupyterLab 4 / Notebook 7 extension. Hand-written, no build step, no dependencies.
 *
 * Why it exists: the course's widgets are stock ipywidgets, and two things about them fail
 * keyboard and screen-reader users inside a notebook.
 *   1. Arrow keys. JupyterLab binds ArrowUp/ArrowDown (command mode) to "move to the next cell"
 *      for any focused element that is not editable text, and ipywidgets' radio buttons carry no
 *      shared `name`, so the browser gives them no arrow-key group. An arrow key on a choice threw
 *      the trainee out of the vignette into the next cell. Here the arrows move within the choice
 *      (the WAI-ARIA radio-group pattern: move and select, wrap at the ends), step a dropdown, or
 *      reach the slider's own handler, and the notebook never sees them.
 *   2. A quick "arrow down, Enter" committed the previous choice. ipywidgets holds back a control's
 *      newer state while its earlier update is unacknowledged, yet sends a button's click at once,
 *      so the kernel could see the click first. Our Python widgets mirror the choice the kernel
 *      holds as classes on the widget's root (attuned-kernel-has-<slot>-<index> for each control
 *      marked attuned-sync-<slot>, see attuned/ui.py); a click on one of our buttons waits until
 *      every control's mirror matches what the page shows, then goes through. Matching values are not
 *      enough on their own: after "invite, explain, invite" the mirror can still say "invite" from
 *      the first time while "explain" is on its way to the kernel. So a control the trainee has
 *      changed also counts as unconfirmed until its mirror has changed at least once since.
 *      (At most a few milliseconds; 5 s if the kernel has gone, after which the click goes through.)
 *   3. Slider handles. noUiSlider's handle (role="slider") has no accessible name; the slider's
 *      visible description is copied onto it as aria-label.
 * Everything is limited to the course's own widgets (.attuned, .attuned-model): other notebooks
 * in the same JupyterLab keep JupyterLab's behaviour.
 *
 * Loading protocol: JupyterLab loads `static/remoteEntry.js` (package.json, jupyterlab._build.load)
 * and asks the container in window._JUPYTERLAB[name] for "./extension", a factory returning the
 * plugin. The plugin requires no JupyterLab token, so there is nothing to share or import.
 */
var _JUPYTERLAB;
(function () {
  'use strict';

  var NAME = '@attuned/lab-extension';
  var COURSE_WIDGETS = '.attuned, .attuned-model';
  var STEP = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
  var SLIDER_KEYS = ['ArrowDown', 'ArrowRight', 'ArrowUp', 'ArrowLeft', 'Home', 'End', 'PageUp', 'PageDown'];

  function inCourseWidget(element) {
    return element instanceof Element && element.closest(COURSE_WIDGETS) !== null;
  }

  function enabled(elements) {
    return Array.prototype.filter.call(elements, function (element) { return !element.disabled; });
  }

  /* Move to the next/previous enabled radio of the same choice and select it, wrapping around. */
  function stepRadio(radio, step) {
    var group = radio.closest('.widget-radio-box');
    var radios = enabled(group ? group.querySelectorAll('input[type="radio"]') : [radio]);
    var here = radios.indexOf(radio);
    if (radios.length < 2 || here < 0) { return; }
    var next = radios[(here + step + radios.length) % radios.length];
    next.focus();
    next.click(); /* ipywidgets listens to click on the radio: the choice is now the model's */
  }

  /* Step a closed dropdown to the next/previous enabled option, as the platform would. */
  function stepSelect(select, step) {
    var index = select.selectedIndex;
    for (var next = index + step; next >= 0 && next < select.options.length; next += step) {
      if (!select.options[next].disabled) {
        select.selectedIndex = next;
        select.dispatchEvent(new Event('change', { bubbles: true })); /* ipywidgets listens to change */
        return;
      }
    }
  }

  function onKeydown(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var target = event.target;
    if (!inCourseWidget(target)) { return; }
    if (target.classList.contains('noUi-handle')) {
      if (SLIDER_KEYS.indexOf(event.key) >= 0) {
        /* The handle's own listener still runs and moves it; JupyterLab's command registry
           ignores events whose default was prevented, so the notebook stays where it is. */
        event.preventDefault();
      }
      return;
    }
    if (!(event.key in STEP)) { return; }
    if (target.matches('input[type="radio"]')) {
      event.preventDefault();
      event.stopPropagation();
      stepRadio(target, STEP[event.key]);
    } else if (target.matches('select') && !target.multiple) {
      event.preventDefault();
      event.stopPropagation();
      stepSelect(target, STEP[event.key]);
    }
  }

  /* What the page shows for a choice control, in the form the kernel mirrors it (attuned/ui.py). */
  function shownChoice(control) {
    var select = control.querySelector('select');
    if (select) { return select.selectedIndex < 0 ? 'none' : String(select.selectedIndex); }
    var radios = control.querySelectorAll('input[type="radio"]');
    if (radios.length) {
      var checked = Array.prototype.filter.call(radios, function (radio) { return radio.checked; });
      return checked.length ? checked[0].value : 'none';
    }
    var box = control.querySelector('input[type="checkbox"]');
    return box && box.checked ? 'true' : 'false';
  }

  /* The sync slot ("c0", "c1", ...) of a choice control, or undefined. */
  function slotOf(control) {
    var name = Array.prototype.find.call(control.classList, function (cls) {
      return /^attuned-sync-c[0-9]+$/.test(cls);
    });
    return name === undefined ? undefined : name.slice('attuned-sync-'.length);
  }

  /* The kernel's token for a slot in a root class string ("attuned-kernel-has-c0-2" -> "2"). */
  function mirroredToken(classString, slot) {
    var prefix = 'attuned-kernel-has-' + slot + '-';
    var found = (classString || '').split(/\s+/).find(function (cls) { return cls.indexOf(prefix) === 0; });
    return found === undefined ? undefined : found.slice(prefix.length);
  }

  /* Per course widget root, once the trainee has changed one of its choices:
     unconfirmed: slots changed on the page whose mirror has not moved since;
     lastShown:   what the page showed for each slot after its latest change. */
  var tracked = new WeakMap();

  function kernelBehind(root) {
    var state = tracked.get(root);
    if (state && state.unconfirmed.size) { return true; }
    return Array.prototype.some.call(root.querySelectorAll('.attuned-sync'), function (control) {
      var slot = slotOf(control);
      return slot !== undefined && mirroredToken(root.className, slot) !== shownChoice(control);
    });
  }

  /* Watch a root's mirror classes: every change of a slot's token confirms that slot. Created at
     the first change, so it always runs before a held click's observer (creation order). */
  function watchMirror(root, state) {
    new MutationObserver(function (records) {
      records.forEach(function (record, i) {
        var after = i + 1 < records.length ? records[i + 1].oldValue : root.className;
        state.unconfirmed.forEach(function (slot) {
          if (mirroredToken(record.oldValue, slot) !== mirroredToken(after, slot)) { state.unconfirmed.delete(slot); }
        });
      });
    }).observe(root, { attributes: true, attributeFilter: ['class'], attributeOldValue: true });
  }

  /* A choice the trainee changed on the page is unconfirmed until the kernel's mirror moves.
     Re-selecting what was already shown sends nothing to the kernel, so it is not waited for. */
  function onChange(event) {
    var control = event.target instanceof Element ? event.target.closest('.attuned-sync') : null;
    var root = control && control.closest('.attuned');
    var slot = control && slotOf(control);
    if (!root || slot === undefined) { return; }
    var state = tracked.get(root);
    if (!state) {
      state = { unconfirmed: new Set(), lastShown: new Map() };
      tracked.set(root, state);
      watchMirror(root, state);
    }
    var before = state.lastShown.has(slot) ? state.lastShown.get(slot) : mirroredToken(root.className, slot);
    var now = shownChoice(control);
    state.lastShown.set(slot, now);
    if (before !== now) { state.unconfirmed.add(slot); }
  }

  var SYNC_TIMEOUT_MS = 5000;
  var letThrough = new WeakSet();

  /* Hold a click on a course button until the kernel has every choice the page shows. */
  function onClick(event) {
    var button = event.target instanceof Element ? event.target.closest('button') : null;
    var root = button && button.closest('.attuned');
    if (!root || button.disabled) { return; }
    if (letThrough.has(button)) { letThrough.delete(button); return; }
    if (!kernelBehind(root)) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    var observer = new MutationObserver(function () { if (!kernelBehind(root)) { release(); } });
    var timer = window.setTimeout(function () {
      var state = tracked.get(root);
      if (state) { state.unconfirmed.clear(); } /* the kernel is gone or never answered: stop waiting */
      release();
    }, SYNC_TIMEOUT_MS);
    var released = false;
    function release() {
      if (released) { return; }
      released = true;
      observer.disconnect();
      window.clearTimeout(timer);
      letThrough.add(button);
      button.click();
    }
    observer.observe(root, { attributes: true, attributeFilter: ['class'], subtree: true });
  }

  /* Give every course slider handle its slider's visible description as accessible name. */
  function nameSliderHandles() {
    var handles = document.querySelectorAll(
      '.attuned .noUi-handle:not([aria-label]), .attuned-model .noUi-handle:not([aria-label])');
    Array.prototype.forEach.call(handles, function (handle) {
      var slider = handle.closest('.widget-slider');
      var label = slider && slider.querySelector('.widget-label');
      var name = label ? label.textContent.trim() : '';
      if (name) { handle.setAttribute('aria-label', name); }
    });
  }

  var plugin = {
    id: NAME + ':keyboard-and-names',
    description: 'Arrow keys stay inside course choices and sliders; slider handles get names.',
    autoStart: true,
    activate: function () {
      /* Capture on window runs before JupyterLab's keydown listener on document (which is
         registered for the capture phase in some front ends, the bubble phase in others). */
      window.addEventListener('keydown', onKeydown, true);
      window.addEventListener('change', onChange, true);
      window.addEventListener('click', onClick, true);
      var scheduled = false;
      new MutationObserver(function () {
        if (scheduled) { return; }
        scheduled = true;
        window.requestAnimationFrame(function () { scheduled = false; nameSliderHandles(); });
      }).observe(document.body, { childList: true, subtree: true });
      nameSliderHandles();
    }
  };

  var container = {
    init: function () { return Promise.resolve(); },
    get: function (module) {
      if (module !== './extension') {
        return Promise.reject(new Error('Module "' + module + '" does not exist in ' + NAME + '.'));
      }
      return Promise.resolve(function () { return plugin; });
    }
  };

  _JUPYTERLAB = window._JUPYTERLAB = window._JUPYTERLAB || {};
  _JUPYTERLAB[NAME] = container;
})();
