// Client-side filter of the HTML report's findings (section 3) and model sections (4).
// Plain JavaScript, no network and no external file: the page's Content-Security-Policy
// allows this script by its hash and nothing else. A filter may be preset in the address:
// report.html#filter:severity=high&waived=no
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var selects = form.querySelectorAll("select[data-filter]");
  var count = document.getElementById("filter-count");
  var groups = document.querySelectorAll("#sec-findings .group");
  var models = document.querySelectorAll("#sec-models .model");
  var total = document.querySelectorAll("#sec-findings li.o").length;

  function current() {
    var wanted = {};
    selects.forEach(function (select) { wanted[select.dataset.filter] = select.value; });
    return wanted;
  }

  function apply() {
    var f = current();
    var shown = 0;
    groups.forEach(function (group) {
      var groupMatches = (!f.severity || group.dataset.severity === f.severity) &&
        (!f.family || group.dataset.family === f.family);
      var visible = 0;
      group.querySelectorAll("li.o").forEach(function (item) {
        var matches = groupMatches && (!f.model || item.dataset.model === f.model) &&
          (!f.waived || item.dataset.waived === f.waived);
        item.hidden = !matches;
        if (matches) { visible += 1; }
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    models.forEach(function (model) {
      model.hidden = Boolean(f.model) && model.dataset.model !== f.model;
    });
    count.textContent = shown + " of " + total + " findings shown";
    document.body.dataset.filtered = String(shown !== total);
  }

  function preset() {
    var hash = window.location.hash;
    if (hash.indexOf("#filter:") !== 0) { return; }
    var params = new URLSearchParams(hash.slice("#filter:".length));
    selects.forEach(function (select) {
      var value = params.get(select.dataset.filter);
      if (value !== null && select.querySelector("option[value='" + CSS.escape(value) + "']")) {
        select.value = value;
      }
    });
  }

  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  preset();
  apply();
}());
