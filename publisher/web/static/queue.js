// The review queue's keys: j/k move, o opens, a approves, r rejects (after a reason).
"use strict";
(() => {
  const rows = Array.from(document.querySelectorAll("tr.queue-row"));
  if (!rows.length) {
    return;
  }
  let current = -1;
  const select = (index) => {
    if (index < 0 || index >= rows.length) {
      return;
    }
    if (current >= 0) {
      rows[current].classList.remove("selected");
      rows[current].removeAttribute("aria-current");
    }
    current = index;
    const row = rows[current];
    row.classList.add("selected");
    row.setAttribute("aria-current", "true");
    const link = row.querySelector("a.open-link");
    if (link) {
      link.focus();
    }
    row.scrollIntoView({block: "nearest"});
  };
  const selected = () => (current >= 0 ? rows[current] : null);
  window.editorKeys({
    j: () => select(current + 1),
    k: () => select(Math.max(current - 1, 0)),
    o: () => {
      const row = selected();
      if (row) {
        window.location.assign(row.dataset.open);
      }
    },
    a: () => {
      const form = selected() && selected().querySelector("form.approve-form");
      if (form) {
        form.requestSubmit();
      }
    },
    r: () => {
      const input = selected() && selected().querySelector("form.reject-form input.reason");
      if (input) {
        input.focus();
      }
    },
  });
})();
