// The review page: who else has it open (asked again every half minute), and its keys.
"use strict";
(() => {
  const presence = document.getElementById("presence");
  const refresh = () => {
    fetch(presence.dataset.url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (data) {
          presence.textContent = data.others.length
            ? presence.dataset.label + " " + data.others.join(", ")
            : "";
        }
      })
      .catch(() => {});
  };
  if (presence) {
    window.setInterval(refresh, 30000);
  }
  window.editorKeys({
    a: () => {
      const form = document.getElementById("approve-all");
      if (form) {
        form.requestSubmit();
      }
    },
    p: () => {
      const link = document.querySelector("a.preview-link");
      if (link) {
        window.location.assign(link.href);
      }
    },
    q: () => {
      const link = document.querySelector("a[href$='/editor/queue']");
      if (link) {
        window.location.assign(link.href);
      }
    },
  });
})();
