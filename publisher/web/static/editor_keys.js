// Keyboard shortcuts of the editors' pages: a key and a function, never while typing.
"use strict";
window.editorKeys = function editorKeys(bindings) {
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const target = event.target;
    if (target instanceof HTMLElement &&
        (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT", "BUTTON"].includes(target.tagName))) {
      return;
    }
    const action = bindings[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
};
