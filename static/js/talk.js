// The gentle timer on "Talk it through": a few minutes per speaker, shown only
// where this script runs (without it the conversation simply has no timer).
// The clock ticks for the eyes; screen readers hear only the start and the end.
(function () {
  "use strict";

  function clock(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-timer]").forEach(function (box) {
      var button = box.querySelector("[data-timer-start]");
      var face = box.querySelector("[data-timer-clock]");
      var status = box.querySelector("[data-timer-status]");
      var length = parseInt(box.dataset.timer, 10) || 180;
      var tick = null;
      box.hidden = false;
      button.addEventListener("click", function () {
        var left = length;
        if (tick) window.clearInterval(tick);
        face.textContent = clock(left);
        status.textContent = "The timer is running: " + Math.round(length / 60) + " minutes for this speaker.";
        button.textContent = "Start again for the next speaker";
        tick = window.setInterval(function () {
          left -= 1;
          face.textContent = clock(Math.max(left, 0));
          if (left <= 0) {
            window.clearInterval(tick);
            tick = null;
            status.textContent = "Time to sum up and swap, whenever you're ready.";
          }
        }, 1000);
      });
    });
  });
})();
