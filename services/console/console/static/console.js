/* Foyer console: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Search: the down arrow moves from the box into the results, up/down between them.
  function resultLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("#results a"));
  }
  document.addEventListener("keydown", function (event) {
    var links = resultLinks();
    if (!links.length || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
    var active = document.activeElement;
    var index = links.indexOf(active);
    if (active && active.id === "q" && event.key === "ArrowDown") {
      links[0].focus();
    } else if (index >= 0) {
      var next = event.key === "ArrowDown" ? index + 1 : index - 1;
      if (next < 0) document.getElementById("q").focus();
      else if (next < links.length) links[next].focus();
    } else {
      return;
    }
    event.preventDefault();
  });

  // Forms that ask first (delete, undo).
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // The language menu changes at once; its button is for those without this script.
  document.querySelectorAll("[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll(".js-hide").forEach(function (element) {
    element.classList.add("visually-hidden");
  });

  // Live progress: poll the page's JSON twin; reload when the work is done.
  document.querySelectorAll("[data-poll-url]").forEach(function (element) {
    var url = element.getAttribute("data-poll-url");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (response.status === 401 || response.redirected) { window.location.reload(); return null; }
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          if (!answer) { window.setTimeout(poll, 3000); return; }
          var progress = answer.progress || {};
          var bar = document.getElementById("job-progress");
          var text = document.getElementById("job-progress-text");
          if (bar && progress.rows_total) {
            bar.max = progress.rows_total;
            bar.value = progress.rows_done || 0;
          }
          if (text && progress.rows_total) {
            text.textContent = (progress.rows_done || 0) + " / " + progress.rows_total;
          }
          // A mail-out's counts: each shown number named by data-live-count.
          var counts = answer.counts || {};
          document.querySelectorAll("[data-live-count]").forEach(function (shown) {
            var key = shown.getAttribute("data-live-count");
            if (key in counts) shown.textContent = counts[key];
          });
          if (bar && answer.counts) {
            bar.max = Math.max(1, counts.total - counts.suppressed);
            bar.value = counts.sent + counts.failed;
          }
          if (answer.done) window.location.reload();
          else window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 700);
  });
})();
