// Rekindle's only script: small progressive enhancements. Every page works without it.
(function () {
  "use strict";

  function init(root) {
    // Fill the hidden time zone field at sign-up from the browser's setting.
    root.querySelectorAll('input[type="hidden"][name="time_zone"]').forEach(function (input) {
      if (!input.value && window.Intl) {
        input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      }
    });

    // Copy buttons: <button data-copy="#field-id">.
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      if (button.dataset.copyReady) return;
      button.dataset.copyReady = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var field = document.querySelector(button.dataset.copy);
        var status = document.querySelector(button.dataset.copyStatus || "#copy-status");
        field.select();
        var done = function () { if (status) status.textContent = "Link copied."; };
        if (navigator.clipboard) {
          navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
        } else {
          document.execCommand("copy");
          done();
        }
      });
    });
  }

  // Answers saved on change (questionnaires): say so plainly when an answer
  // could not reach the server. (A refusal, 400, is swapped in like any
  // answer: responseHandling in base.html's htmx-config.)
  function notSaved(event) {
    var target = event.detail.target;
    if (target && target.classList.contains("save-status")) {
      target.textContent = "Not saved yet. It will be saved when you press Next.";
    }
  }
  document.addEventListener("htmx:sendError", notSaved);
  document.addEventListener("htmx:responseError", notSaved);

  // After an update the user asked for (a click, a submit), keyboard focus
  // goes to the region that changed, if the element that had it went away
  // with the old content. Updates that refresh a panel on their own leave
  // focus where it is.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id && event.detail.xhr) event.detail.xhr.rekindleRegion = target.id;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var xhr = event.detail.xhr;
    var id = xhr && xhr.rekindleRegion;
    var active = document.activeElement;
    if (!id || (active && active !== document.body && document.body.contains(active))) return;
    var region = document.getElementById(id);
    if (!region) return;
    if (!region.hasAttribute("tabindex")) region.setAttribute("tabindex", "-1");
    region.focus();
  });

  // "Leave quickly": go to a neutral page and take this one out of the back button.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-leave-quickly]");
    if (!link) return;
    event.preventDefault();
    window.location.replace(link.href);
  });

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
