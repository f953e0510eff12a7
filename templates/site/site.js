/* tracker site: the search page. The index (assets/index.js, assets/index/*.js) and the character table
   (assets/t2s.js) are scripts, not fetched JSON, so the page works from file:// as well.
   Results are built with DOM nodes and textContent only: nothing from the data is parsed as HTML. */
(function () {
  "use strict";
  var data = window.TRACKER_INDEX, table = window.TRACKER_T2S;
  var form = document.getElementById("filters");
  if (!data || !form) return;
  // one part of the index per bureau (assets/index/*.js), each a list of items
  var items = [].concat.apply([], window.TRACKER_CHUNKS || []);
  var LIMIT = 200;
  var t2s = {};
  if (table) {
    var from = Array.from(table.from), to = Array.from(table.to);
    for (var i = 0; i < from.length; i++) t2s[from[i]] = to[i];
  }
  // the same folding as the index: NFKC, no white space, traditional -> simplified, lower case
  function fold(s) {
    s = s.normalize("NFKC").replace(/\s+/g, "");
    var out = "";
    for (var ch of s) out += t2s[ch] || ch;
    return out.toLowerCase();
  }
  var fields = ["q", "status", "bureau", "year", "tag"];
  var el = {};
  fields.forEach(function (f) { el[f] = document.getElementById(f); });
  var params = new URLSearchParams(location.search);
  fields.forEach(function (f) { if (params.get(f) !== null) el[f].value = params.get(f); });
  var statusNo = {}, bureauNo = {};
  data.statuses.forEach(function (s, i) { statusNo[s[0]] = i; });
  data.bureaus.forEach(function (b, i) { bureauNo[b[0]] = i; });
  var list = document.getElementById("results");
  var count = document.getElementById("count"), shown = document.getElementById("shown");
  var label = document.getElementById("results-label");

  function run() {
    var words = el.q.value.split(/\s+/).map(fold).filter(Boolean);
    var st = el.status.value === "" ? -1 : statusNo[el.status.value];
    var bu = el.bureau.value === "" ? -1 : bureauNo[el.bureau.value];
    var yr = el.year.value === "" ? 0 : Number(el.year.value);
    var tag = el.tag.value;
    var hits = [];
    for (var item of items) {
      if (st !== -1 && item[2] !== st) continue;
      if (bu !== -1 && item[3] !== bu) continue;
      if (yr && item[4] !== yr) continue;
      if (tag && item[5].indexOf(tag) < 0) continue;
      var ok = true;
      for (var w of words) { if (item[7].indexOf(w) < 0) { ok = false; break; } }
      if (ok) hits.push(item);
    }
    list.textContent = "";
    for (var h of hits.slice(0, LIMIT)) {
      var li = document.createElement("li");
      li.className = "result";
      var a = document.createElement("a");
      a.href = h[1]; a.textContent = h[0]; a.className = "item-link";
      var badge = document.createElement("span");
      var s = data.statuses[h[2]];
      badge.className = "badge status-" + s[0]; badge.textContent = s[1];
      badge.style.setProperty("--c", s[2]);
      var meta = document.createElement("span");
      meta.className = "meta"; meta.textContent = data.bureaus[h[3]][0] + (h[4] ? " · " + h[4] : "");
      var text = document.createElement("div");
      text.className = "snippet"; text.textContent = h[6];
      li.append(a, " ", badge, meta, text);
      list.appendChild(li);
    }
    count.textContent = String(hits.length);
    shown.textContent = hits.length > LIMIT ? label.dataset.shownFirst.replace("{n}", LIMIT) : "";
    if (!hits.length) shown.textContent = " " + label.dataset.none;
    var q = new URLSearchParams();
    fields.forEach(function (f) { if (el[f].value) q.set(f, el[f].value); });
    var qs = q.toString();
    try { history.replaceState(null, "", qs ? "?" + qs : location.pathname); } catch (e) { /* some browsers refuse it on file:// */ }
  }
  form.addEventListener("input", run);
  form.addEventListener("change", run);
  run();
})();
