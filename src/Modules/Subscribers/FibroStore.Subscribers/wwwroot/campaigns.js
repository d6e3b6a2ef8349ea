// Live progress on the staff campaigns page: while any campaign still has deliveries to send, the numbers and bars
// are refreshed every few seconds from the page's Progress handler. Without this script the page shows the numbers
// as they were when it loaded.
(function () {
  "use strict";
  var sections = document.querySelectorAll("[data-campaign]");
  if (!sections.length) return;

  function update(campaigns) {
    var sending = false;
    campaigns.forEach(function (c) {
      var section = document.querySelector('[data-campaign="' + c.id + '"]');
      if (!section) return;
      ["sent", "failed", "skipped", "pending", "sentLastMinute"].forEach(function (field) {
        var el = section.querySelector('[data-field="' + field + '"]');
        if (el) el.textContent = String(c[field]);
      });
      var bar = section.querySelector("progress");
      if (bar) {
        bar.value = c.finished;
        bar.textContent = c.finished + " of " + c.recipients;
      }
      if (c.pending > 0 && !c.paused) sending = true;
    });
    return sending;
  }

  function poll() {
    fetch("?handler=Progress", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (campaigns) {
        if (campaigns && update(campaigns)) setTimeout(poll, 3000);
      })
      .catch(function () { /* The page keeps the numbers it has. */ });
  }

  setTimeout(poll, 3000);
})();
