// Hovering or focusing a translated sentence highlights the source sentence it came from.
(function () {
  "use strict";
  function mark(event, on) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var sentence = target.closest("[data-source]");
    if (!sentence) { return; }
    sentence.classList.toggle("is-active", on);
    var selector = '[data-sentence="' + sentence.getAttribute("data-source") + '"]';
    document.querySelectorAll(selector).forEach(function (source) {
      source.classList.toggle("is-source", on);
    });
  }
  document.addEventListener("mouseover", function (event) { mark(event, true); });
  document.addEventListener("mouseout", function (event) { mark(event, false); });
  document.addEventListener("focusin", function (event) { mark(event, true); });
  document.addEventListener("focusout", function (event) { mark(event, false); });
}());
