/* Import progress: polls the job's progress URL and updates the bar; reloads the page when the status changes
   (checked, saved, cancelled, failed). Without JavaScript the page refreshes itself (<noscript> meta refresh). */
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) { return; }
  var url = box.getAttribute("data-url");
  var status = box.getAttribute("data-status");
  var bar = document.getElementById("progress-bar");
  var text = document.getElementById("progress-text");
  var percent = document.getElementById("progress-percent");
  var cancel = document.getElementById("cancel-button");
  var interval = 1000;

  function show(data) {
    if (data.total > 0) {
      bar.max = data.total;
      bar.value = data.done;
    } else {
      bar.removeAttribute("value"); /* indeterminate while reading and checking */
    }
    if (data.text) { text.textContent = data.text; }
    percent.textContent = data.total > 0 ? data.percent + " %" : "";
    if (data.cancel_requested && cancel) { cancel.disabled = true; }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.status !== status) {
          if (data.status === "committed") {
            bar.max = 1; bar.value = 1; percent.textContent = "100 %";
          }
          window.setTimeout(function () { window.location.reload(); }, 700);
          return;
        }
        window.setTimeout(poll, interval);
      })
      .catch(function () { window.setTimeout(poll, interval * 3); });
  }

  window.setTimeout(poll, 300);
})();
